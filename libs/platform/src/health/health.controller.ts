import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

import { Public } from '../http/public.decorator';

/** A health probe must answer quickly even when the database hangs. */
const HEALTH_DATABASE_TIMEOUT_MS = 2_000;

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('health')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is up and the database answers.' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer.' })
  async health(
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ status: string; database: string }> {
    response.setHeader('Cache-Control', 'no-store');
    const databaseUp = await this.pingDatabase();
    if (!databaseUp) {
      response.status(503);
      return { status: 'unavailable', database: 'down' };
    }
    return { status: 'ok', database: 'up' };
  }

  private async pingDatabase(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), HEALTH_DATABASE_TIMEOUT_MS);
    });
    const ping = this.dataSource
      .query('SELECT 1')
      .then(() => true)
      .catch(() => false);
    try {
      return await Promise.race([ping, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
