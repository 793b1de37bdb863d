import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * CloudWatch metrics in Embedded Metric Format (Powertools): no API call, written with the logs.
 *
 * @example
 * ```ts
 * metrics.addMetric('EventsReceived', MetricUnit.Count, 1);
 * ```
 */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'DwollaServerless',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dwolla-serverless',
});

export { MetricUnit };
