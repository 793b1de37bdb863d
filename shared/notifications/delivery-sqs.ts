import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import type { Observability } from '../ports/observability.js';
import { processSqsBatch } from '../sqs-batch.js';
import type { DeliveryOutcome } from './delivery.js';
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
 * others), and reports the failed ones for `reportBatchItemFailures` ({@link processSqsBatch}: a
 * body that is not a delivery is a poison message, counted and sent to the DLQ). A failed
 * attempt's message is made visible again after the backoff; when no attempt is left it is made
 * visible at once, so that its next receive moves it to the DLQ (`maxReceiveCount` = attempts).
 * Either is an expected outcome, reported as failed without an error log (the delivery has
 * logged the attempt). The attempt number is SQS's `ApproximateReceiveCount`. A failure logs its
 * error's name only: a sender's error can quote the endpoint URL.
 *
 * @example
 * ```ts
 * export const handler = (event: SQSEvent) => processDeliveryBatch(event, deliver, queue, { logger, metrics });
 * ```
 */
export function processDeliveryBatch(
  event: SQSEvent,
  deliver: (delivery: Delivery, attempt: number) => Promise<DeliveryOutcome>,
  scheduler: RetryScheduler,
  observability: Observability,
): Promise<SQSBatchResponse> {
  return processSqsBatch(
    event.Records,
    {
      parse: (body) => deliverySchema.parse(JSON.parse(body)) as Delivery,
      async handle(delivery, record) {
        const outcome = await deliver(delivery, receiveCount(record));
        if (outcome.kind === 'retry')
          await scheduler.retryLater(record.receiptHandle, outcome.delaySeconds);
        if (outcome.kind === 'exhausted') await scheduler.retryLater(record.receiptHandle, 0);
        return outcome;
      },
      ids: ({ endpointId, webhookId }) => ({ endpointId, webhookId }),
    },
    observability,
    { returnToQueue: isScheduledRetry, errorDetail: 'name' },
  );
}

const isScheduledRetry = (outcome: DeliveryOutcome) =>
  outcome.kind === 'retry' || outcome.kind === 'exhausted';

/** The attempt number: SQS counts every receive, this one included. */
const receiveCount = (record: SQSRecord) => Number(record.attributes.ApproximateReceiveCount) || 1;
