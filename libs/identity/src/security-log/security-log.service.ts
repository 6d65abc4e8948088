import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { CLOCK, type Clock } from '@app/core';

import { type SecurityEvent, SecurityLogRepository } from './security-log.repository';

export type SecurityEventInput = Omit<SecurityEvent, 'occurredAt'>;

@Injectable()
export class SecurityLog {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: SecurityLogRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Records an event inside the caller's transaction, so the log line commits with the change it describes. */
  record(manager: EntityManager, event: SecurityEventInput): Promise<void> {
    return this.repository.appendEvent(manager, { ...event, occurredAt: this.clock.now() });
  }

  /** Records a failure on its own: the request that failed rolls back, but its trace must stay. */
  recordAlone(event: SecurityEventInput): Promise<void> {
    return this.repository.appendEvent(this.dataSource.manager, { ...event, occurredAt: this.clock.now() });
  }
}
