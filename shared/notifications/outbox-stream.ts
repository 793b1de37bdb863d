import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { TransferLegItem } from '../adapters/dynamodb/table-design.js';
import type { Observability } from '../ports/observability.js';
import { notificationsForChange } from './notification.js';
import type { BatchEndpoints, OutboxRelay } from './outbox.js';

type StreamImage = Record<string, AttributeValue>;

function image(value: unknown): TransferLegItem | undefined {
  return value ? (unmarshall(value as StreamImage) as TransferLegItem) : undefined;
}

/**
 * Relays the notifications of a batch of table changes (DynamoDB Streams, `NEW_AND_OLD_IMAGES`),
 * strictly in stream order. On the first record that fails it stops and reports that record's
 * sequence number (`reportBatchItemFailures`): Lambda then retries from it, so a leg's
 * notifications are never queued out of order and none is skipped. Each tenant's endpoints are
 * read once per batch ({@link BatchEndpoints}).
 *
 * @example
 * ```ts
 * export const handler = (event: DynamoDBStreamEvent) => processOutboxStream(event, relay, { logger, metric });
 * ```
 */
export async function processOutboxStream(
  event: DynamoDBStreamEvent,
  relay: OutboxRelay,
  { logger, metrics }: Observability,
): Promise<DynamoDBBatchResponse> {
  const batch: BatchEndpoints = new Map();
  for (const record of event.Records) {
    const change = record.dynamodb;
    try {
      const stamp = change?.ApproximateCreationDateTime;
      const fallbackTime = new Date(stamp ? stamp * 1000 : Date.now()).toISOString();
      const notifications = notificationsForChange(
        image(change?.OldImage),
        image(change?.NewImage),
        fallbackTime,
      );
      for (const notification of notifications) {
        const endpoints = await relay(notification, batch);
        metrics.addMetric('NotificationsCreated', 'Count', 1);
        logger.info('notification queued', {
          webhookId: notification.webhookId,
          transferId: notification.transferId,
          tenantId: notification.tenantId,
          endpoints,
        });
      }
    } catch (error) {
      logger.error('notification relay failed; the stream retries from this record', {
        sequenceNumber: change?.SequenceNumber,
        error: error instanceof Error ? error.message : String(error),
      });
      return { batchItemFailures: [{ itemIdentifier: change?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}
