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
 * const repository = new DynamoDbEventStore({ client: documentClient(), tableName: config.TABLE_NAME });
 * await repository.putIfAbsent(item); // 'stored' | 'duplicate'
 * ```
 */
export class DynamoDbEventStore implements EventRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async putIfAbsent(item: EventItem): Promise<'stored' | 'duplicate'> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
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
  }

  async storedEventIds(refs: readonly EventRef[]): Promise<ReadonlySet<string>> {
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
        const output = await this.#client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.#tableName]: { Keys: pending, ProjectionExpression: 'eventId' },
            },
          }),
        );
        for (const item of output.Responses?.[this.#tableName] ?? []) {
          if (typeof item.eventId === 'string') found.add(item.eventId);
        }
        pending = (output.UnprocessedKeys?.[this.#tableName]?.Keys ?? []) as Record<
          string,
          unknown
        >[];
      }
    }
    return found;
  }
}
