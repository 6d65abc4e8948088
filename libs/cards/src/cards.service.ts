import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { CLOCK, type Clock, isCalendarDate, newId, ValidationError } from '@app/core';

import { CardLookupHasher } from './card-lookup.hasher';
import { cardNumberLast4, normaliseCardNumber } from './card-number';
import { CardRepository, type CardRecord } from './card.repository';
import { CARDS_OPTIONS, type CardsOptions } from './cards.options';
import { normaliseChipUid } from './chip-uid';

export interface RegisterCardCommand {
  readonly beneficiaryId: string;
  readonly cardNumber: string;
  readonly chipUid?: string | undefined;
  readonly holderFirstName: string;
  readonly holderLastName: string;
  readonly holderBirthDate: string;
  readonly photoRef?: string | undefined;
}

const NAME_LENGTH_MAX = 100;

/** The card register: cards made for beneficiaries, their numbers and chips (as digests), blocking. */
@Injectable()
export class CardsService {
  private readonly hasher: CardLookupHasher;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cards: CardRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CARDS_OPTIONS) options: CardsOptions,
  ) {
    this.hasher = new CardLookupHasher(options.cardLookupKey);
  }

  /** Records a manufactured card (the manufacturer returns its number and chip UID). */
  async registerCard(command: RegisterCardCommand): Promise<{ cardId: string }> {
    const number = normaliseCardNumber(command.cardNumber);
    const uid = command.chipUid === undefined ? null : normaliseChipUid(command.chipUid);
    const fields = [
      ...(number === null
        ? [{ field: 'cardNumber', message: 'must be 16 digits with a valid check digit' }]
        : []),
      ...(command.chipUid !== undefined && uid === null
        ? [{ field: 'chipUid', message: 'must be 4, 7 or 10 bytes of hexadecimal' }]
        : []),
      ...(isCalendarDate(command.holderBirthDate)
        ? []
        : [{ field: 'holderBirthDate', message: 'must be YYYY-MM-DD' }]),
      ...nameProblems('holderFirstName', command.holderFirstName),
      ...nameProblems('holderLastName', command.holderLastName),
    ];
    if (fields.length > 0 || number === null) throw new ValidationError('Invalid card.', fields);
    const cardId = newId();
    await this.cards.insertCard(this.dataSource.manager, {
      id: cardId,
      beneficiaryId: command.beneficiaryId,
      cardNumberDigest: this.hasher.cardNumber(number),
      cardNumberLast4: cardNumberLast4(number),
      chipUidDigest: uid === null ? null : this.hasher.chipUid(uid),
      holderFirstName: command.holderFirstName.trim(),
      holderLastName: command.holderLastName.trim(),
      holderBirthDate: command.holderBirthDate,
      photoRef: command.photoRef ?? null,
      issuedAt: this.clock.now(),
    });
    return { cardId };
  }

  /** The beneficiary's own active card, if any (for the pupil's space). */
  async getActiveCard(beneficiaryId: string): Promise<CardRecord | null> {
    return this.cards.getActiveCardOfBeneficiary(this.dataSource.manager, beneficiaryId);
  }

  /** Opposition: the beneficiary (or support on their behalf) stops a lost or stolen card. */
  async blockCard(args: { beneficiaryId: string; cardId: string }): Promise<boolean> {
    return this.cards.blockCard(this.dataSource.manager, {
      ...args,
      status: 'blocked',
      now: this.clock.now(),
    });
  }
}

function nameProblems(field: string, value: string): { field: string; message: string }[] {
  const trimmed = value.trim();
  return trimmed.length === 0 || trimmed.length > NAME_LENGTH_MAX
    ? [{ field, message: `must be 1 to ${NAME_LENGTH_MAX} characters` }]
    : [];
}
