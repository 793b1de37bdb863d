/** The local gateway's cache of authorizer decisions. */

/**
 * The authorizer's answers per identity value, for `resultsCacheTtlSeconds` (as API Gateway).
 *
 * @example
 * ```ts
 * const cache = new AuthorizerCache(AUTHORIZER.resultsCacheTtlSeconds * 1000);
 * cache.set(apiKey, { isAuthorized: true });
 * ```
 */
export class AuthorizerCache {
  private readonly entries = new Map<
    string,
    { expiresAt: number; decision: { isAuthorized: boolean; context?: Record<string, unknown> } }
  >();

  constructor(private readonly ttlMs: number) {}

  get(identity: string) {
    const entry = this.entries.get(identity);
    if (!entry || entry.expiresAt <= Date.now()) {
      this.entries.delete(identity);
      return undefined;
    }
    return entry.decision;
  }

  set(identity: string, decision: { isAuthorized: boolean; context?: Record<string, unknown> }) {
    if (this.ttlMs <= 0) return;
    this.entries.set(identity, { expiresAt: Date.now() + this.ttlMs, decision });
  }
}
