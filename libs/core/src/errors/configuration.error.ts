import { DomainError } from './domain.error';

export enum ConfigurationErrorCode {
  CONFIGURATION_INVALID = 'CONFIGURATION_INVALID',
}

/**
 * A setting that stops the process at start. The message always starts with the environment variable's
 * name, because the message is all an operator sees before the process exits.
 */
export class ConfigurationError extends DomainError<ConfigurationErrorCode> {
  readonly variable: string;

  constructor(variable: string, reason: string) {
    super(ConfigurationErrorCode.CONFIGURATION_INVALID, `${variable}: ${reason}`, { variable });
    this.variable = variable;
  }
}
