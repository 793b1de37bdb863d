/**
 * Lambda event filtering (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html)
 * for the local pollers: the subset of the pattern syntax `infra/definition.ts` uses — a list of
 * accepted values (strings or numbers), `{ exists: boolean }` and `{ prefix: string }`, nested
 * objects matching nested fields. A record is passed on when any pattern matches it.
 */

type Matcher = string | number | { exists?: boolean; prefix?: string };

function matchesValue(matchers: readonly Matcher[], value: unknown, present: boolean): boolean {
  return matchers.some((matcher) => {
    if (typeof matcher === 'string' || typeof matcher === 'number') return value === matcher;
    if (matcher.exists !== undefined) return matcher.exists === present;
    if (matcher.prefix !== undefined) {
      return typeof value === 'string' && value.startsWith(matcher.prefix);
    }
    return false;
  });
}

function matchesObject(pattern: Record<string, unknown>, value: unknown): boolean {
  const record = (value ?? {}) as Record<string, unknown>;
  return Object.entries(pattern).every(([key, expected]) => {
    const present = typeof value === 'object' && value !== null && key in record;
    if (Array.isArray(expected)) {
      return matchesValue(expected as Matcher[], record[key], present);
    }
    return present && matchesObject(expected as Record<string, unknown>, record[key]);
  });
}

/**
 * True when `event` matches one of `patterns` (or there are none).
 *
 * @example
 * ```ts
 * matchesAnyFilter([{ eventName: ['INSERT'] }], { eventName: 'INSERT' }); // true
 * ```
 */
export function matchesAnyFilter(
  patterns: readonly Record<string, unknown>[],
  event: unknown,
): boolean {
  return patterns.length === 0 || patterns.some((pattern) => matchesObject(pattern, event));
}
