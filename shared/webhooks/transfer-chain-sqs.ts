import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { processSqsBatch, type SqsBatchObservability } from '../sqs-batch.js';
import { type DwollaEventPayload, parseDwollaEvent } from './payload.js';

/** The logging a processor needs (the Powertools `Logger` satisfies it). */
export interface ProcessorLogger {
  info(message: string, ...context: Record<string, unknown>[]): void;
  warn(message: string, ...context: Record<string, unknown>[]): void;
  error(message: string, ...context: Record<string, unknown>[]): void;
}

/** The metrics a processor emits (the Powertools `Metrics` satisfies it). */
export interface ProcessorMetrics {
  addMetric(name: string, unit: Parameters<Metrics['addMetric']>[1], value: number): void;
}

/** Logging and metrics, injected so tests can observe them. */
export interface ProcessorObservability {
  readonly logger: ProcessorLogger;
  readonly metrics: ProcessorMetrics;
}

/**
 * Runs `handle` on every record of an SQS batch of Dwolla events and reports the records that
 * failed, for `reportBatchItemFailures` ({@link processSqsBatch}: a body that is not a Dwolla
 * event is a poison message, counted and reported as failed so it reaches the DLQ). Each record
 * body is the raw Dwolla JSON (SNS raw message delivery).
 *
 * @example
 * ```ts
 * export const handler = middy((event: SQSEvent) =>
 *   processDwollaEventBatch(event, (payload) => processor.process(payload), { logger, metrics }),
 * );
 * ```
 */
export function processDwollaEventBatch(
  event: SQSEvent,
  handle: (payload: DwollaEventPayload, record: SQSRecord) => Promise<unknown>,
  observability: SqsBatchObservability,
): Promise<SQSBatchResponse> {
  return processSqsBatch(
    event.Records,
    { parse: parseDwollaEventBody, handle, ids: eventIds },
    observability,
  );
}

/** The Dwolla event in an SQS record body; throws when it is not JSON or not an event. */
function parseDwollaEventBody(body: string): DwollaEventPayload {
  return parseDwollaEvent(JSON.parse(body));
}

/**
 * The ids that name a Dwolla event in a log line.
 *
 * @example
 * ```ts
 * logger.info('event stored', eventIds(event)); // { eventId, topic, resourceId }
 * ```
 */
export function eventIds(event: DwollaEventPayload): Record<string, string> {
  return { eventId: event.id, topic: event.topic, resourceId: event.resourceId };
}
