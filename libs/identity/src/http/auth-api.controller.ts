import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { Public } from '@app/platform';

import { AllowedBeforePasswordChange, RequirePermission } from '../access/access.metadata';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import { clientIp, type IdentityRequest } from '../access/request-context';
import { PasswordRecoveryService } from '../recovery/password-recovery.service';
import { Permission } from '../roles/permission.enum';
import { AuthenticationService, type OpenedSession } from '../sessions/authentication.service';
import {
  ChangePasswordRequestDto,
  LoginRequestDto,
  MeResponseDto,
  PasswordResetRequestDto,
  SessionResponseDto,
  UseLinkRequestDto,
} from './auth.dto';
import { RetryAfterInterceptor } from './retry-after.interceptor';
import { setSessionCookie } from './session-cookie';

/** Sign-in for API clients: bearer sessions, password change and recovery. */
@ApiTags('auth')
@Controller('v1/auth')
@UseInterceptors(RetryAfterInterceptor)
export class AuthApiController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly recovery: PasswordRecoveryService,
  ) {}

  @Post('sessions')
  @Public()
  @ApiOperation({
    summary:
      'Log in; returns a bearer token (INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS, PROVISIONAL_PASSWORD_EXPIRED)',
  })
  async login(@Body() body: LoginRequestDto, @Req() request: IdentityRequest): Promise<SessionResponseDto> {
    const session = await this.authentication.login({
      login: body.login,
      password: body.password,
      ip: clientIp(request),
      transport: 'bearer',
    });
    return toSessionResponse(session);
  }

  @Delete('sessions/current')
  @HttpCode(204)
  @ApiBearerAuth()
  @RequirePermission(Permission.OWN_ACCOUNT)
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'Log out (revokes this session)' })
  async logout(@CurrentPrincipal() principal: Principal, @Req() request: IdentityRequest): Promise<void> {
    await this.authentication.logout(principal, clientIp(request));
  }

  @Get('me')
  @ApiBearerAuth()
  @RequirePermission(Permission.OWN_ACCOUNT)
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'Who is signed in, with roles and permissions' })
  me(@CurrentPrincipal() principal: Principal): MeResponseDto {
    return {
      accountId: principal.accountId,
      kind: principal.kind,
      displayName: principal.displayName,
      roles: principal.grants.map((grant) => grant.role),
      permissions: [...principal.permissions].sort(),
      passwordChangeRequired: principal.passwordChangeRequired,
    };
  }

  @Post('password')
  @HttpCode(200)
  @ApiBearerAuth()
  @RequirePermission(Permission.OWN_PASSWORD_CHANGE)
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'Change one’s password; revokes every session and returns a new one' })
  async changePassword(
    @Body() body: ChangePasswordRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: IdentityRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SessionResponseDto> {
    const session = await this.authentication.changePassword({
      principal,
      currentPassword: body.currentPassword,
      newPassword: body.newPassword,
      ip: clientIp(request),
    });
    if (principal.transport === 'cookie') setSessionCookie(response, session.token);
    return toSessionResponse(session);
  }

  @Post('password-resets')
  @HttpCode(202)
  @Public()
  @ApiOperation({
    summary: '"Mot de passe oublié ?": always 202, whether the account exists or not (CAPTCHA_INVALID)',
  })
  async requestPasswordReset(
    @Body() body: PasswordResetRequestDto,
    @Req() request: IdentityRequest,
  ): Promise<{ status: 'accepted' }> {
    await this.recovery.requestPasswordReset({
      login: body.login,
      captcha: body.captcha,
      ip: clientIp(request),
    });
    return { status: 'accepted' };
  }

  @Post('password-resets/confirmation')
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: 'Use a one-time reset link (LINK_INVALID when unknown, expired or used)' })
  async resetPassword(@Body() body: UseLinkRequestDto, @Req() request: IdentityRequest): Promise<void> {
    await this.recovery.resetPassword({
      token: body.token,
      newPassword: body.newPassword,
      ip: clientIp(request),
    });
  }

  @Post('invitations/acceptance')
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: 'Use a staff invitation link to choose a password (LINK_INVALID)' })
  async acceptInvitation(@Body() body: UseLinkRequestDto, @Req() request: IdentityRequest): Promise<void> {
    await this.recovery.acceptInvitation({
      token: body.token,
      newPassword: body.newPassword,
      ip: clientIp(request),
    });
  }
}

function toSessionResponse(session: OpenedSession): SessionResponseDto {
  return {
    token: session.token,
    expiresAt: session.absoluteExpiresAt.toISOString(),
    passwordChangeRequired: session.passwordChangeRequired,
  };
}
