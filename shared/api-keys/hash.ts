import { createHash, randomBytes } from 'node:crypto';

/** Prefix of generated keys, so a leaked key is recognisable in a secret scanner. */
const API_KEY_PREFIX = 'dsk_';

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

/**
 * The public id of a key: `key_` and the first 20 hex digits of its hash. Derived, so a key
 * stored before ids existed has one too; 80 bits of a SHA-256 reveal nothing usable about a
 * 256-bit key.
 *
 * @example
 * ```ts
 * keyIdOf(hashApiKey(key)); // 'key_5d1c0f…'
 * ```
 */
export function keyIdOf(keyHash: string): string {
  return `key_${keyHash.slice(0, 20)}`;
}

/** The shape of a key id (`apikey -- revoke <keyId>`). */
export const KEY_ID_PATTERN = /^key_[0-9a-f]{20}$/;
