/**
 * True when `candidate` starts with one of the allowlist entries, compared as parsed URLs:
 * scheme, host and port must be equal and the path must start with the entry's path. A textual
 * prefix test would accept `https://app.example.com.evil.com` for `https://app.example.com`,
 * an open redirect.
 *
 * @example
 * ```ts
 * isAllowedReturnUrl('https://app.example.com/done?x=1', ['https://app.example.com/']); // true
 * isAllowedReturnUrl('https://app.example.com.evil.com/', ['https://app.example.com']); // false
 * ```
 */
export function isAllowedReturnUrl(candidate: string, allowlist: readonly string[]): boolean {
  const url = parse(candidate);
  if (!url || url.username || url.password) return false;
  return allowlist.some((entry) => {
    const allowed = parse(entry);
    if (!allowed) return false;
    if (url.protocol !== allowed.protocol || url.host !== allowed.host) return false;
    const prefix = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`;
    return url.pathname === allowed.pathname || url.pathname.startsWith(prefix);
  });
}

function parse(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `base` with the given query parameters added (existing ones kept, same names replaced).
 *
 * @example
 * ```ts
 * withQuery('https://app.example.com/done?x=1', { status: 'connected' });
 * // 'https://app.example.com/done?x=1&status=connected'
 * ```
 */
export function withQuery(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}
