import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Observability } from '../ports/observability.js';
import { processSqsBatch } from '../sqs-batch.js';
import { type DwollaEventPayload, parseDwollaEvent } from './payload.js';

/**
 * Runs `handle` on every record of an SQS batch of Dwolla events and reports the records that
 * failed, for `reportBatchItemFailures` ({@link processSqsBatch}: a body that is not a Dwolla
 * event is a poison message, counted and reported as failed so it reaches the DLQ). Each record
 * body is the raw Dwolla JSON (SNS raw message delivery).
 *
 * @example
 * ```ts
 * export const handler = lambdaHandler((event: SQSEvent) =>
 *   processDwollaEventBatch(event, (payload) => processor.process(payload), { logger, metrics }),
 * );
 * ```
 */
export function processDwollaEventBatch(
  event: SQSEvent,
  handle: (payload: DwollaEventPayload, record: SQSRecord) => Promise<unknown>,
  observability: Observability,
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
