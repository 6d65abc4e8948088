import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';

import { CLOCK, type Clock, clockFromSetting } from '@app/core';
import { buildDataSourceOptions } from '@app/database';

import { APP_CONFIG, type AppConfig } from './config/app-config';
import { HealthController } from './health/health.controller';
import {
  DOMAIN_ERROR_STATUS,
  PLATFORM_ERROR_STATUS,
  type DomainErrorStatusMapper,
} from './http/domain-error-status';
import { HttpErrorFilter } from './http/http-error.filter';
import { createValidationPipe } from './http/validation.pipe';
import { buildLoggerOptions } from './logging/logger.options';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRegistry } from './metrics/metrics.registry';
import { CommonPagesController } from './pages/common-pages.controller';
import { SITE, type SiteIdentity } from './pages/site-identity';

export interface PlatformOptions {
  readonly config: AppConfig;
  readonly site: SiteIdentity;
  /** The app's exhaustive mapping of its domain error codes to HTTP statuses. */
  readonly statusOf: DomainErrorStatusMapper;
  /** Tests stand at any instant with their own clock; otherwise CARTABLE_CLOCK_START or the system clock. */
  readonly clock?: Clock | undefined;
}

/**
 * The shared skeleton of both apps: configuration, clock, database connection, logging, error format,
 * validation, health, metrics and the common pages. Feature modules plug in beside it.
 */
@Module({})
export class PlatformModule {
  static forApp(options: PlatformOptions): DynamicModule {
    const { config } = options;
    return {
      module: PlatformModule,
      global: true,
      imports: [
        LoggerModule.forRoot(buildLoggerOptions(config)),
        TypeOrmModule.forRoot({ ...buildDataSourceOptions(config.database), autoLoadEntities: true }),
      ],
      controllers: [HealthController, MetricsController, CommonPagesController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: SITE, useValue: options.site },
        {
          provide: CLOCK,
          useValue:
            options.clock ?? clockFromSetting({ clockStart: config.clockStart, nodeEnv: config.nodeEnv }),
        },
        {
          provide: DOMAIN_ERROR_STATUS,
          useValue: ((code) =>
            options.statusOf(code) ?? PLATFORM_ERROR_STATUS[code]) as DomainErrorStatusMapper,
        },
        { provide: MetricsRegistry, useValue: new MetricsRegistry(config.appName) },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [APP_CONFIG, SITE, CLOCK, MetricsRegistry],
    };
  }
}
