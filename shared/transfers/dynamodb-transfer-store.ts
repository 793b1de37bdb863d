import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type EventItem,
  keys,
  TABLE,
  type TransferLegItem,
} from '../adapters/dynamodb/table-design.js';
import { type Actor, type LegEvent, STATUS_RANK, type TransferLeg } from '../domain/transfer.js';
import { DynamoDbCreatedLegStore } from './dynamodb-created-leg-store.js';
import { type Leg, legFromItem } from './leg-view.js';
import type { TransferStore } from './ports.js';

function toEvent(item: EventItem): LegEvent {
  return { id: item.eventId, topic: item.topic, created: item.created };
}

/**
 * {@link TransferStore} on the single table (`shared/adapters/dynamodb/table-design.ts`): the
 * {@link DynamoDbCreatedLegStore} write plus the reads and the cancel. The leg item is shared with
 * the webhook pipeline, so every write is an `UpdateItem` that only fills what is missing
 * (`if_not_exists`) or moves the status up its rank (arrival order of the API answer and of
 * webhooks never matters).
 *
 * @example
 * ```ts
 * const transfers = new DynamoDbTransferStore({ client: documentClient(), tableName });
 * ```
 */
export class DynamoDbTransferStore extends DynamoDbCreatedLegStore implements TransferStore {
  async getWithEvents(transferId: string): Promise<TransferLeg | undefined> {
    const items = await this.#queryAll({
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.resourcePk(transferId) },
    });
    const legItem = items.find((item) => item.sk === 'TRANSFER');
    if (!legItem) return undefined;
    const events = items
      .filter((item) => String(item.sk).startsWith('EVENT#'))
      .map((item) => toEvent(item as unknown as EventItem))
      .sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0));
    return { ...legFromItem(legItem as unknown as TransferLegItem), events };
  }

  async get(transferId: string): Promise<Leg | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.transfer(transferId) }),
    );
    return Item ? legFromItem(Item as TransferLegItem) : undefined;
  }

  async findByCorrelationId(tenantId: string, correlationId: string): Promise<Leg[]> {
    const items = await this.#queryAll({
      TableName: this.tableName,
      IndexName: TABLE.correlationIndex.name,
      KeyConditionExpression: '#gsi1pk = :pk',
      ExpressionAttributeNames: { '#gsi1pk': TABLE.correlationIndex.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.correlationPk(tenantId, correlationId) },
    });
    return items
      .filter((item) => item.sk === 'TRANSFER')
      .map((item) => legFromItem(item as unknown as TransferLegItem));
  }

  async markCancelled(transferId: string, now: Date, by: Actor): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.transfer(transferId),
          UpdateExpression:
            'SET #status = :cancelled, #statusRank = :rank, #updatedAt = :now, ' +
            '#cancelledBy = if_not_exists(#cancelledBy, :by), #cancelledAt = if_not_exists(#cancelledAt, :now)',
          // https://developers.dwolla.com/docs/balance/transfer-lifecycle: statuses only move
          // forward; a `transfer_cancelled` webhook may be first.
          ConditionExpression:
            'attribute_exists(#pk) AND (attribute_not_exists(#statusRank) OR #statusRank < :rank)',
          ExpressionAttributeNames: {
            '#pk': TABLE.partitionKey,
            '#status': 'status',
            '#statusRank': 'statusRank',
            '#updatedAt': 'updatedAt',
            '#cancelledBy': 'cancelledBy',
            '#cancelledAt': 'cancelledAt',
          },
          ExpressionAttributeValues: {
            ':cancelled': 'cancelled',
            ':rank': STATUS_RANK.cancelled,
            ':now': now.toISOString(),
            ':by': by,
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The `transfer_cancelled` webhook was first: Dwolla accepted our cancel all the same,
      // so who asked for it is still recorded.
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.transfer(transferId),
          UpdateExpression:
            'SET #cancelledBy = if_not_exists(#cancelledBy, :by), #cancelledAt = if_not_exists(#cancelledAt, :now)',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: {
            '#pk': TABLE.partitionKey,
            '#cancelledBy': 'cancelledBy',
            '#cancelledAt': 'cancelledAt',
          },
          ExpressionAttributeValues: { ':by': by, ':now': now.toISOString() },
        }),
      );
    }
  }

  /** One logical Query, followed across DynamoDB's 1 MB pages. */
  async #queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({ ...input, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
