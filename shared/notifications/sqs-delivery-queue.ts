import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { RetryScheduler } from './delivery-sqs.js';
import { DeliveryEnqueueError } from './errors.js';
import type { Delivery, DeliveryQueue } from './ports.js';

const SQS_MAX_PER_BATCH = 10;

/**
 * The notifications FIFO queue. Message group = endpoint and leg: a leg's notifications reach
 * an endpoint in the order their statuses were stored, and a group waiting out its backoff holds
 * up nothing but itself. Deduplication id = endpoint, notification and replay, so a stream
 * record handled twice queues each delivery once.
 *
 * @example
 * ```ts
 * const queue = new SqsDeliveryQueue({ sqs: sqsClient(), queueUrl: config.NOTIFICATIONS_QUEUE_URL });
 * ```
 */
export class SqsDeliveryQueue implements DeliveryQueue, RetryScheduler {
  readonly #sqs: SQSClient;
  readonly #queueUrl: string;

  constructor(options: { sqs: SQSClient; queueUrl: string }) {
    this.#sqs = options.sqs;
    this.#queueUrl = options.queueUrl;
  }

  async enqueue(deliveries: readonly Delivery[]): Promise<void> {
    for (let i = 0; i < deliveries.length; i += SQS_MAX_PER_BATCH) {
      const chunk = deliveries.slice(i, i + SQS_MAX_PER_BATCH);
      const { Failed } = await this.#sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.#queueUrl,
          Entries: chunk.map((delivery, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(delivery),
            MessageGroupId: `${delivery.endpointId}:${delivery.transferId}`,
            MessageDeduplicationId: createHash('sha256')
              .update(`${delivery.endpointId}|${delivery.webhookId}|${delivery.replayId ?? ''}`)
              .digest('hex'),
          })),
        }),
      );
      if (Failed && Failed.length > 0) throw new DeliveryEnqueueError(Failed.length);
    }
  }

  async retryLater(receiptHandle: string, delaySeconds: number): Promise<void> {
    await this.#sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.#queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: delaySeconds,
      }),
    );
  }
}
