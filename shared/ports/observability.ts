/**
 * The two observability ports of every module: a structured logger and a metrics recorder.
 * Powertools' `Logger` and `Metrics` (`shared/observability/`) are their adapters in Lambda;
 * tests pass recording fakes. Log and count ids (event, transfer, correlation, account), never a
 * token, secret, authorization code or signature.
 */

/** Structured fields of one log line. */
export type LogFields = Record<string, unknown>;

/**
 * The structured JSON logger (Powertools `Logger` satisfies it).
 *
 * @example
 * ```ts
 * deps.logger.info('event stored', { eventId, topic });
 * ```
 */
export interface Logger {
  info(message: string, ...fields: LogFields[]): void;
  warn(message: string, ...fields: LogFields[]): void;
  error(message: string, ...fields: LogFields[]): void;
}

/** The units this project's metrics use (CloudWatch units, as Powertools names them). */
export type MetricUnitName = 'Count' | 'Seconds' | 'Milliseconds';

/**
 * CloudWatch metrics in Embedded Metric Format (Powertools `Metrics` satisfies it). Namespace
 * `DwollaServerless`; the entry file's `logMetrics` flushes them once per invocation.
 *
 * @example
 * ```ts
 * deps.metrics.addMetric('EventsStored', 'Count', 1);
 * ```
 */
export interface Metrics {
  addMetric(name: string, unit: MetricUnitName, value: number): void;
}

/**
 * The logger and metrics a use case is given, so tests can observe both.
 *
 * @example
 * ```ts
 * export interface TransferChainDependencies extends Observability { readonly legs: LegStore }
 * ```
 */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}
