import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import QRCode from 'qrcode';

import { PaymentTokenService } from '@app/cards';
import { CLOCK, type Clock } from '@app/core';
import type { Principal } from '@app/identity';
import { type HistoryEntry, LedgerService, type WalletView } from '@app/ledger';
import { PartnerError, PartnerOnboardingService } from '@app/partners';

export interface PupilWallet {
  readonly walletId: string;
  readonly walletType: string;
  readonly schoolYear: string;
  readonly balanceCents: number;
  readonly validFrom: string;
  readonly validUntil: string;
  /** Active and within its validity now: a till would accept it. */
  readonly usableNow: boolean;
}

export interface PupilHistoryEntry {
  readonly transactionId: string;
  readonly kind: HistoryEntry['kind'];
  readonly deltaCents: number;
  readonly partnerName: string | null;
  readonly originalTransactionId: string | null;
  readonly createdAt: string;
}

export interface PupilHistoryPage {
  readonly items: readonly PupilHistoryEntry[];
  readonly nextCursor: string | null;
}

export interface PupilPaymentToken {
  readonly token: string;
  readonly expiresAt: string;
  /** The token as a QR code (SVG, alphanumeric mode), for the page to show as an image. */
  readonly qrSvg: string;
}

/**
 * The pupil's own wallets (beneficiary role). The beneficiary is the signed-in account itself (glossary:
 * the dossier number is the beneficiary's account id), so every query is scoped to the principal and
 * another beneficiary's wallet is answered as unknown (404).
 */
@Injectable()
export class PupilWalletService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly partners: PartnerOnboardingService,
    private readonly tokens: PaymentTokenService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async listWallets(principal: Principal): Promise<PupilWallet[]> {
    const nowMs = this.clock.now().getTime();
    return (await this.ledger.listBeneficiaryWallets(principal.accountId)).map((wallet) =>
      toPupilWallet(wallet, nowMs),
    );
  }

  async history(
    principal: Principal,
    walletId: string,
    query: { limit?: number; cursor?: string },
  ): Promise<PupilHistoryPage> {
    const wallets = await this.ledger.listBeneficiaryWallets(principal.accountId);
    if (!wallets.some((wallet) => wallet.walletId === walletId.toLowerCase())) {
      throw new NotFoundException('Porte-monnaie inconnu.');
    }
    const page = await this.ledger.listHistory({
      walletId,
      ...(query.limit === undefined ? {} : { limit: query.limit }),
      cursor: query.cursor,
    });
    const names = await this.partnerNames(page.items);
    return {
      items: page.items.map((entry) => ({
        transactionId: entry.transactionId,
        kind: entry.kind,
        deltaCents: entry.deltaCents,
        partnerName: entry.partnerId === null ? null : (names.get(entry.partnerId) ?? null),
        originalTransactionId: entry.originalId,
        createdAt: entry.createdAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  async issuePaymentToken(principal: Principal): Promise<PupilPaymentToken> {
    const issued = await this.tokens.issue(principal.accountId);
    // Uppercase base32 fits the QR alphanumeric mode, the densest one for this text.
    const qrSvg = await QRCode.toString(issued.token, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { token: issued.token, expiresAt: issued.expiresAt.toISOString(), qrSvg };
  }

  /** Partner names for one page of history: a page names a handful of partners, read once each. */
  private async partnerNames(entries: readonly HistoryEntry[]): Promise<Map<string, string>> {
    const ids = [
      ...new Set(entries.map((entry) => entry.partnerId).filter((id): id is string => id !== null)),
    ];
    const names = new Map<string, string>();
    await Promise.all(
      ids.map(async (partnerId) => {
        try {
          const partner = await this.partners.getPartner({ partnerId });
          names.set(partnerId, partner.displayName);
        } catch (error) {
          if (!(error instanceof PartnerError)) throw error;
        }
      }),
    );
    return names;
  }
}

function toPupilWallet(wallet: WalletView, nowMs: number): PupilWallet {
  return {
    walletId: wallet.walletId,
    walletType: wallet.walletType,
    schoolYear: wallet.schoolYear,
    balanceCents: wallet.balanceCents,
    validFrom: wallet.validFrom.toISOString(),
    validUntil: wallet.validUntil.toISOString(),
    usableNow:
      wallet.status === 'active' &&
      wallet.validFrom.getTime() <= nowMs &&
      nowMs <= wallet.validUntil.getTime(),
  };
}
