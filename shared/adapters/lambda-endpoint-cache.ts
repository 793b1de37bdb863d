/** One discovered endpoint, as DynamoDB's `DescribeEndpoints` answers it. */
export interface DiscoveredEndpoint {
  readonly Address: string;
  readonly CachePeriodInMinutes: number;
}

/** A cached endpoint and the instant (epoch milliseconds) it expires. */
export interface EndpointWithExpiry {
  readonly Address: string;
  readonly Expires: number;
}

/**
 * The endpoint-discovery cache of the Lambda bundles. The CDK bundling (`LAMBDA_BUNDLING` in
 * `infra/constructs/dwolla-function.ts`) aliases `@aws-sdk/endpoint-cache` to this module: the
 * DynamoDB client builds one cache per client (`resolveEndpointDiscoveryConfig`), and the SDK's
 * own is a `mnemonist` LRU cache that brings `mnemonist` and `obliterator` (about 7 KB minified)
 * for a cache that none of our DynamoDB operations reads (none uses endpoint discovery;
 * `test/unit/lambda-bundling.test.ts` checks both facts). This one keeps the SDK's contract — the
 * same methods, expiry and least-recently-used eviction — on a `Map`, so it stays correct if
 * discovery is ever used. Outside a bundle (local runner, tests) the SDK's own cache is used.
 *
 * @example
 * ```ts
 * const cache = new EndpointCache(1000);
 * cache.set('key', [{ Address: 'dynamodb.eu-west-1.amazonaws.com', CachePeriodInMinutes: 1 }]);
 * cache.getEndpoint('key'); // 'dynamodb.eu-west-1.amazonaws.com'
 * ```
 */
export class EndpointCache {
  private readonly entries = new Map<string, EndpointWithExpiry[]>();

  constructor(private readonly capacity: number) {}

  /** One unexpired address for `key`, chosen at random as the SDK's cache does. */
  getEndpoint(key: string): string | undefined {
    const endpoints = this.get(key);
    if (!endpoints || endpoints.length === 0) return undefined;
    return endpoints[Math.floor(Math.random() * endpoints.length)]!.Address;
  }

  /** The unexpired endpoints of `key` (and marks it recently used); forgets it once all expired. */
  get(key: string): EndpointWithExpiry[] | undefined {
    if (!this.has(key)) return undefined;
    const value = this.entries.get(key)!;
    this.entries.delete(key);
    this.entries.set(key, value);
    const now = Date.now();
    const unexpired = value.filter((endpoint) => now < endpoint.Expires);
    if (unexpired.length === 0) {
      this.delete(key);
      return undefined;
    }
    return unexpired;
  }

  /** Stores `endpoints` for `key`, each expiring after its `CachePeriodInMinutes`. */
  set(key: string, endpoints: readonly DiscoveredEndpoint[]): void {
    const now = Date.now();
    this.store(
      key,
      endpoints.map(({ Address, CachePeriodInMinutes }) => ({
        Address,
        Expires: now + CachePeriodInMinutes * 60 * 1000,
      })),
    );
  }

  /** Empties `key`'s endpoints (the SDK's cache keeps the key, with none). */
  delete(key: string): void {
    this.store(key, []);
  }

  /** Whether `key` has endpoints stored (expired or not), without marking it used. */
  has(key: string): boolean {
    return (this.entries.get(key)?.length ?? 0) > 0;
  }

  clear(): void {
    this.entries.clear();
  }

  private store(key: string, value: EndpointWithExpiry[]): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }
}
