/**
 * How the Dwolla client retries: exponential backoff with jitter, bounded both in attempts and
 * in total time, honouring `Retry-After` (https://developers.dwolla.com/api-reference: back off
 * exponentially on 429 and retry 429/500/502/503/504 only).
 *
 * @example
 * ```ts
 * // The transfer API answers its caller within a few seconds, so it gives Dwolla less time:
 * createDwollaClient({ apiUrl, retry: { totalBudgetMs: 3_000 } });
 * ```
 */
export interface RetryPolicy {
  /** Attempts in all, the first one included. `1` disables retries. */
  readonly maxAttempts: number;
  /** Delay before the first retry; doubled each time, then jittered. */
  readonly baseDelayMs: number;
  /** Upper bound of one backoff delay (before `Retry-After`). */
  readonly maxDelayMs: number;
  /**
   * Wall-clock budget for retrying: no wait (backoff or `Retry-After`) that would end past it
   * is started, so a call takes at most `totalBudgetMs + attemptTimeoutMs`.
   */
  readonly totalBudgetMs: number;
  /** Timeout of a single HTTP attempt (`AbortSignal.timeout`). */
  readonly attemptTimeoutMs: number;
}

/**
 * Defaults sized for a Lambda talking to Dwolla: four attempts within ten seconds.
 *
 * @example
 * ```ts
 * const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 2 };
 * ```
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  totalBudgetMs: 10_000,
  attemptTimeoutMs: 5_000,
});

/** HTTP statuses worth another attempt (https://developers.dwolla.com/api-reference). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/**
 * Merges caller overrides onto the defaults and rejects nonsense early (a zero budget would
 * silently turn every call into a failure).
 *
 * @example
 * ```ts
 * resolveRetryPolicy({ baseDelayMs: 1 }); // { maxAttempts: 4, baseDelayMs: 1, ... }
 * ```
 */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError('RetryPolicy.maxAttempts must be an integer >= 1');
  }
  for (const key of ['baseDelayMs', 'maxDelayMs', 'totalBudgetMs', 'attemptTimeoutMs'] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0) {
      throw new RangeError(`RetryPolicy.${key} must be a finite number >= 0`);
    }
  }
  return policy;
}

/**
 * Backoff before retry number `retry` (1 for the first retry): "equal jitter", so the delay is
 * never zero yet concurrent callers spread out.
 *
 * @example
 * ```ts
 * backoffDelayMs(DEFAULT_RETRY_POLICY, 2, Math.random); // between 200 and 400
 * ```
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  retry: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Parses a `Retry-After` header (delta-seconds or an HTTP date) into seconds, or `undefined`.
 *
 * @example
 * ```ts
 * parseRetryAfterSeconds('3', Date.now()); // 3
 * ```
 */
export function parseRetryAfterSeconds(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, (dateMs - nowMs) / 1000);
}
