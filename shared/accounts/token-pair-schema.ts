import * as z from 'zod/mini';
import type { StoredTokenPair } from '../ports/tokens.js';

/**
 * What a vault holds for one account, checked on every read and write so a malformed version
 * is refused rather than sent to Dwolla. Shared by both vaults.
 *
 * @example
 * ```ts
 * const pair = storedTokenPairSchema.parse(JSON.parse(secretString));
 * ```
 */
export const storedTokenPairSchema: z.ZodMiniType<StoredTokenPair> = z.object({
  accessToken: z.string().check(z.minLength(1)),
  refreshToken: z.string().check(z.minLength(1)),
  accessTokenExpiresAt: z.iso.datetime(),
  refreshTokenExpiresAt: z.iso.datetime(),
});
