import {
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import { CardsError, CardsErrorCode } from '@app/cards';
import { CurrentPrincipal, Permission, type Principal, RequirePermission } from '@app/identity';
import { PAGE_SIZE_MAX } from '@app/ledger';

import {
  type PupilHistoryPage,
  type PupilPaymentToken,
  type PupilWallet,
  PupilWalletService,
} from './pupil-wallet.service';

/** Opaque keyset cursors are short base64url strings. */
const CURSOR_LENGTH_MAX = 64;

export class WalletHistoryQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(PAGE_SIZE_MAX) limit?: number;
  @IsOptional() @IsString() @MaxLength(CURSOR_LENGTH_MAX) cursor?: string;
}

/** The pupil's wallet API (beneficiary role): balances, history, one-time payment QR tokens. */
@ApiTags('pupil wallet')
@Controller('v1/me')
@RequirePermission(Permission.BENEFICIARY_SPACE)
export class PupilWalletController {
  constructor(private readonly wallets: PupilWalletService) {}

  @Get('wallets')
  async list(@CurrentPrincipal() principal: Principal): Promise<{ items: PupilWallet[] }> {
    return { items: await this.wallets.listWallets(principal) };
  }

  @Get('wallets/:walletId/history')
  async history(
    @CurrentPrincipal() principal: Principal,
    @Param('walletId', new ParseUUIDPipe()) walletId: string,
    @Query() query: WalletHistoryQueryDto,
  ): Promise<PupilHistoryPage> {
    return this.wallets.history(principal, walletId, {
      ...(query.limit === undefined ? {} : { limit: query.limit }),
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    });
  }

  /** CSRF is checked by the access guard for cookie sessions, as on every mutating route. */
  @Post('payment-tokens')
  @HttpCode(HttpStatus.CREATED)
  async paymentToken(@CurrentPrincipal() principal: Principal): Promise<PupilPaymentToken> {
    try {
      return await this.wallets.issuePaymentToken(principal);
    } catch (error) {
      if (error instanceof CardsError && error.code === CardsErrorCode.TOKEN_LIMIT_REACHED) {
        throw new HttpException(
          'Trop de codes en cours : réessayez dans une minute.',
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
      throw error;
    }
  }
}
