import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../adapters/dynamodb/table-design.js';
import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';
import type { ReconcileCursor, ReconcileCursorStore } from './reconcile.js';

/** The cursor item's name (`keys.cursor`). */
export const EVENTS_CURSOR_NAME = 'dwolla-events';

/**
 * {@link ReconcileCursorStore} on the single table, item `keys.cursor('dwolla-events')` with
 * `created`, `eventId` and `updatedAt`. Only the scheduled job writes it (one run at a time:
 * EventBridge rate schedule, function timeout shorter than the rate).
 *
 * @example
 * ```ts
 * const cursor = dynamoDbReconcileCursorStore(documentClient(), config.TABLE_NAME);
 * await cursor.put({ created: '2026-01-01T00:00:00.000Z', eventId: 'evt-1' });
 * ```
 */
export function dynamoDbReconcileCursorStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  clock: Clock = systemClock,
): ReconcileCursorStore {
  const key = keys.cursor(EVENTS_CURSOR_NAME);
  return {
    async get() {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
      );
      if (typeof Item?.created !== 'string' || typeof Item.eventId !== 'string') return undefined;
      return { created: Item.created, eventId: Item.eventId };
    },
    async put(cursor: ReconcileCursor) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...key,
            created: cursor.created,
            eventId: cursor.eventId,
            updatedAt: clock.now().toISOString(),
          },
        }),
      );
    },
  };
}
