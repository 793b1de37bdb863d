/**
 * Where a module counts noteworthy events: Powertools metrics in AWS
 * (`shared/accounts/metric-sink.ts`), a recording fake in tests.
 *
 * @example
 * ```ts
 * sink.count('RefreshTokenRejected');
 * ```
 */
export interface MetricSink {
  count(name: string): void;
}
