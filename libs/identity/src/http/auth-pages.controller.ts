import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { Public, SITE, type SiteIdentity } from '@app/platform';

import { AllowedBeforePasswordChange, RequirePermission } from '../access/access.metadata';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import { clientIp, type IdentityRequest } from '../access/request-context';
import { PasswordRecoveryService } from '../recovery/password-recovery.service';
import { Permission } from '../roles/permission.enum';
import { AuthenticationService } from '../sessions/authentication.service';
import { AuthPageErrorFilter } from './auth-page-error.filter';
import { AuthPagesView } from './auth-pages.view';
import {
  ChangePasswordFormDto,
  CsrfFormDto,
  ForgotPasswordFormDto,
  LinkQueryDto,
  LoginFormDto,
  UseLinkFormDto,
} from './auth.dto';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

const HTML = 'text/html; charset=utf-8';

/** The sign-in pages of both apps: login, logout, password change, "Mot de passe oublié ?", links. */
@ApiExcludeController()
@Controller()
@UseFilters(AuthPageErrorFilter)
export class AuthPagesController {
  private readonly view: AuthPagesView;

  constructor(
    private readonly authentication: AuthenticationService,
    private readonly recovery: PasswordRecoveryService,
    @Inject(SITE) site: SiteIdentity,
  ) {
    this.view = new AuthPagesView(site);
  }

  @Get('connexion')
  @Public()
  @Header('Content-Type', HTML)
  loginForm(): string {
    return this.view.login();
  }

  @Post('connexion')
  @Public()
  async login(
    @Body() body: LoginFormDto,
    @Req() request: IdentityRequest,
    @Res() response: Response,
  ): Promise<void> {
    const session = await this.authentication.login({
      login: body.login,
      password: body.password,
      ip: clientIp(request),
      transport: 'cookie',
    });
    setSessionCookie(response, session.token);
    response.redirect(303, session.passwordChangeRequired ? '/mot-de-passe/changer' : '/mon-compte');
  }

  @Get('mon-compte')
  @RequirePermission(Permission.OWN_ACCOUNT)
  @Header('Content-Type', HTML)
  account(@CurrentPrincipal() principal: Principal): string {
    return this.view.account({
      displayName: principal.displayName,
      roles: principal.grants.map((grant) => grant.role),
      csrfToken: principal.csrfToken,
    });
  }

  @Post('deconnexion')
  @RequirePermission(Permission.OWN_ACCOUNT)
  @AllowedBeforePasswordChange()
  async logout(
    @Body() _body: CsrfFormDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: IdentityRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.authentication.logout(principal, clientIp(request));
    clearSessionCookie(response);
    response.redirect(303, '/');
  }

  @Get('mot-de-passe/changer')
  @RequirePermission(Permission.OWN_PASSWORD_CHANGE)
  @AllowedBeforePasswordChange()
  @Header('Content-Type', HTML)
  changePasswordForm(@CurrentPrincipal() principal: Principal): string {
    return this.view.changePassword({
      csrfToken: principal.csrfToken,
      provisional: principal.passwordChangeRequired,
    });
  }

  @Post('mot-de-passe/changer')
  @RequirePermission(Permission.OWN_PASSWORD_CHANGE)
  @AllowedBeforePasswordChange()
  async changePassword(
    @Body() body: ChangePasswordFormDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: IdentityRequest,
    @Res() response: Response,
  ): Promise<void> {
    const session = await this.authentication.changePassword({
      principal,
      currentPassword: body.currentPassword,
      newPassword: body.newPassword,
      ip: clientIp(request),
    });
    setSessionCookie(response, session.token);
    response.redirect(303, '/mon-compte');
  }

  @Get('mot-de-passe/oublie')
  @Public()
  @Header('Content-Type', HTML)
  forgotPasswordForm(): string {
    return this.view.forgotPassword();
  }

  @Post('mot-de-passe/oublie')
  @HttpCode(200)
  @Public()
  @Header('Content-Type', HTML)
  async forgotPassword(
    @Body() body: ForgotPasswordFormDto,
    @Req() request: IdentityRequest,
  ): Promise<string> {
    await this.recovery.requestPasswordReset({
      login: body.login,
      captcha: body.altcha,
      ip: clientIp(request),
    });
    return this.view.forgotPasswordSent();
  }

  @Get('mot-de-passe/reinitialiser')
  @Public()
  @Header('Content-Type', HTML)
  resetForm(@Query() query: LinkQueryDto): string {
    return this.view.setPassword({ action: '/mot-de-passe/reinitialiser', token: query.jeton ?? '' });
  }

  @Post('mot-de-passe/reinitialiser')
  @HttpCode(200)
  @Public()
  @Header('Content-Type', HTML)
  async reset(@Body() body: UseLinkFormDto, @Req() request: IdentityRequest): Promise<string> {
    await this.recovery.resetPassword({
      token: body.token,
      newPassword: body.newPassword,
      ip: clientIp(request),
    });
    return this.view.done('Votre nouveau mot de passe est enregistré. Toutes vos sessions ont été fermées.');
  }

  @Get('invitation')
  @Public()
  @Header('Content-Type', HTML)
  invitationForm(@Query() query: LinkQueryDto): string {
    return this.view.setPassword({ action: '/invitation', token: query.jeton ?? '' });
  }

  @Post('invitation')
  @HttpCode(200)
  @Public()
  @Header('Content-Type', HTML)
  async acceptInvitation(@Body() body: UseLinkFormDto, @Req() request: IdentityRequest): Promise<string> {
    await this.recovery.acceptInvitation({
      token: body.token,
      newPassword: body.newPassword,
      ip: clientIp(request),
    });
    return this.view.done('Votre compte est activé.');
  }
}
