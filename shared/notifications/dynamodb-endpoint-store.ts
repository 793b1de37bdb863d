import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { keys, TABLE } from '../adapters/dynamodb/table-design.js';
import { EndpointLimitError } from './errors.js';
import type { NotificationType } from './notification.js';
import type { EndpointStore, WebhookEndpoint } from './ports.js';

function toEndpoint(item: Record<string, unknown>): WebhookEndpoint {
  return {
    id: String(item.endpointId),
    tenantId: String(item.tenantId),
    url: String(item.url),
    types: item.types as NotificationType[],
    description: typeof item.description === 'string' ? item.description : null,
    createdAt: String(item.createdAt),
  };
}

/**
 * {@link EndpointStore} on the single table: endpoints under their tenant's partition, next to a
 * counter item; creating and deleting change both in one transaction, so the per-tenant limit
 * holds even for concurrent requests.
 *
 * @example
 * ```ts
 * const endpoints = new DynamoDbEndpointStore({ client: documentClient(), tableName });
 * ```
 */
export class DynamoDbEndpointStore implements EndpointStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async create(endpoint: WebhookEndpoint, limit: number): Promise<void> {
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#tableName,
                Key: keys.webhookEndpointCount(endpoint.tenantId),
                UpdateExpression: 'ADD #count :one',
                ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
                ExpressionAttributeNames: { '#count': 'count' },
                ExpressionAttributeValues: { ':one': 1, ':limit': limit },
              },
            },
            {
              Put: {
                TableName: this.#tableName,
                Item: {
                  ...keys.webhookEndpoint(endpoint.tenantId, endpoint.id),
                  endpointId: endpoint.id,
                  tenantId: endpoint.tenantId,
                  url: endpoint.url,
                  types: [...endpoint.types],
                  description: endpoint.description ?? undefined,
                  createdAt: endpoint.createdAt,
                },
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
              },
            },
          ],
        }),
      );
    } catch (error) {
      const reasons =
        error instanceof TransactionCanceledException ? error.CancellationReasons : [];
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') throw new EndpointLimitError(limit);
      throw error;
    }
  }

  async list(tenantId: string): Promise<WebhookEndpoint[]> {
    const { Items } = await this.#client.send(
      new QueryCommand({
        TableName: this.#tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#sk': TABLE.sortKey },
        ExpressionAttributeValues: {
          ':pk': keys.tenantPk(tenantId),
          ':prefix': keys.webhookEndpointSkPrefix,
        },
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).map(toEndpoint);
  }

  async get(tenantId: string, endpointId: string): Promise<WebhookEndpoint | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: keys.webhookEndpoint(tenantId, endpointId),
        ConsistentRead: true,
      }),
    );
    return Item ? toEndpoint(Item) : undefined;
  }

  async delete(tenantId: string, endpointId: string): Promise<boolean> {
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.#tableName,
                Key: keys.webhookEndpoint(tenantId, endpointId),
                ConditionExpression: 'attribute_exists(#pk)',
                ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
              },
            },
            {
              Update: {
                TableName: this.#tableName,
                Key: keys.webhookEndpointCount(tenantId),
                UpdateExpression: 'ADD #count :minusOne',
                ExpressionAttributeNames: { '#count': 'count' },
                ExpressionAttributeValues: { ':minusOne': -1 },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      const reasons =
        error instanceof TransactionCanceledException ? error.CancellationReasons : [];
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }
}
