import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { keys, TABLE } from '../adapters/dynamodb/table-design.js';
import { NOTIFICATION_RETENTION_DAYS } from './endpoints.js';
import type { Notification, NotificationType } from './notification.js';
import type { DeliveryLog, NotificationStore } from './ports.js';

const DAY_MS = 86_400_000;

function expiresAtEpoch(from: Date): number {
  return Math.floor((from.getTime() + NOTIFICATION_RETENTION_DAYS * DAY_MS) / 1000);
}

function toNotification(item: Record<string, unknown>): Notification {
  return {
    webhookId: String(item.webhookId),
    type: item.type as NotificationType,
    tenantId: String(item.tenantId),
    transferId: String(item.transferId),
    occurredAt: String(item.occurredAt),
    body: String(item.body),
  };
}

/**
 * {@link NotificationStore} and {@link DeliveryLog} on the single table. Notifications live in
 * one partition per tenant and UTC day, sorted by the time their status was stored, so a replay
 * reads only the days it asks for; both kinds of item expire after the retention period.
 *
 * @example
 * ```ts
 * const store = new DynamoDbNotificationStore({ client: documentClient(), tableName });
 * ```
 */
export class DynamoDbNotificationStore implements NotificationStore, DeliveryLog {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async record(notification: Notification): Promise<Notification> {
    const key = keys.notification(
      notification.tenantId,
      notification.occurredAt,
      notification.webhookId,
    );
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: {
            ...key,
            ...notification,
            [TABLE.ttlAttribute]: expiresAtEpoch(new Date(notification.occurredAt)),
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
          // A retried stream record finds its notification stored: the failed write hands it
          // back, so the body first fixed is reused without a second read.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return notification;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return error.Item ? toNotification(unmarshall(error.Item)) : notification;
    }
  }

  async listSince(tenantId: string, since: Date, now: Date): Promise<Notification[]> {
    const notifications: Notification[] = [];
    const sinceIso = since.toISOString();
    for (let day = since.getTime(); day <= now.getTime() + DAY_MS; day += DAY_MS) {
      const pk = keys.notificationPk(tenantId, new Date(day).toISOString().slice(0, 10));
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.#client.send(
          new QueryCommand({
            TableName: this.#tableName,
            KeyConditionExpression: '#pk = :pk AND #sk >= :since',
            ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#sk': TABLE.sortKey },
            ExpressionAttributeValues: { ':pk': pk, ':since': sinceIso },
            ExclusiveStartKey: startKey,
          }),
        );
        notifications.push(...(page.Items ?? []).map(toNotification));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return notifications;
  }

  async wasDelivered(endpointId: string, webhookId: string): Promise<boolean> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: keys.deliveredMarker(endpointId, webhookId),
        ConsistentRead: true,
      }),
    );
    return Item !== undefined;
  }

  async markDelivered(endpointId: string, webhookId: string, now: Date): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: {
          ...keys.deliveredMarker(endpointId, webhookId),
          deliveredAt: now.toISOString(),
          [TABLE.ttlAttribute]: expiresAtEpoch(now),
        },
      }),
    );
  }
}
