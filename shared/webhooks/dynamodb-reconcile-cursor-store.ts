import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { keys } from '../adapters/dynamodb/table-design.js';
import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';
import type { ReconcileCursorStore, ReconcilePass, ReconcileState } from './reconcile-pass.js';

/** The cursor item's name (`keys.cursor`). */
const EVENTS_CURSOR_NAME = 'dwolla-events';

const CURSOR_KEY = keys.cursor(EVENTS_CURSOR_NAME);

const mark = { created: z.string(), eventId: z.string() };
const passSchema = z.object({
  target: z.object(mark),
  offset: z.int().check(z.minimum(0)),
  total: z.int().check(z.minimum(0)),
  checkedDownTo: z.optional(z.string()),
  checkedIds: z.array(z.string()),
});

/**
 * {@link ReconcileCursorStore} on the single table, item `keys.cursor('dwolla-events')`: the
 * cursor as `created` and `eventId`, an open pass as the map `pass`, and `updatedAt`. Only
 * reconcile writes it, with unconditional puts: a run started by hand during a scheduled one may
 * overwrite the other's newer progress with its own older one, which only makes the next run
 * re-read pages, never pass over one. A `pass` that does not read back as one is ignored, so a
 * damaged item costs a pass started over from the top, never a skipped event.
 *
 * @example
 * ```ts
 * const cursor = new DynamoDbReconcileCursorStore({ client: documentClient(), tableName: config.TABLE_NAME });
 * await cursor.put({ cursor: { created: '2026-01-01T00:00:00.000Z', eventId: 'evt-1' } });
 * ```
 */
export class DynamoDbReconcileCursorStore implements ReconcileCursorStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #clock: Clock;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string; clock?: Clock }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#clock = options.clock ?? systemClock;
  }

  async get(): Promise<ReconcileState | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: CURSOR_KEY, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const cursor = z.object(mark).safeParse(Item);
    const pass = passSchema.safeParse(Item.pass);
    const state: ReconcileState = {
      ...(cursor.success ? { cursor: cursor.data } : {}),
      ...(pass.success ? { pass: pass.data } : {}),
    };
    return state.cursor || state.pass ? state : undefined;
  }

  async put(state: ReconcileState): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: {
          ...CURSOR_KEY,
          ...(state.cursor ? { created: state.cursor.created, eventId: state.cursor.eventId } : {}),
          ...(state.pass ? { pass: passItem(state.pass) } : {}),
          updatedAt: this.#clock.now().toISOString(),
        },
      }),
    );
  }
}

/** The pass as a DynamoDB map: `checkedDownTo` is absent until the pass checked a page. */
function passItem(pass: ReconcilePass): Record<string, unknown> {
  const { checkedDownTo, ...rest } = pass;
  return { ...rest, checkedIds: [...pass.checkedIds], ...(checkedDownTo ? { checkedDownTo } : {}) };
}
