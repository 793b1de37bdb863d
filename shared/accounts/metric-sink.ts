import { MetricUnit, metrics } from '../observability/metrics.js';
import type { MetricSink } from './ports.js';

/**
 * The Powertools metrics sink. Token events are rare and may happen outside a handler wrapped
 * with `logMetrics`, so each one is flushed at once (an EMF log line, no API call).
 *
 * @example
 * ```ts
 * powertoolsMetricSink.count('RefreshTokenRejected');
 * ```
 */
export const powertoolsMetricSink: MetricSink = {
  count(name) {
    metrics.addMetric(name, MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
  },
};
