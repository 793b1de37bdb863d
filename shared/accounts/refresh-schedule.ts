import type { DwollaTokenSet } from '../ports/dwolla-api.js';
import type { StoredTokenPair } from '../ports/tokens.js';
import { IncompleteTokenResponseError } from './errors.js';

/**
 * Default number of days before the refresh token's expiry at which the scheduled refresh runs.
 * Refresh tokens live 60 days
 * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html): refreshing with 15 days
 * to spare leaves two weeks of daily retries before Dwolla would stop the account's webhooks
 * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html).
 */
export const DEFAULT_REFRESH_WINDOW_DAYS = 15;

/**
 * Refresh-token lifetime when the token response omits `refresh_expires_in`
 * (https://developers.dwolla.com/api-reference).
 */
const DEFAULT_REFRESH_EXPIRES_IN_SECONDS = 5_184_000;

/** An access token this close to its expiry is refreshed before use. */
export const ACCESS_TOKEN_MARGIN_MS = 60_000;

const DAY_MS = 86_400_000;

/**
 * The UTC day (`yyyy-mm-dd`) of a date: the key of a refresh-due bucket.
 *
 * @example
 * ```ts
 * dayOf(new Date('2026-01-02T23:59:00Z')); // '2026-01-02'
 * ```
 */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The day on which an account's scheduled refresh becomes due: `windowDays` before its refresh
 * token expires.
 *
 * @example
 * ```ts
 * refreshDueDate('2026-03-20T10:00:00.000Z', 15); // '2026-03-05'
 * ```
 */
export function refreshDueDate(refreshTokenExpiresAt: string, windowDays: number): string {
  return dayOf(new Date(Date.parse(refreshTokenExpiresAt) - windowDays * DAY_MS));
}

/**
 * True when the pair's scheduled refresh is due today or overdue.
 *
 * @example
 * ```ts
 * isRefreshDue(pair, 15, clock.now());
 * ```
 */
export function isRefreshDue(
  pair: Pick<StoredTokenPair, 'refreshTokenExpiresAt'>,
  windowDays: number,
  now: Date,
): boolean {
  return refreshDueDate(pair.refreshTokenExpiresAt, windowDays) <= dayOf(now);
}

/**
 * True when the access token must not be used any more: expired or within
 * {@link ACCESS_TOKEN_MARGIN_MS} of its expiry.
 *
 * @example
 * ```ts
 * if (isAccessTokenStale(pair, clock.now())) await refresh();
 * ```
 */
export function isAccessTokenStale(
  pair: Pick<StoredTokenPair, 'accessTokenExpiresAt'>,
  now: Date,
): boolean {
  return Date.parse(pair.accessTokenExpiresAt) - now.getTime() <= ACCESS_TOKEN_MARGIN_MS;
}

/**
 * The day buckets the scheduler reads, oldest first: every day from `lookbackDays` ago to today.
 * Older buckets hold only accounts whose refresh token died long ago.
 *
 * @example
 * ```ts
 * dueBuckets(new Date('2026-01-03T08:00:00Z'), 2); // ['2026-01-01', '2026-01-02', '2026-01-03']
 * ```
 */
export function dueBuckets(now: Date, lookbackDays: number): string[] {
  const buckets: string[] = [];
  for (let back = lookbackDays; back >= 0; back--) {
    buckets.push(dayOf(new Date(now.getTime() - back * DAY_MS)));
  }
  return buckets;
}

/**
 * Turns a token endpoint answer into the pair kept in the vault, with absolute expiry times.
 * Throws {@link IncompleteTokenResponseError} when the answer has no refresh token.
 *
 * @example
 * ```ts
 * const pair = toStoredPair(await auth.refresh(refreshToken), clock.now());
 * ```
 */
export function toStoredPair(tokens: DwollaTokenSet, now: Date): StoredTokenPair {
  if (!tokens.refreshToken) throw new IncompleteTokenResponseError('refresh_token');
  const at = now.getTime();
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessTokenExpiresAt: new Date(at + tokens.expiresIn * 1000).toISOString(),
    refreshTokenExpiresAt: new Date(
      at + (tokens.refreshExpiresIn ?? DEFAULT_REFRESH_EXPIRES_IN_SECONDS) * 1000,
    ).toISOString(),
  };
}

/**
 * Splits Dwolla's pipe-delimited scope string
 * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html ("OAuth scopes")).
 *
 * @example
 * ```ts
 * parseScopes('send|funding'); // ['send', 'funding']
 * ```
 */
export function parseScopes(scope: string): string[] {
  return scope
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
