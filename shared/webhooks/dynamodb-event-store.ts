import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type EventItem, keys } from '../adapters/dynamodb/table-design.js';
import type { EventRef, EventRepository } from './event-store.js';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** BatchGetItem reads at most 100 keys per call. */
const BATCH_GET_LIMIT = 100;
/** Rounds of `UnprocessedKeys` retries before giving up (the caller then fails and retries). */
const MAX_UNPROCESSED_ROUNDS = 5;

/**
 * {@link EventRepository} on the single table: one conditional Put per event on
 * `keys.event(resourceId, eventId)` (`attribute_not_exists(pk)`), so a redelivery or a replay
 * is a no-op (BatchWriteItem cannot carry a condition, hence one Put per record), and
 * BatchGetItem to find which events are already stored.
 *
 * @example
 * ```ts
 * const repository = dynamoDbEventRepository(documentClient(), config.TABLE_NAME);
 * await repository.putIfAbsent(item); // 'stored' | 'duplicate'
 * ```
 */
export function dynamoDbEventRepository(
  client: DynamoDBDocumentClient,
  tableName: string,
): EventRepository {
  return {
    async putIfAbsent(item: EventItem) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'stored';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'duplicate';
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
          return 'duplicate';
        }
        throw error;
      }
    },

    async storedEventIds(refs: readonly EventRef[]) {
      const found = new Set<string>();
      const unique = [
        ...new Map(refs.map((ref) => [`${ref.resourceId}\u0000${ref.eventId}`, ref])).values(),
      ];
      for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
        let pending: Record<string, unknown>[] = unique
          .slice(start, start + BATCH_GET_LIMIT)
          .map((ref) => keys.event(ref.resourceId, ref.eventId));
        for (let round = 0; pending.length > 0; round += 1) {
          if (round >= MAX_UNPROCESSED_ROUNDS) {
            throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
          }
          if (round > 0) await delay(25 * 2 ** round);
          const output = await client.send(
            new BatchGetCommand({
              RequestItems: {
                [tableName]: { Keys: pending, ProjectionExpression: 'eventId' },
              },
            }),
          );
          for (const item of output.Responses?.[tableName] ?? []) {
            if (typeof item.eventId === 'string') found.add(item.eventId);
          }
          pending = (output.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
        }
      }
      return found;
    },
  };
}
