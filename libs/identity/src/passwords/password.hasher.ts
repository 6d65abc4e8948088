import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

import { newHumanSecret } from '../secrets/secret-token';

/**
 * argon2id parameters, measured in docs/benchmarks.md ("Passwords (argon2)"): about 140 ms for one hash on
 * the reference machine, inside the 50–250 ms target. 64 MiB per hash bounds memory at 64 MiB × concurrent
 * logins; p = 1 because a login is one request and the server serves many at once.
 */
export const ARGON2_OPTIONS = Object.freeze({
  type: argon2.argon2id,
  memoryCost: 65_536,
  timeCost: 3,
  parallelism: 1,
});

/** Length of a generated provisional password: 16 characters of a 54-symbol alphabet, about 92 bits. */
const PROVISIONAL_PASSWORD_LENGTH = 16;

/** Hashes and checks passwords. The clear password is never logged, stored or returned. */
@Injectable()
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      // A malformed stored hash is a failed login, not a 500 that would reveal the account exists.
      return false;
    }
  }

  /**
   * Spends the same time as a real check when the account does not exist, so that response time does not
   * reveal which logins are registered.
   */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash(newHumanSecret(PROVISIONAL_PASSWORD_LENGTH));
    await this.verify(await this.dummyHash, password);
    return false;
  }

  newProvisionalPassword(): string {
    return newHumanSecret(PROVISIONAL_PASSWORD_LENGTH);
  }
}
