import { AppCredentialsNotSetError } from '../accounts/errors.js';
import type { Clock } from '../ports/clock.js';
import { systemClock } from '../ports/clock.js';
import type { DwollaApi, DwollaEvent, DwollaEventPage } from '../ports/dwolla-api.js';
import type { EventBatchPublisher } from '../ports/event-publisher.js';
import type { Logger, Metrics } from '../ports/observability.js';
import type { AppTokens } from '../ports/tokens.js';
import { ReplayIncompleteError } from './errors.js';
import type { EventRepository } from './event-store.js';
import {
  advance,
  isChecked,
  laterOf,
  type ReconcileCursorStore,
  type ReconcilePass,
} from './reconcile-pass.js';

/**
 * Counted when a run made no Dwolla call because the application credentials secret still holds
 * its placeholder (the stack was deployed, the key and secret not set yet).
 */
export const APP_CREDENTIALS_NOT_SET_METRIC = 'DwollaAppCredentialsNotSet';

/** Counted for each webhook subscription a run found paused (and unpaused). */
export const WEBHOOK_PAUSED_METRIC = 'WebhookSubscriptionPaused';

/** What a run did; the job's result. */
export interface ReconcileResult {
  /** Events read from `GET /events` that were new enough to check. */
  readonly scanned: number;
  /** Events that were not stored and were fed into the pipeline. */
  readonly published: number;
  /** Webhook subscriptions found paused and unpaused. */
  readonly unpaused: number;
  /**
   * True when the run stopped (page bound or deadline) before reaching the cursor: its progress
   * is saved and the next run continues from there. A pass without a cursor to reach (the first
   * one) ends where its run stops: events older than what it read predate the system.
   */
  readonly truncated: boolean;
  /** Set when the run did nothing because the Dwolla application credentials are not set. */
  readonly skipped?: 'appCredentialsNotSet';
}

/** Limits of one run. */
export interface ReconcileRun {
  /** Pages read at most in this run. Default: `ReconcileOptions.maxPages`. */
  readonly maxPages?: number;
  /** Milliseconds left before the run is killed (Lambda's `getRemainingTimeInMillis`). */
  readonly remainingMs?: () => number;
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
  /**
   * No page is started with less time left than this: one page (a Dwolla call with its
   * retries, the store check, the publish, the progress write) and the subscription check
   * must fit in it. Default 60 s.
   */
  readonly deadlineMarginMs?: number;
}

export interface ReconcileDependencies {
  readonly dwolla: Pick<
    DwollaApi,
    'listEvents' | 'listWebhookSubscriptions' | 'updateWebhookSubscription'
  >;
  readonly appTokens: AppTokens;
  readonly events: Pick<EventRepository, 'storedEventIds'>;
  readonly cursor: ReconcileCursorStore;
  readonly publisher: EventBatchPublisher;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock?: Clock;
}

const DEFAULTS = {
  pageSize: 100,
  maxPages: 20,
  overlapMs: 60 * 60_000,
  deadlineMarginMs: 60_000,
} as const;

/**
 * Reconciliation beyond Dwolla's own retries
 * (https://developers.dwolla.com/guides/webhooks/process-validate: a paused subscription gets no
 * redelivery; `GET /events` keeps 30 days). A pass reads `GET /events` with the application token,
 * newest first, down to the cursor (less an overlap); for each page it publishes the events the
 * event store does not hold into the SAME topic with the same attributes (in batches; every
 * processor is idempotent, so replaying something still in flight is harmless), then saves its
 * progress. A pass that runs out of pages or time stays open and the next run continues it; only a
 * finished pass moves the cursor, to the newest event it saw when it began, so an older event not
 * yet checked is never skipped. Then any paused webhook subscription is unpaused
 * (https://developers.dwolla.com/docs/api-reference/webhook-subscriptions ("Update a webhook
 * subscription")), logged and counted as `WebhookSubscriptionPaused`. A failure of the replay does
 * not skip the subscription check; it is rethrown after it.
 *
 * @example
 * ```ts
 * const reconcile = createReconcile({ dwolla, appTokens, events, cursor, publisher, logger, metrics });
 * const { scanned, published, unpaused } = await reconcile({ remainingMs: () => context.getRemainingTimeInMillis() });
 * await reconcile({ maxPages: 300 }); // a manual catch-up after a long outage
 * ```
 */
export function createReconcile(
  deps: ReconcileDependencies,
  options: ReconcileOptions = {},
): (run?: ReconcileRun) => Promise<ReconcileResult> {
  const settings = { ...DEFAULTS, ...options };
  const { pageSize, overlapMs, deadlineMarginMs } = settings;
  const clock = deps.clock ?? systemClock;

  const listPage = (offset: number): Promise<DwollaEventPage> =>
    deps.appTokens.withAppToken((token) =>
      deps.dwolla.listEvents(token, { limit: pageSize, offset }),
    );

  /**
   * Where an open pass continues. Dwolla adds events at the top of its list, pushing the rest
   * down by as many as `total` grew (or more, when events older than 30 days dropped off the
   * bottom meanwhile: then this lands higher and re-reads checked events, which are skipped).
   * Reading from one position before the saved offset makes the first event one already
   * checked, which proves nothing between was jumped over; if it is not, step back.
   */
  async function seek(pass: ReconcilePass): Promise<{ offset: number; page: DwollaEventPage }> {
    let offset = Math.max(0, pass.offset - 1);
    let page = await listPage(offset);
    const grown = page.total - pass.total;
    if (grown > 0) {
      offset = Math.max(0, pass.offset - 1 + grown);
      page = await listPage(offset);
    }
    while (offset > 0 && !isChecked(page.events[0], pass)) {
      offset = Math.max(0, offset - pageSize);
      page = await listPage(offset);
    }
    return { offset, page };
  }

  async function publishMissing(events: readonly DwollaEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const stored = await deps.events.storedEventIds(
      events.map((event) => ({ resourceId: event.resourceId, eventId: event.id })),
    );
    // Oldest first, so processors see a chain roughly in the order Dwolla made it.
    const missing = events
      .filter((event) => !stored.has(event.id))
      .sort((a, b) => Date.parse(a.created) - Date.parse(b.created));
    if (missing.length === 0) return 0;
    const { rejected } = await deps.publisher.publishBatch(
      missing.map((event) => ({
        eventId: event.id,
        topic: event.topic,
        body: JSON.stringify(event.raw),
      })),
    );
    if (rejected.length > 0) throw new ReplayIncompleteError(rejected);
    for (const event of missing) {
      deps.logger.info('missed event replayed', {
        eventId: event.id,
        topic: event.topic,
        resourceId: event.resourceId,
        correlationId: event.correlationId,
      });
    }
    return missing.length;
  }

  async function replayMissedEvents(run: ReconcileRun) {
    const maxPages = run.maxPages ?? settings.maxPages;
    const outOfTime = () => (run.remainingMs?.() ?? Number.POSITIVE_INFINITY) < deadlineMarginMs;
    // A cold container's first run gets the application token (a Secrets Manager read and a
    // grant at Dwolla) while the cursor is read: neither needs the other. The cursor's failure
    // is the one reported when both fail.
    const tokenReady = deps.appTokens.withAppToken(async () => undefined);
    tokenReady.catch(() => undefined);
    const state = (await deps.cursor.get()) ?? {};
    await tokenReady;
    const { cursor } = state;
    const floor = cursor ? Date.parse(cursor.created) - overlapMs : Number.NEGATIVE_INFINITY;

    let position = state.pass ? await seek(state.pass) : { offset: 0, page: await listPage(0) };
    const newest = position.page.events[0];
    let pass: ReconcilePass | undefined =
      state.pass ??
      (newest && {
        target: { created: newest.created, eventId: newest.id },
        offset: 0,
        total: position.page.total,
        checkedIds: [],
      });
    let scanned = 0;
    let published = 0;
    let pages = 0;
    while (pass) {
      const { offset, page } = position;
      const current: ReconcilePass = pass;
      const unchecked = page.events.filter((event) => !isChecked(event, current));
      const inRange = unchecked.filter((event) => Date.parse(event.created) >= floor);
      scanned += inRange.length;
      published += await publishMissing(inRange);
      pass = advance(pass, offset, page);
      pages += 1;

      const reachedCursor = inRange.length < unchecked.length;
      const exhausted = page.events.length < pageSize || offset + page.events.length >= page.total;
      const stopped = pages >= maxPages || outOfTime();
      if (reachedCursor || exhausted || (stopped && !cursor)) {
        await deps.cursor.put({ cursor: laterOf(cursor, pass.target) });
        return { scanned, published, truncated: false };
      }
      await deps.cursor.put({ ...(cursor ? { cursor } : {}), pass });
      if (stopped) {
        deps.logger.warn('reconcile stopped before reaching its cursor; the next run continues', {
          pages,
          maxPages,
          offset: pass.offset,
          cursor,
        });
        return { scanned, published, truncated: true };
      }
      position = { offset: pass.offset, page: await listPage(pass.offset) };
    }
    return { scanned, published, truncated: false };
  }

  async function unpauseSubscriptions(): Promise<number> {
    const subscriptions = await deps.appTokens.withAppToken((token) =>
      deps.dwolla.listWebhookSubscriptions(token),
    );
    let unpaused = 0;
    for (const subscription of subscriptions.filter((s) => s.paused)) {
      deps.metrics.addMetric(WEBHOOK_PAUSED_METRIC, 'Count', 1);
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
      replay = await replayMissedEvents(run);
    } catch (error) {
      replayError = error;
    }
    if (replayError instanceof AppCredentialsNotSetError) {
      // Nothing can be asked of Dwolla without the key; an error would only be retried by
      // EventBridge and page as a function failure, so log, count (alarmed) and wait.
      deps.logger.warn(
        'Dwolla application credentials are not set; reconcile made no Dwolla call',
        {
          secretId: replayError.secretId,
        },
      );
      deps.metrics.addMetric(APP_CREDENTIALS_NOT_SET_METRIC, 'Count', 1);
      return {
        scanned: 0,
        published: 0,
        unpaused: 0,
        truncated: false,
        skipped: 'appCredentialsNotSet',
      };
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
