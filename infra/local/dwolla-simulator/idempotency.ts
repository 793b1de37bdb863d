/**
 * `Idempotency-Key` for `POST /transfers`
 * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/idempotency-key;
 * https://developers.dwolla.com/api-reference): the same key with the byte-identical body within 24
 * h answers the original 201 and creates nothing; the same key with another body is refused.
 */

import { DwollaSimError } from './errors.js';

const KEY_LIFETIME_MS = 24 * 3_600_000;

interface Entry {
  readonly accountId: string;
  readonly body: string;
  readonly location: string;
  readonly expiresAt: number;
}

/**
 * Remembers answered keys.
 *
 * @example
 * ```ts
 * const replay = keys.lookup(key, accountId, body, now); // the original Location, if any
 * ```
 */
export class IdempotencyKeys {
  private readonly entries = new Map<string, Entry>();

  /** The original Location for a replay; throws when the key was used for another request. */
  lookup(key: string, accountId: string, body: string, nowMs: number): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    if (entry.accountId !== accountId || entry.body !== body) {
      throw new DwollaSimError(
        400,
        'InvalidIdempotencyKey',
        'The Idempotency-Key was already used with a different request.',
      );
    }
    return entry.location;
  }

  remember(key: string, accountId: string, body: string, location: string, nowMs: number): void {
    this.entries.set(key, { accountId, body, location, expiresAt: nowMs + KEY_LIFETIME_MS });
  }
}
