import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import type { Observability } from '../ports/observability.js';
import type { DeliveryOutcome } from './delivery.js';
import { MalformedDeliveryError } from './errors.js';
import { NOTIFICATION_TYPES } from './notification.js';
import type { Delivery } from './ports.js';

const nonEmpty = z.string().check(z.minLength(1));

/** The delivery message as the outbox relay and the replay write it. */
const deliverySchema = z.object({
  tenantId: nonEmpty,
  endpointId: nonEmpty,
  webhookId: nonEmpty,
  transferId: nonEmpty,
  type: z.enum(NOTIFICATION_TYPES),
  occurredAt: nonEmpty,
  body: nonEmpty,
  replayId: z.optional(nonEmpty),
});

/** Sets when a message that failed comes back (SQS `ChangeMessageVisibility`). */
export interface RetryScheduler {
  retryLater(receiptHandle: string, delaySeconds: number): Promise<void>;
}

/**
 * Runs one delivery per record of an SQS batch, all at once (a slow endpoint never holds up the
 * others), and reports the failed ones for `reportBatchItemFailures`. A failed attempt's message
 * is made visible again after the backoff; when no attempt is left it is made visible at once,
 * so that its next receive moves it to the DLQ (`maxReceiveCount` = attempts). The attempt
 * number is SQS's `ApproximateReceiveCount`.
 *
 * @example
 * ```ts
 * export const handler = (event: SQSEvent) => processDeliveryBatch(event, deliver, queue, { logger, metric });
 * ```
 */
export async function processDeliveryBatch(
  event: SQSEvent,
  deliver: (delivery: Delivery, attempt: number) => Promise<DeliveryOutcome>,
  scheduler: RetryScheduler,
  observability: Pick<Observability, 'logger'>,
): Promise<SQSBatchResponse> {
  const failures = await Promise.all(
    event.Records.map((record) => processRecord(record, deliver, scheduler, observability)),
  );
  return {
    batchItemFailures: failures.filter(
      (failure): failure is SQSBatchItemFailure => failure !== undefined,
    ),
  };
}

async function processRecord(
  record: SQSRecord,
  deliver: (delivery: Delivery, attempt: number) => Promise<DeliveryOutcome>,
  scheduler: RetryScheduler,
  { logger }: Pick<Observability, 'logger'>,
): Promise<SQSBatchItemFailure | undefined> {
  const failed = { itemIdentifier: record.messageId };
  let delivery: Delivery;
  try {
    delivery = deliverySchema.parse(JSON.parse(record.body)) as Delivery;
  } catch (cause) {
    const error = new MalformedDeliveryError(record.messageId, { cause });
    logger.error('malformed delivery message', {
      messageId: record.messageId,
      error: error.message,
    });
    return failed;
  }
  const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
  try {
    const outcome = await deliver(delivery, attempt);
    if (outcome.kind === 'retry')
      await scheduler.retryLater(record.receiptHandle, outcome.delaySeconds);
    if (outcome.kind === 'exhausted') await scheduler.retryLater(record.receiptHandle, 0);
    return outcome.kind === 'retry' || outcome.kind === 'exhausted' ? failed : undefined;
  } catch (error) {
    logger.error('delivery failed before an attempt; returned to the queue', {
      messageId: record.messageId,
      endpointId: delivery.endpointId,
      webhookId: delivery.webhookId,
      error: error instanceof Error ? error.name : String(error),
    });
    return failed;
  }
}
