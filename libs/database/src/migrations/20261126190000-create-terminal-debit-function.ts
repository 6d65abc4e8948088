import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A till's debit in one database round trip (LEDGER.md: "what matters is one statement, one round trip").
 * operations.terminal_debit records the signature nonce, checks the Idempotency-Key, resolves the card (or
 * the one-time QR token), picks the holder's wallet, applies the velocity rule, the daily cap and the balance
 * in the wallet update, appends the journal row and its hash-chain link, and stores the exact answer under
 * the key — all in the one transaction of one call. Update-first idempotency: a concurrent duplicate that got
 * past the key check fails on the key's primary key (23505) when it stores its answer, which rolls its debit
 * back; the caller then replays the stored answer.
 *
 * The velocity rule moves onto the wallet row the debit already locks (a window that opens at the first debit
 * and counts approvals), so concurrent debits cannot race past it and no journal read is needed.
 */
export class CreateTerminalDebitFunction1764183600000 implements MigrationInterface {
  name = 'CreateTerminalDebitFunction1764183600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

const TERMINAL_DEBIT_FUNCTION = `CREATE FUNCTION operations.terminal_debit(
     p_terminal_id uuid, p_partner_id uuid, p_nonce text, p_nonce_expires_at timestamptz,
     p_idempotency_key text, p_request_hash bytea, p_route text,
     p_credential_type text, p_card_digest bytea, p_birth_date date, p_token_id uuid,
     p_wallet_type text, p_amount_cents bigint, p_transaction_id uuid, p_now timestamptz, p_business_date date,
     p_daily_debit_cents_max bigint, p_velocity_debits_max integer, p_velocity_window interval,
     OUT outcome text, OUT response_status integer, OUT response_body jsonb
   ) LANGUAGE plpgsql VOLATILE AS $fn$
   DECLARE
     v_card cards.cards%ROWTYPE;
     v_beneficiary_id uuid;
     v_token cards.payment_tokens%ROWTYPE;
     v_wallet_id uuid;
     v_wallet ledger.wallets%ROWTYPE;
     v_balance_after bigint;
     v_valid_until timestamptz;
     v_code text;
   BEGIN
     IF NOT identity.record_terminal_nonce(p_terminal_id, p_nonce, p_nonce_expires_at, p_now) THEN
       outcome := 'nonce-replayed';
       RETURN;
     END IF;
     -- A key already stored (answered, or claimed by the framework path) is the caller's to replay.
     PERFORM 1 FROM operations.terminal_requests
       WHERE terminal_id = p_terminal_id AND idempotency_key = p_idempotency_key;
     IF FOUND THEN
       outcome := 'duplicate';
       RETURN;
     END IF;

     -- Who pays. The birth date is compared only once the card is known and active: it reveals nothing else.
     IF p_credential_type = 'qr' THEN
       -- Locked: two tills presenting the same code serialise here, and the second sees it used.
       SELECT * INTO v_token FROM cards.payment_tokens WHERE id = p_token_id FOR UPDATE;
       IF NOT FOUND THEN v_code := 'TOKEN_INVALID';
       ELSIF v_token.used_at IS NOT NULL THEN v_code := 'TOKEN_ALREADY_USED';
       ELSIF v_token.expires_at < p_now THEN v_code := 'TOKEN_EXPIRED';
       ELSE
         SELECT * INTO v_card FROM cards.cards WHERE beneficiary_id = v_token.beneficiary_id AND status = 'active';
         IF NOT FOUND THEN v_code := 'CARD_UNKNOWN'; END IF;
       END IF;
     ELSE
       IF p_credential_type = 'card-uid' THEN
         SELECT * INTO v_card FROM cards.cards WHERE chip_uid_digest = p_card_digest;
       ELSE
         SELECT * INTO v_card FROM cards.cards WHERE card_number_digest = p_card_digest;
       END IF;
       IF NOT FOUND THEN v_code := 'CARD_UNKNOWN';
       ELSIF v_card.status <> 'active' THEN v_code := 'CARD_BLOCKED';
       ELSIF p_credential_type = 'card-number' AND v_card.holder_birth_date IS DISTINCT FROM p_birth_date THEN
         v_code := 'HOLDER_CHECK_FAILED';
       END IF;
     END IF;

     -- From which wallet: the one of this type valid now, else the latest (which the update then refuses).
     IF v_code IS NULL THEN
       SELECT id INTO v_wallet_id FROM ledger.wallets
        WHERE beneficiary_id = v_card.beneficiary_id AND wallet_type = p_wallet_type
        ORDER BY (p_now BETWEEN valid_from AND valid_until) DESC, valid_until DESC
        LIMIT 1;
       IF NOT FOUND THEN v_code := 'WALLET_NOT_VALID'; END IF;
     END IF;

     -- The debit (LEDGER.md pattern A + G): every condition is re-checked on the latest row version when a
     -- concurrent debit held the row, so neither the balance, the daily cap nor the velocity rule can be overrun.
     IF v_code IS NULL THEN
       WITH w AS (
         UPDATE ledger.wallets
            SET balance_cents = balance_cents - p_amount_cents,
                seq = seq + 1,
                prev_hash = last_hash,
                last_hash = ledger.entry_hash(last_hash, p_transaction_id, id, seq + 1, 'debit', -1, p_amount_cents,
                                              p_amount_cents, p_partner_id, p_terminal_id, NULL, p_now, NULL),
                day_debited_cents = CASE WHEN day_date = p_business_date THEN day_debited_cents ELSE 0 END
                                    + p_amount_cents,
                day_date = p_business_date,
                velocity_count = CASE WHEN velocity_window_start > p_now - p_velocity_window
                                      THEN velocity_count + 1 ELSE 1 END,
                velocity_window_start = CASE WHEN velocity_window_start > p_now - p_velocity_window
                                             THEN velocity_window_start ELSE p_now END
          WHERE id = v_wallet_id
            AND status = 'active'
            AND balance_cents >= p_amount_cents
            AND p_now BETWEEN valid_from AND valid_until
            AND CASE WHEN day_date = p_business_date THEN day_debited_cents ELSE 0 END + p_amount_cents
                <= p_daily_debit_cents_max
            AND (p_velocity_debits_max = 0
                 OR velocity_window_start IS NULL
                 OR velocity_window_start <= p_now - p_velocity_window
                 OR velocity_count < p_velocity_debits_max)
         RETURNING id, balance_cents, seq, prev_hash, last_hash, valid_until
       ), j AS (
         INSERT INTO ledger.journal (id, kind, direction, wallet_id, partner_id, terminal_id, amount_cents,
                                     refundable_remaining_cents, seq, prev_hash, hash, created_at, device_time)
         SELECT p_transaction_id, 'debit', -1, w.id, p_partner_id, p_terminal_id, p_amount_cents, p_amount_cents,
                w.seq, w.prev_hash, w.last_hash, p_now, NULL
           FROM w
         RETURNING id
       )
       SELECT w.balance_cents, w.valid_until INTO v_balance_after, v_valid_until FROM w;
       IF NOT FOUND THEN
         -- Why (a fresh snapshot: the latest committed row); the explanation never decides.
         SELECT * INTO v_wallet FROM ledger.wallets WHERE id = v_wallet_id;
         IF v_wallet.status <> 'active' OR p_now NOT BETWEEN v_wallet.valid_from AND v_wallet.valid_until THEN
           v_code := 'WALLET_NOT_VALID';
         ELSIF p_velocity_debits_max > 0 AND v_wallet.velocity_window_start > p_now - p_velocity_window
               AND v_wallet.velocity_count >= p_velocity_debits_max THEN
           v_code := 'LIMIT_EXCEEDED';
         -- (Parenthesised: PL/pgSQL reads an ELSIF condition up to the first THEN, the CASE's included.)
         ELSIF (CASE WHEN v_wallet.day_date = p_business_date THEN v_wallet.day_debited_cents ELSE 0 END)
               + p_amount_cents > p_daily_debit_cents_max THEN
           v_code := 'LIMIT_EXCEEDED';
         ELSE
           v_code := 'INSUFFICIENT_FUNDS';
         END IF;
       ELSIF p_credential_type = 'qr' THEN
         UPDATE cards.payment_tokens SET used_at = p_now WHERE id = p_token_id;
       END IF;
     END IF;

     IF v_code IS NULL THEN
       response_status := 201;
       response_body := jsonb_build_object(
         'transactionId', p_transaction_id,
         'amountCents', p_amount_cents,
         'balanceAfterCents', v_balance_after,
         'validUntil', operations.iso_instant(v_valid_until),
         'holder', jsonb_build_object(
           'firstName', v_card.holder_first_name,
           'lastNameInitial', upper(left(btrim(v_card.holder_last_name), 1)) || '.',
           -- Readable by this terminal only, for 5 minutes after the debit (TerminalPhotosService).
           'photoUrl', CASE WHEN v_card.photo_ref IS NULL THEN NULL
                            ELSE '/v1/terminal/transactions/' || p_transaction_id || '/photo' END),
         'createdAt', operations.iso_instant(p_now));
     ELSE
       response_status := 402;
       response_body := operations.terminal_decline(v_code);
     END IF;
     INSERT INTO operations.terminal_requests (terminal_id, idempotency_key, request_hash, route, response_status,
                                               response_body, created_at, lease_until, completed_at)
     VALUES (p_terminal_id, p_idempotency_key, p_request_hash, p_route, response_status, response_body, p_now,
             p_now, p_now);
     outcome := 'answered';
   END
   $fn$`;

const STATEMENTS = [
  `ALTER TABLE ledger.wallets
     ADD COLUMN velocity_window_start timestamptz,
     ADD COLUMN velocity_count integer NOT NULL DEFAULT 0 CHECK (velocity_count >= 0)`,
  // The one place a terminal nonce is recorded (TerminalRepository and terminal_debit both call it): the
  // terminal's expired nonces are forgotten in the same statement, by (terminal_id, expires_at).
  `CREATE FUNCTION identity.record_terminal_nonce(
     p_terminal_id uuid, p_nonce text, p_expires_at timestamptz, p_now timestamptz
   ) RETURNS boolean LANGUAGE sql VOLATILE AS $$
     WITH forgotten AS (
       DELETE FROM identity.terminal_nonces
        WHERE terminal_id = p_terminal_id AND expires_at < p_now AND nonce <> p_nonce),
     recorded AS (
       INSERT INTO identity.terminal_nonces (terminal_id, nonce, expires_at)
       VALUES (p_terminal_id, p_nonce, p_expires_at)
       ON CONFLICT (terminal_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at
         WHERE identity.terminal_nonces.expires_at < p_now
       RETURNING 1)
     SELECT EXISTS (SELECT 1 FROM recorded)
   $$`,
  // Instants in answers as JavaScript's Date#toISOString writes them (UTC, milliseconds, "Z").
  `CREATE FUNCTION operations.iso_instant(p_at timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
     SELECT to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
   $$`,
  `CREATE FUNCTION operations.terminal_decline(p_code text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
     SELECT jsonb_build_object('error', jsonb_build_object('code', p_code, 'message', CASE p_code
       WHEN 'CARD_UNKNOWN' THEN 'This card is not known.'
       WHEN 'CARD_BLOCKED' THEN 'This card is blocked (lost, stolen or replaced).'
       WHEN 'HOLDER_CHECK_FAILED' THEN 'The birth date does not match the card holder.'
       WHEN 'TOKEN_INVALID' THEN 'This payment code is not valid.'
       WHEN 'TOKEN_EXPIRED' THEN 'This payment code has expired: show a new one.'
       WHEN 'TOKEN_ALREADY_USED' THEN 'This payment code has already been used.'
       WHEN 'WALLET_NOT_VALID' THEN 'The wallet is not valid now.'
       WHEN 'LIMIT_EXCEEDED' THEN 'A limit of this card is reached (daily cap or too many debits in a short time).'
       WHEN 'INSUFFICIENT_FUNDS' THEN 'The balance is too low.'
       ELSE 'The payment was declined.' END))
   $$`,
  TERMINAL_DEBIT_FUNCTION,
];
