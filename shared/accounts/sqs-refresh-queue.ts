import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { RefreshEnqueueError } from './errors.js';
import type { RefreshQueue } from './ports.js';

/** SQS accepts at most 10 entries per `SendMessageBatch`. */
const SQS_BATCH = 10;

/**
 * {@link RefreshQueue} on SQS: one `{ "accountId": ... }` message per account, sent in batches
 * of 10; entries SQS refused are re-sent once, then reported as an error.
 *
 * @example
 * ```ts
 * const queue = new SqsRefreshQueue({ client: sqsClient(), queueUrl });
 * ```
 */
export class SqsRefreshQueue implements RefreshQueue {
  private readonly client: SQSClient;
  private readonly queueUrl: string;

  constructor(options: { client: SQSClient; queueUrl: string }) {
    this.client = options.client;
    this.queueUrl = options.queueUrl;
  }

  async enqueue(accountIds: readonly string[]): Promise<void> {
    for (let start = 0; start < accountIds.length; start += SQS_BATCH) {
      let batch = accountIds.slice(start, start + SQS_BATCH);
      for (let attempt = 1; batch.length > 0; attempt++) {
        const { Failed } = await this.client.send(
          new SendMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: batch.map((accountId, index) => ({
              Id: String(index),
              MessageBody: JSON.stringify({ accountId }),
            })),
          }),
        );
        const failed = new Set((Failed ?? []).map((entry) => Number(entry.Id)));
        batch = batch.filter((_, index) => failed.has(index));
        if (batch.length > 0 && attempt >= 2) {
          throw new RefreshEnqueueError(batch.length);
        }
      }
    }
  }
}
