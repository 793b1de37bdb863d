import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * Powertools `Metrics` that flushes nothing, and says nothing, when an invocation counted
 * nothing: `logMetrics` flushes after every invocation of every function, and Powertools would
 * otherwise write a "No application metrics to publish" warning on each request of a route that
 * counts nothing (a log line per request, paid for in CloudWatch Logs).
 */
export class FlushWhenCountedMetrics extends Metrics {
  override publishStoredMetrics(): this {
    return this.hasStoredMetrics() ? super.publishStoredMetrics() : this;
  }
}

/**
 * CloudWatch metrics in Embedded Metric Format (Powertools): no API call, written with the logs.
 *
 * @example
 * ```ts
 * metrics.addMetric('EventsReceived', MetricUnit.Count, 1);
 * ```
 */
export const metrics = new FlushWhenCountedMetrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'DwollaServerless',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dwolla-serverless',
});

export { MetricUnit };
