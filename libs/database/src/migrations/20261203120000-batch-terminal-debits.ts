import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tills' debits in batches (ADR 0006): operations.terminal_debit_batch does, for up to 64 debits in one
 * call and one transaction, what operations.terminal_debit did for one — nonce, Idempotency-Key, card or
 * QR token, wallet, velocity rule, daily cap, balance, journal row and hash-chain link, stored answer —
 * with one statement per step for the whole batch instead of one per debit. Measured through pgbench on a
 * 2-core VM (docs/benchmarks.md): the database's CPU per debit falls about threefold at 16 debits a batch,
 * because each statement's set-up (plan locks, executor start, the CHECK constraints read back from the
 * catalogue) and each commit are paid once per batch. A batch of one is the single debit: the function
 * replaces operations.terminal_debit, which goes.
 *
 * Debits that must not share a batch: two on one wallet (its chain links one debit to the next) or one QR
 * token — the function answers 'retry' for the later ones and writes nothing for them, and the caller runs
 * them on their own. Rows are locked in id order (tokens, then wallets), so concurrent batches cannot
 * deadlock. ledger.entry_hash and the answer builder are STABLE, as their bodies are, so that PostgreSQL
 * inlines them into the statements (as IMMUTABLE they were called as functions, row by row).
 */
export class BatchTerminalDebits1796299200000 implements MigrationInterface {
  name = 'BatchTerminalDebits1796299200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

// An approval's answer, as the till receives it (CONTRACT.md): instants as JavaScript's toISOString writes
// them, the last name reduced to its initial, the photo link readable by this terminal only, for 5 minutes
// after the debit (TerminalPhotosService).
const DEBIT_ANSWER_FUNCTION = `CREATE FUNCTION operations.terminal_debit_answer(
     p_transaction_id uuid, p_amount_cents bigint, p_balance_after_cents bigint, p_valid_until timestamptz,
     p_first_name text, p_last_name text, p_photo_ref text, p_now timestamptz
   ) RETURNS jsonb LANGUAGE sql STABLE AS $$
     SELECT jsonb_build_object(
       'transactionId', p_transaction_id,
       'amountCents', p_amount_cents,
       'balanceAfterCents', p_balance_after_cents,
       'validUntil', to_char(p_valid_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'holder', jsonb_build_object(
         'firstName', p_first_name,
         'lastNameInitial', upper(left(btrim(p_last_name), 1)) || '.',
         'photoUrl', CASE WHEN p_photo_ref IS NULL THEN NULL
                          ELSE '/v1/terminal/transactions/' || p_transaction_id || '/photo' END),
       'createdAt', to_char(p_now AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
   $$`;

const TERMINAL_DEBIT_BATCH_FUNCTION = `CREATE FUNCTION operations.terminal_debit_batch(
     p_terminal_ids uuid[], p_partner_ids uuid[], p_nonces text[], p_nonce_expires_at timestamptz[],
     p_idempotency_keys text[], p_request_hashes bytea[], p_route text,
     p_credential_types text[], p_card_digests bytea[], p_birth_dates date[], p_token_ids uuid[],
     p_wallet_types text[], p_amounts_cents bigint[], p_transaction_ids uuid[],
     p_now timestamptz, p_business_date date,
     p_daily_debit_cents_max bigint, p_velocity_debits_max integer, p_velocity_window interval
   ) RETURNS TABLE (item integer, outcome text, response_status integer, response_body jsonb)
   LANGUAGE plpgsql VOLATILE SET plan_cache_mode = force_generic_plan AS $fn$
   DECLARE
     v_count constant integer := coalesce(cardinality(p_terminal_ids), 0);
     v_outcomes text[];
     v_codes text[];
     v_wallet_ids uuid[];
     v_first_names text[];
     v_last_names text[];
     v_photo_refs text[];
     v_balances bigint[];
     v_valid_untils timestamptz[];
   BEGIN
     IF v_count = 0 THEN RETURN; END IF;
     IF v_count > 64 OR EXISTS (
          SELECT 1 FROM unnest(ARRAY[cardinality(p_partner_ids), cardinality(p_nonces),
            cardinality(p_nonce_expires_at), cardinality(p_idempotency_keys), cardinality(p_request_hashes),
            cardinality(p_credential_types), cardinality(p_card_digests), cardinality(p_birth_dates),
            cardinality(p_token_ids), cardinality(p_wallet_types), cardinality(p_amounts_cents),
            cardinality(p_transaction_ids)]) AS n(length)
          WHERE n.length IS DISTINCT FROM v_count) THEN
       RAISE EXCEPTION 'terminal_debit_batch: 1 to 64 debits, every array as long as the first'
         USING ERRCODE = 'invalid_parameter_value';
     END IF;

     -- QR tokens first, locked in id order: two tills presenting the same code serialise here, and the
     -- second sees it used.
     PERFORM 1 FROM cards.payment_tokens WHERE id = ANY (p_token_ids) ORDER BY id FOR UPDATE;

     -- Who pays, from which wallet (nothing written yet). The birth date is compared only once the card is
     -- known and active: it reveals nothing else. A debit whose wallet or token an earlier debit of the
     -- batch already uses is left for the caller to run on its own ('retry'): nothing is written for it.
     SELECT array_agg(r.code ORDER BY r.item), array_agg(r.wallet_id ORDER BY r.item),
            array_agg(r.first_name ORDER BY r.item), array_agg(r.last_name ORDER BY r.item),
            array_agg(r.photo_ref ORDER BY r.item),
            array_agg(CASE WHEN r.wallet_rank > 1 OR r.token_rank > 1 THEN 'retry' END ORDER BY r.item)
       INTO v_codes, v_wallet_ids, v_first_names, v_last_names, v_photo_refs, v_outcomes
       FROM (
         SELECT q.*,
                CASE WHEN q.code IS NOT NULL THEN 1
                     ELSE row_number() OVER (PARTITION BY q.code IS NULL, q.wallet_id ORDER BY q.item) END
                  AS wallet_rank,
                CASE WHEN q.token_id IS NULL THEN 1
                     ELSE row_number() OVER (PARTITION BY q.token_id ORDER BY q.item) END AS token_rank
           FROM (
             SELECT i.item, i.token_id, c.holder_first_name AS first_name, c.holder_last_name AS last_name,
                    c.photo_ref, w.id AS wallet_id,
                    CASE
                      WHEN i.credential_type = 'qr' AND t.id IS NULL THEN 'TOKEN_INVALID'
                      WHEN i.credential_type = 'qr' AND t.used_at IS NOT NULL THEN 'TOKEN_ALREADY_USED'
                      WHEN i.credential_type = 'qr' AND t.expires_at < p_now THEN 'TOKEN_EXPIRED'
                      WHEN c.id IS NULL THEN 'CARD_UNKNOWN'
                      WHEN c.status <> 'active' THEN 'CARD_BLOCKED'
                      WHEN i.credential_type = 'card-number' AND c.holder_birth_date IS DISTINCT FROM i.birth_date
                        THEN 'HOLDER_CHECK_FAILED'
                      WHEN w.id IS NULL THEN 'WALLET_NOT_VALID'
                    END AS code
               FROM unnest(p_credential_types, p_card_digests, p_birth_dates, p_token_ids, p_wallet_types)
                      WITH ORDINALITY AS i(credential_type, card_digest, birth_date, token_id, wallet_type, item)
               LEFT JOIN cards.payment_tokens t ON i.credential_type = 'qr' AND t.id = i.token_id
               LEFT JOIN LATERAL (
                 SELECT x.* FROM cards.cards x
                  WHERE i.credential_type = 'card-uid' AND x.chip_uid_digest = i.card_digest
                 UNION ALL
                 SELECT x.* FROM cards.cards x
                  WHERE i.credential_type = 'card-number' AND x.card_number_digest = i.card_digest
                 UNION ALL
                 SELECT x.* FROM cards.cards x
                  WHERE i.credential_type = 'qr' AND t.used_at IS NULL AND t.expires_at >= p_now
                    AND x.beneficiary_id = t.beneficiary_id AND x.status = 'active'
               ) c ON true
               -- The wallet of this type valid now, else the latest (which the update then refuses).
               LEFT JOIN LATERAL (
                 SELECT y.id FROM ledger.wallets y
                  WHERE c.status = 'active' AND y.beneficiary_id = c.beneficiary_id
                    AND y.wallet_type = i.wallet_type
                  ORDER BY (p_now BETWEEN y.valid_from AND y.valid_until) DESC, y.valid_until DESC
                  LIMIT 1
               ) w ON true
           ) q
       ) r;

     -- The signatures' nonces (CONTRACT.md: a nonce already seen from that terminal is refused), then the
     -- keys already stored (answered, or claimed by the framework path), which are the caller's to replay.
     WITH recorded AS (
       INSERT INTO identity.terminal_nonces (terminal_id, nonce, expires_at)
       SELECT n.terminal_id, n.nonce, n.expires_at
         FROM unnest(p_terminal_ids, p_nonces, p_nonce_expires_at, v_outcomes)
                AS n(terminal_id, nonce, expires_at, outcome)
        WHERE n.outcome IS NULL
       ON CONFLICT (terminal_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at
         WHERE identity.terminal_nonces.expires_at < p_now
       RETURNING terminal_id, nonce
     )
     SELECT array_agg(CASE WHEN o.outcome IS NOT NULL THEN o.outcome
                           WHEN r.nonce IS NULL THEN 'nonce-replayed'
                           WHEN k.terminal_id IS NOT NULL THEN 'duplicate' END ORDER BY o.item)
       INTO v_outcomes
       FROM unnest(p_terminal_ids, p_nonces, p_idempotency_keys, v_outcomes)
              WITH ORDINALITY AS o(terminal_id, nonce, idempotency_key, outcome, item)
       LEFT JOIN recorded r ON r.terminal_id = o.terminal_id AND r.nonce = o.nonce
       LEFT JOIN operations.terminal_requests k
              ON k.terminal_id = o.terminal_id AND k.idempotency_key = o.idempotency_key;

     -- The wallets to debit, locked in id order so that concurrent batches cannot deadlock on them.
     PERFORM 1 FROM ledger.wallets
       WHERE id IN (SELECT u.wallet_id FROM unnest(v_wallet_ids, v_outcomes, v_codes) AS u(wallet_id, outcome, code)
                     WHERE u.outcome IS NULL AND u.code IS NULL)
       ORDER BY id FOR UPDATE;

     -- The debits (LEDGER.md pattern A + G), one wallet per debit: every condition is checked on the row
     -- locked above, so neither the balance, the daily cap nor the velocity rule can be overrun.
     WITH e AS (
       SELECT d.* FROM unnest(v_wallet_ids, v_outcomes, v_codes, p_amounts_cents, p_transaction_ids,
                              p_partner_ids, p_terminal_ids)
                WITH ORDINALITY AS d(wallet_id, outcome, code, amount_cents, transaction_id, partner_id,
                                     terminal_id, item)
        WHERE d.outcome IS NULL AND d.code IS NULL
     ), w AS (
       UPDATE ledger.wallets
          SET balance_cents = balance_cents - e.amount_cents,
              seq = seq + 1,
              prev_hash = last_hash,
              last_hash = ledger.entry_hash(last_hash, e.transaction_id, id, seq + 1, 'debit', -1, e.amount_cents,
                                            e.amount_cents, e.partner_id, e.terminal_id, NULL, p_now, NULL),
              day_debited_cents = CASE WHEN day_date = p_business_date THEN day_debited_cents ELSE 0 END
                                  + e.amount_cents,
              day_date = p_business_date,
              velocity_count = CASE WHEN velocity_window_start > p_now - p_velocity_window
                                    THEN velocity_count + 1 ELSE 1 END,
              velocity_window_start = CASE WHEN velocity_window_start > p_now - p_velocity_window
                                           THEN velocity_window_start ELSE p_now END
         FROM e
        WHERE ledger.wallets.id = e.wallet_id
          AND status = 'active'
          AND balance_cents >= e.amount_cents
          AND p_now BETWEEN valid_from AND valid_until
          AND CASE WHEN day_date = p_business_date THEN day_debited_cents ELSE 0 END + e.amount_cents
              <= p_daily_debit_cents_max
          AND (p_velocity_debits_max = 0
               OR velocity_window_start IS NULL
               OR velocity_window_start <= p_now - p_velocity_window
               OR velocity_count < p_velocity_debits_max)
       RETURNING e.item, e.transaction_id, e.partner_id, e.terminal_id, e.amount_cents, ledger.wallets.id,
                 balance_cents, seq, prev_hash, last_hash, valid_until
     ), j AS (
       INSERT INTO ledger.journal (id, kind, direction, wallet_id, partner_id, terminal_id, amount_cents,
                                   refundable_remaining_cents, seq, prev_hash, hash, created_at, device_time)
       SELECT w.transaction_id, 'debit', -1, w.id, w.partner_id, w.terminal_id, w.amount_cents, w.amount_cents,
              w.seq, w.prev_hash, w.last_hash, p_now, NULL
         FROM w
       RETURNING id
     )
     SELECT array_agg(w.balance_cents ORDER BY g.item), array_agg(w.valid_until ORDER BY g.item)
       INTO v_balances, v_valid_untils
       FROM generate_series(1, v_count) AS g(item) LEFT JOIN w ON w.item = g.item;

     -- Why the others were declined (the rows locked above); the explanation never decides.
     SELECT array_agg(CASE WHEN o.outcome IS NOT NULL OR o.code IS NOT NULL OR o.balance IS NOT NULL THEN o.code
                           WHEN y.status <> 'active' OR p_now NOT BETWEEN y.valid_from AND y.valid_until
                             THEN 'WALLET_NOT_VALID'
                           WHEN p_velocity_debits_max > 0 AND y.velocity_window_start > p_now - p_velocity_window
                                AND y.velocity_count >= p_velocity_debits_max THEN 'LIMIT_EXCEEDED'
                           WHEN (CASE WHEN y.day_date = p_business_date THEN y.day_debited_cents ELSE 0 END)
                                + o.amount_cents > p_daily_debit_cents_max THEN 'LIMIT_EXCEEDED'
                           ELSE 'INSUFFICIENT_FUNDS' END ORDER BY o.item)
       INTO v_codes
       FROM unnest(v_outcomes, v_codes, v_balances, v_wallet_ids, p_amounts_cents)
              WITH ORDINALITY AS o(outcome, code, balance, wallet_id, amount_cents, item)
       LEFT JOIN ledger.wallets y
              ON o.outcome IS NULL AND o.code IS NULL AND o.balance IS NULL AND y.id = o.wallet_id;

     -- A QR token is spent only by its approved debit.
     UPDATE cards.payment_tokens SET used_at = p_now
      WHERE id IN (SELECT u.token_id FROM unnest(p_token_ids, v_balances) AS u(token_id, balance)
                    WHERE u.token_id IS NOT NULL AND u.balance IS NOT NULL);

     -- Every answer is stored under its key. Update-first idempotency: a concurrent duplicate that got past
     -- the key check fails here on the key's primary key (23505), which rolls the whole batch back; the
     -- caller then runs each debit of the batch on its own.
     RETURN QUERY
     WITH a AS (
       SELECT o.item::integer AS item, o.outcome, o.terminal_id, o.idempotency_key, o.request_hash,
              CASE WHEN o.outcome IS NOT NULL THEN NULL WHEN o.code IS NULL THEN 201 ELSE 402 END AS status,
              CASE WHEN o.outcome IS NOT NULL THEN NULL
                   WHEN o.code IS NULL THEN operations.terminal_debit_answer(o.transaction_id, o.amount_cents,
                     o.balance, o.valid_until, o.first_name, o.last_name, o.photo_ref, p_now)
                   ELSE operations.terminal_decline(o.code) END AS body
         FROM unnest(v_outcomes, v_codes, p_terminal_ids, p_idempotency_keys, p_request_hashes, p_transaction_ids,
                     p_amounts_cents, v_balances, v_valid_untils, v_first_names, v_last_names, v_photo_refs)
                WITH ORDINALITY AS o(outcome, code, terminal_id, idempotency_key, request_hash, transaction_id,
                                     amount_cents, balance, valid_until, first_name, last_name, photo_ref, item)
     ), stored AS (
       INSERT INTO operations.terminal_requests (terminal_id, idempotency_key, request_hash, route,
                                                 response_status, response_body, created_at, lease_until,
                                                 completed_at)
       SELECT a.terminal_id, a.idempotency_key, a.request_hash, p_route, a.status, a.body, p_now, p_now, p_now
         FROM a WHERE a.outcome IS NULL
     )
     SELECT a.item, coalesce(a.outcome, 'answered'), a.status, a.body FROM a ORDER BY a.item;
   END
   $fn$`;

const STATEMENTS = [
  `ALTER FUNCTION ledger.entry_hash(bytea, uuid, uuid, bigint, text, integer, bigint, bigint, uuid, uuid, uuid,
     timestamptz, timestamptz) STABLE`,
  DEBIT_ANSWER_FUNCTION,
  TERMINAL_DEBIT_BATCH_FUNCTION,
  `DROP FUNCTION operations.terminal_debit(uuid, uuid, text, timestamptz, text, bytea, text, text, bytea, date,
     uuid, text, bigint, uuid, timestamptz, date, bigint, integer, interval)`,
];
