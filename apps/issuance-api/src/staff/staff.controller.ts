import { Body, Controller, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  AccountService,
  clientIp,
  CurrentPrincipal,
  type IdentityRequest,
  Permission,
  type Principal,
  RequirePermission,
  type RoleGrant,
} from '@app/identity';

import {
  AccountIdParamsDto,
  ChangeRolesRequestDto,
  InvitationResponseDto,
  InviteStaffRequestDto,
  type RoleGrantDto,
} from './dto/staff.dto';

/** Region administrators manage staff accounts: invitations and role changes. */
@ApiTags('staff')
@ApiBearerAuth()
@Controller('v1/staff')
export class StaffController {
  constructor(private readonly accounts: AccountService) {}

  @Post('invitations')
  @RequirePermission(Permission.STAFF_MANAGE)
  @ApiOperation({ summary: 'Invite a staff member (e-mail with a one-time link to choose a password)' })
  invite(
    @Body() body: InviteStaffRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: IdentityRequest,
  ): Promise<InvitationResponseDto> {
    return this.accounts.inviteStaff({
      actor: principal,
      email: body.email,
      displayName: body.displayName,
      grants: body.grants.map(toGrant),
      ip: clientIp(request),
    });
  }

  @Put(':accountId/roles')
  @HttpCode(204)
  @RequirePermission(Permission.STAFF_MANAGE)
  @ApiOperation({ summary: 'Replace a staff member’s roles (their sessions end)' })
  async changeRoles(
    @Param() params: AccountIdParamsDto,
    @Body() body: ChangeRolesRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: IdentityRequest,
  ): Promise<void> {
    await this.accounts.changeRoles({
      actor: principal,
      accountId: params.accountId,
      grants: body.grants.map(toGrant),
      ip: clientIp(request),
    });
  }
}

function toGrant(dto: RoleGrantDto): RoleGrant {
  return { role: dto.role, uaiCodes: dto.uaiCodes ?? [], partnerId: dto.partnerId ?? null };
}
