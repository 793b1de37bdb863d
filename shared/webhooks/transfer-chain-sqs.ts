import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Observability } from '../ports/observability.js';
import { PoisonMessageError } from './errors.js';
import { type DwollaEventPayload, parseDwollaEvent } from './payload.js';

/**
 * Runs `handle` on every record of an SQS batch of Dwolla events and reports the records that
 * failed, for `reportBatchItemFailures`: only those go back to the queue, nothing else in the
 * batch is redone. Each record body is the raw Dwolla JSON (SNS raw message delivery).
 * A body that is not a Dwolla event is a poison message: logged, counted (`PoisonMessages`)
 * and reported as failed so it lands in the DLQ, never silently dropped.
 *
 * @example
 * ```ts
 * export const handler = lambdaHandler((event: SQSEvent) =>
 *   processDwollaEventBatch(event, (payload) => processor.process(payload), { logger, metrics }),
 * );
 * ```
 */
export async function processDwollaEventBatch(
  event: SQSEvent,
  handle: (payload: DwollaEventPayload) => Promise<unknown>,
  observability: Observability,
): Promise<SQSBatchResponse> {
  const results = await Promise.all(
    event.Records.map((record) => processRecord(record, handle, observability)),
  );
  const batchItemFailures: SQSBatchItemFailure[] = results.filter(
    (failure): failure is SQSBatchItemFailure => failure !== undefined,
  );
  return { batchItemFailures };
}

async function processRecord(
  record: SQSRecord,
  handle: (payload: DwollaEventPayload) => Promise<unknown>,
  { logger, metrics }: Observability,
): Promise<SQSBatchItemFailure | undefined> {
  const failed = { itemIdentifier: record.messageId };
  let payload: DwollaEventPayload;
  try {
    payload = parseDwollaEvent(JSON.parse(record.body));
  } catch (cause) {
    const error = new PoisonMessageError(record.messageId, { cause });
    logger.error('poison message', { messageId: record.messageId, error: error.message });
    metrics.addMetric('PoisonMessages', 'Count', 1);
    return failed;
  }
  try {
    await handle(payload);
    return undefined;
  } catch (error) {
    logger.error('event processing failed; returned to the queue', {
      messageId: record.messageId,
      eventId: payload.id,
      topic: payload.topic,
      resourceId: payload.resourceId,
      error: describe(error),
      cause:
        error instanceof Error && error.cause !== undefined ? describe(error.cause) : undefined,
    });
    return failed;
  }
}

/** Name and message only: our errors never carry a token or a secret, and no stack is needed. */
function describe(error: unknown): { name: string; message: string } | string {
  return error instanceof Error ? { name: error.name, message: error.message } : String(error);
}
