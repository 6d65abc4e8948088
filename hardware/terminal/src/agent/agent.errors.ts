import { DomainError } from '@app/core';

/** What can stop the agent before or outside a payment; each maps to one exit code of the CLI. */
export enum AgentErrorCode {
  ConfigUnreadable = 'AGENT_CONFIG_UNREADABLE',
  ConfigInvalid = 'AGENT_CONFIG_INVALID',
  KeyMissing = 'AGENT_KEY_MISSING',
  KeyUnsafe = 'AGENT_KEY_UNSAFE',
  KeyInvalid = 'AGENT_KEY_INVALID',
  AlreadyEnrolled = 'AGENT_ALREADY_ENROLLED',
  NotEnrolled = 'AGENT_NOT_ENROLLED',
  EnrolmentRefused = 'AGENT_ENROLMENT_REFUSED',
  ApiUnreachable = 'AGENT_API_UNREACHABLE',
  JournalCorrupt = 'AGENT_JOURNAL_CORRUPT',
  JournalFull = 'AGENT_JOURNAL_FULL',
}

export class AgentError extends DomainError<AgentErrorCode> {
  constructor(code: AgentErrorCode, message: string) {
    super(code, message);
  }
}
