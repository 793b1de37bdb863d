import type { DwollaEvent, DwollaEventPage } from '../ports/dwolla-api.js';

/**
 * Where reconcile got to in Dwolla's event list, and the arithmetic of a pass over it: which
 * events a resumed pass already checked, and how a checked page moves the pass on. Events come
 * newest first, and several can share one `created`, so a pass remembers the ids checked at the
 * instant it got down to.
 */

/** One event's place in Dwolla's event list: its `created` (ISO-8601) and id. */
export interface ReconcileCursor {
  readonly created: string;
  readonly eventId: string;
}

/**
 * A pass over `GET /events` that stopped before reaching the cursor (run out of time or pages),
 * saved after every page so the next run continues where it stopped.
 */
export interface ReconcilePass {
  /** The newest event when the pass began: the cursor once the pass is finished. */
  readonly target: ReconcileCursor;
  /** Offset of the next event to read, when the list held `total` events. */
  readonly offset: number;
  readonly total: number;
  /**
   * Every event of the pass created after this instant was checked, and so were `checkedIds`,
   * created exactly at it (several events can share one `created`).
   */
  readonly checkedDownTo?: string;
  readonly checkedIds: readonly string[];
}

/** How far `GET /events` was read. */
export interface ReconcileState {
  /**
   * The newest event of the last finished pass: every event created before it (less the
   * overlap) was checked. Absent before the first pass finishes.
   */
  readonly cursor?: ReconcileCursor;
  /** The pass in progress, when the last run stopped before reaching the cursor. */
  readonly pass?: ReconcilePass;
}

/** Where the state is kept (`keys.cursor('dwolla-events')` in DynamoDB). */
export interface ReconcileCursorStore {
  get(): Promise<ReconcileState | undefined>;
  put(state: ReconcileState): Promise<void>;
}

/** Whether `event` was already checked by the pass (newer than where it got to, or at it). */
export function isChecked(event: DwollaEvent | undefined, pass: ReconcilePass): boolean {
  if (!event || pass.checkedDownTo === undefined) return false;
  const created = Date.parse(event.created);
  const downTo = Date.parse(pass.checkedDownTo);
  return created > downTo || (created === downTo && pass.checkedIds.includes(event.id));
}

/** The pass once every event of `page`, read at `offset`, was checked. */
export function advance(pass: ReconcilePass, offset: number, page: DwollaEventPage): ReconcilePass {
  const oldest = page.events.at(-1);
  const moved = { ...pass, offset: offset + page.events.length, total: page.total };
  if (!oldest) return moved;
  const at = Date.parse(oldest.created);
  const sameInstant = page.events.filter((event) => Date.parse(event.created) === at);
  const carried =
    pass.checkedDownTo !== undefined && Date.parse(pass.checkedDownTo) === at
      ? pass.checkedIds
      : [];
  return {
    ...moved,
    checkedDownTo: oldest.created,
    checkedIds: [...new Set([...carried, ...sameInstant.map((event) => event.id)])],
  };
}

/** The newer of the saved cursor and the pass's target. */
export function laterOf(
  cursor: ReconcileCursor | undefined,
  target: ReconcileCursor,
): ReconcileCursor {
  if (cursor && Date.parse(cursor.created) > Date.parse(target.created)) return cursor;
  return target;
}
