import { createHash, randomBytes } from 'node:crypto';

/** Prefix of generated keys, so a leaked key is recognisable in a secret scanner. */
export const API_KEY_PREFIX = 'dsk_';

/**
 * Lowercase hex SHA-256 of an API key: the only form in which a key is ever stored.
 * A plain hash is enough (no salt, no stretching) because generated keys carry 256 random bits.
 *
 * @example
 * ```ts
 * hashApiKey('dsk_abc'); // '5d1c…'
 * ```
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * A new random API key (`dsk_` + 43 base64url characters, 256 bits).
 *
 * @example
 * ```ts
 * const key = generateApiKey(); // shown once, then only its hash is kept
 * ```
 */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}
