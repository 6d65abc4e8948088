import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

import { ValidationError } from '@app/core';
import { APP_CONFIG, type AppConfig } from '@app/platform';

import { AccountService } from './account.service';

/**
 * CONTRACT.md: the first Region administrator comes from CARTABLE_ADMIN_EMAIL / CARTABLE_ADMIN_PASSWORD and
 * is created at start if missing. Idempotent, and harmless when both apps start together.
 */
@Injectable()
export class FirstAdministratorBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdministrator');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if (adminEmail === undefined || adminPassword === undefined) return;
    try {
      const created = await this.accounts.ensureFirstAdministrator({
        email: adminEmail,
        password: adminPassword,
      });
      if (created) this.logger.log(`first Region administrator created (${adminEmail})`);
    } catch (error) {
      // Stop the start with a message naming the setting, as every other bad setting does.
      if (error instanceof ValidationError) {
        const problems = error.fields.map((field) => field.message).join(' ');
        throw new Error(`CARTABLE_ADMIN_PASSWORD: ${problems}`, { cause: error });
      }
      throw error;
    }
  }
}
