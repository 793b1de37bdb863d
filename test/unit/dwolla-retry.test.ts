import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  parseRetryAfterSeconds,
  resolveRetryPolicy,
} from '../../shared/dwolla/retry.js';

describe('Function: backoffDelayMs', () => {
  it('grows exponentially, stays within [ceiling/2, ceiling] and never exceeds maxDelayMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (retry, r) => {
          // Prepare
          const ceiling = Math.min(
            DEFAULT_RETRY_POLICY.maxDelayMs,
            DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** (retry - 1),
          );

          // Act
          const delay = backoffDelayMs(DEFAULT_RETRY_POLICY, retry, () => r);

          // Assess
          expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
          expect(delay).toBeLessThanOrEqual(ceiling);
        },
      ),
    );
  });

  it('doubles the ceiling from one retry to the next', () => {
    // Act
    const delays = [1, 2, 3].map((retry) => backoffDelayMs(DEFAULT_RETRY_POLICY, retry, () => 1));

    // Assess
    expect(delays).toEqual([200, 400, 800]);
  });
});

describe('Function: parseRetryAfterSeconds', () => {
  it('reads delta-seconds and HTTP dates, and ignores garbage', () => {
    // Prepare
    const now = Date.parse('2026-01-01T00:00:00Z');

    // Act / Assess
    expect(parseRetryAfterSeconds('120', now)).toBe(120);
    expect(parseRetryAfterSeconds('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfterSeconds('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterSeconds('soon', now)).toBeUndefined();
    expect(parseRetryAfterSeconds(null, now)).toBeUndefined();
  });
});

describe('Function: resolveRetryPolicy', () => {
  it('keeps the defaults the callers rely on and applies overrides', () => {
    // Act
    const policy = resolveRetryPolicy({ totalBudgetMs: 3_000 });

    // Assess
    expect(policy).toEqual({
      maxAttempts: 4,
      baseDelayMs: 200,
      maxDelayMs: 5_000,
      totalBudgetMs: 3_000,
      attemptTimeoutMs: 5_000,
    });
  });

  it('refuses a policy that could never make a request', () => {
    // Act / Assess
    expect(() => resolveRetryPolicy({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy({ totalBudgetMs: -1 })).toThrow(RangeError);
  });
});
