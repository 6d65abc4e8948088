import { join } from 'node:path';

import { Controller, Get, Header, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { CurrentPrincipal, Permission, type Principal, RequirePermission } from '@app/identity';
import { Public, projectRoot } from '@app/platform';

import { PAYMENT_SITE } from '../payment-site';
import { renderPupilWalletPage } from './pupil-wallet.page';
import { PupilWalletService } from './pupil-wallet.service';

/** Entries shown on the page; the API pages through the rest. */
const PAGE_HISTORY_ROWS = 20;
const ASSETS_FOLDER = join('apps', 'payment-api', 'src', 'pupil-wallet', 'assets');
const ASSETS = ['pupil-wallet.js', 'pupil-wallet.css'];
const ONE_HOUR_MS = 3_600_000;
/** Keyset cursors are short base64url strings. */
const CURSOR_LENGTH_MAX = 64;

export class PupilWalletPageQueryDto {
  /** The history page after this cursor (the "Opérations plus anciennes" link). */
  @IsOptional() @IsString() @MaxLength(CURSOR_LENGTH_MAX) curseur?: string;
}

/** The page "Mon porte-monnaie" (French URL, as the other pages) and its static files. */
@ApiExcludeController()
@Controller('mon-porte-monnaie')
export class PupilWalletPageController {
  constructor(private readonly wallets: PupilWalletService) {}

  @Get()
  @RequirePermission(Permission.BENEFICIARY_SPACE)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async page(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PupilWalletPageQueryDto,
  ): Promise<string> {
    const wallets = await this.wallets.listWallets(principal);
    const shown = wallets.find((wallet) => wallet.usableNow) ?? wallets[0];
    const history =
      shown === undefined
        ? null
        : await this.wallets.history(principal, shown.walletId, {
            limit: PAGE_HISTORY_ROWS,
            ...(query.curseur === undefined ? {} : { cursor: query.curseur }),
          });
    return renderPupilWalletPage(PAYMENT_SITE, {
      displayName: principal.displayName,
      wallets,
      history,
      csrfToken: principal.csrfToken,
    });
  }

  // The script must be a file (the CSP forbids inline scripts); served by an explicit list.
  @Get('assets/:file')
  @Public()
  asset(@Param('file') file: string, @Res() response: Response): void {
    if (!ASSETS.includes(file)) throw new NotFoundException();
    response.sendFile(join(projectRoot(), ASSETS_FOLDER, file), { maxAge: ONE_HOUR_MS });
  }
}
