import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';
import type { DwollaApi, DwollaEvent } from '../ports/dwolla-api.js';
import type { EventPublisher } from '../ports/event-publisher.js';
import type { AppTokens } from '../ports/tokens.js';
import type { EventRepository } from './event-store.js';
import type { MetricsSink, WebhookLogger } from './intake.js';

/** How far `GET /events` was read last time: the newest event seen. */
export interface ReconcileCursor {
  /** Dwolla's `created` of the newest event seen (ISO-8601). */
  readonly created: string;
  readonly eventId: string;
}

/** Where the cursor is kept (`keys.cursor('dwolla-events')` in DynamoDB). */
export interface ReconcileCursorStore {
  get(): Promise<ReconcileCursor | undefined>;
  put(cursor: ReconcileCursor): Promise<void>;
}

/** What a run did; the job's result. */
export interface ReconcileResult {
  /** Events read from `GET /events` that were new enough to check. */
  readonly scanned: number;
  /** Events that were not stored and were fed into the pipeline. */
  readonly published: number;
  /** Webhook subscriptions found paused and unpaused. */
  readonly unpaused: number;
  /**
   * True when the page bound stopped the scan before the cursor was reached. The cursor then
   * stays where it was, except on the very first run (no cursor yet), which starts from the
   * newest event it read: events older than its bound predate the system.
   */
  readonly truncated: boolean;
}

export interface ReconcileOptions {
  /** Events per `GET /events` page. Default 100. */
  readonly pageSize?: number;
  /** Pages read at most per run (a run may pass its own `maxPages`). Default 20. */
  readonly maxPages?: number;
  /**
   * Events created up to this long before the cursor are still checked, because `created`
   * ties and out-of-order creation happen. Default 1 hour.
   */
  readonly overlapMs?: number;
}

export interface ReconcileDependencies {
  readonly dwolla: Pick<
    DwollaApi,
    'listEvents' | 'listWebhookSubscriptions' | 'updateWebhookSubscription'
  >;
  readonly appTokens: AppTokens;
  readonly events: Pick<EventRepository, 'storedEventIds'>;
  readonly cursor: ReconcileCursorStore;
  readonly publisher: EventPublisher;
  readonly logger: WebhookLogger;
  readonly metrics: MetricsSink;
  readonly clock?: Clock;
}

const DEFAULTS = { pageSize: 100, maxPages: 20, overlapMs: 60 * 60_000 } as const;

/**
 * Reconciliation beyond Dwolla's own retries (DWOLLA-FACTS.md "Webhooks": a paused subscription
 * gets no redelivery; `GET /events` keeps 30 days): reads `GET /events` with the application
 * token, newest first, down to the stored cursor (minus an overlap), publishes every event the
 * event store does not hold into the SAME topic with the same attributes (every processor is
 * idempotent, so a replay of something still in flight is harmless), saves the new cursor only
 * once all of that succeeded, then unpauses any paused webhook subscription (dwolla-docs/001
 * "Update a webhook subscription"), logging it and counting `WebhookSubscriptionPaused`.
 * A failure of the event replay does not skip the subscription check; it is rethrown after it.
 *
 * @example
 * ```ts
 * const reconcile = createReconcile({ dwolla, appTokens, events, cursor, publisher, logger, metrics });
 * const { scanned, published, unpaused } = await reconcile();
 * await reconcile({ maxPages: 300 }); // a manual catch-up after a long outage
 * ```
 */
export function createReconcile(
  deps: ReconcileDependencies,
  options: ReconcileOptions = {},
): (run?: { maxPages?: number }) => Promise<ReconcileResult> {
  const defaults = { ...DEFAULTS, ...options };
  const { pageSize, overlapMs } = defaults;
  const clock = deps.clock ?? systemClock;

  async function readNewEvents(since: ReconcileCursor | undefined, maxPages: number) {
    const threshold = since ? Date.parse(since.created) - overlapMs : Number.NEGATIVE_INFINITY;
    const seen = new Map<string, DwollaEvent>();
    let reachedCursor = false;
    let exhausted = false;
    let pages = 0;
    while (!reachedCursor && !exhausted && pages < maxPages) {
      const offset = pages * pageSize;
      const page = await deps.appTokens.withAppToken((token) =>
        deps.dwolla.listEvents(token, { limit: pageSize, offset }),
      );
      pages += 1;
      for (const event of page.events) {
        if (Date.parse(event.created) < threshold) {
          reachedCursor = true;
          continue;
        }
        seen.set(event.id, event);
      }
      exhausted = page.events.length < pageSize || offset + pageSize >= page.total;
    }
    return { events: [...seen.values()], truncated: !reachedCursor && !exhausted };
  }

  async function replayMissedEvents(maxPages: number) {
    const since = await deps.cursor.get();
    const { events, truncated } = await readNewEvents(since, maxPages);
    const stored = await deps.events.storedEventIds(
      events.map((event) => ({ resourceId: event.resourceId, eventId: event.id })),
    );
    // Oldest first, so processors see a chain roughly in the order Dwolla made it.
    const missing = events
      .filter((event) => !stored.has(event.id))
      .sort((a, b) => Date.parse(a.created) - Date.parse(b.created));
    for (const event of missing) {
      await deps.publisher.publish({
        eventId: event.id,
        topic: event.topic,
        body: JSON.stringify(event.raw),
      });
      deps.logger.info('missed event replayed', {
        eventId: event.id,
        topic: event.topic,
        resourceId: event.resourceId,
        correlationId: event.correlationId,
      });
    }
    const newest = newestOf(events);
    if (truncated && since) {
      // The older part of the backlog was not read: keep the old cursor so nothing is skipped;
      // an operator catches up with a larger bound (`{ "maxPages": 300 }` as the invoke payload).
      deps.logger.warn('reconcile stopped at the page bound before reaching its cursor', {
        maxPages,
        pageSize,
        cursor: since,
      });
    } else if (newest && (!since || Date.parse(newest.created) >= Date.parse(since.created))) {
      await deps.cursor.put({ created: newest.created, eventId: newest.id });
    }
    return { scanned: events.length, published: missing.length, truncated };
  }

  async function unpauseSubscriptions(): Promise<number> {
    const subscriptions = await deps.appTokens.withAppToken((token) =>
      deps.dwolla.listWebhookSubscriptions(token),
    );
    let unpaused = 0;
    for (const subscription of subscriptions.filter((s) => s.paused)) {
      deps.metrics.addMetric('WebhookSubscriptionPaused', 'Count', 1);
      await deps.appTokens.withAppToken((token) =>
        deps.dwolla.updateWebhookSubscription(token, subscription.id, { paused: false }),
      );
      unpaused += 1;
      deps.logger.warn('webhook subscription was paused; unpaused it', {
        subscriptionId: subscription.id,
        url: subscription.url,
      });
    }
    return unpaused;
  }

  return async function reconcile(run = {}) {
    const startedAt = clock.now();
    let replay: Awaited<ReturnType<typeof replayMissedEvents>> | undefined;
    let replayError: unknown;
    try {
      replay = await replayMissedEvents(run.maxPages ?? defaults.maxPages);
    } catch (error) {
      replayError = error;
    }
    const unpaused = await unpauseSubscriptions();
    if (replayError !== undefined) throw replayError;
    const result = { scanned: 0, published: 0, truncated: false, ...replay, unpaused };
    deps.logger.info('reconcile finished', {
      ...result,
      durationMs: clock.now().getTime() - startedAt.getTime(),
    });
    return result;
  };
}

function newestOf(events: readonly DwollaEvent[]): DwollaEvent | undefined {
  let newest: DwollaEvent | undefined;
  for (const event of events) {
    if (!newest || Date.parse(event.created) > Date.parse(newest.created)) newest = event;
  }
  return newest;
}
