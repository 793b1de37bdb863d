import { describe, expect, it } from 'vitest';
import type {
  DwollaEvent,
  DwollaEventPage,
  DwollaWebhookSubscription,
} from '../../shared/ports/dwolla-api.js';
import type { PublishableEvent } from '../../shared/ports/event-publisher.js';
import type { AppTokens } from '../../shared/ports/tokens.js';
import { ReplayIncompleteError } from '../../shared/webhooks/errors.js';
import { createReconcile, type ReconcileOptions } from '../../shared/webhooks/reconcile.js';
import type { ReconcileCursor, ReconcileState } from '../../shared/webhooks/reconcile-pass.js';

const APP_TOKEN = 'app-token-1';
const BASE = Date.parse('2026-03-01T12:00:00.000Z');

/** Event n was created n minutes after BASE. */
function event(n: number, topic = 'customer_transfer_created'): DwollaEvent {
  const id = `evt-${n}`;
  const created = new Date(BASE + n * 60_000).toISOString();
  const raw = {
    _links: {
      self: { href: `https://api.dwolla.com/events/${id}` },
      resource: { href: `https://api.dwolla.com/transfers/tr-${n}` },
    },
    id,
    created,
    topic,
    resourceId: `tr-${n}`,
  };
  return {
    id,
    topic,
    resourceId: `tr-${n}`,
    created,
    links: { self: raw._links.self.href, resource: raw._links.resource.href },
    raw,
  };
}

function setUp(options: {
  events: DwollaEvent[];
  stored?: string[];
  state?: ReconcileState;
  subscriptions?: DwollaWebhookSubscription[];
  /** SNS refuses these event ids (every time, or `times` times each). */
  rejectPublishOf?: string[];
  rejectTimes?: number;
}) {
  const byNewest = (events: DwollaEvent[]) =>
    [...events].sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
  // Dwolla lists newest first; `arrive` adds events at the top, as new ones do.
  let log = byNewest(options.events);
  const stored = new Set(options.stored ?? []);
  const rejections = new Map(
    (options.rejectPublishOf ?? []).map((id) => [id, options.rejectTimes ?? Infinity]),
  );
  const state = {
    saved: options.state,
    saves: [] as ReconcileState[],
    pagesRequested: [] as { limit: number; offset: number }[],
    tokensUsed: new Set<string>(),
    published: [] as PublishableEvent[],
    batchSizes: [] as number[],
    unpaused: [] as string[],
    metrics: [] as string[],
  };
  const subscriptions = options.subscriptions ?? [];
  const appTokens: AppTokens = { withAppToken: (call) => call(APP_TOKEN) };
  const reconcileWith = (reconcileOptions?: ReconcileOptions) =>
    createReconcile(
      {
        dwolla: {
          async listEvents(token, page): Promise<DwollaEventPage> {
            state.tokensUsed.add(token);
            state.pagesRequested.push(page);
            return { events: log.slice(page.offset, page.offset + page.limit), total: log.length };
          },
          async listWebhookSubscriptions(token) {
            state.tokensUsed.add(token);
            return subscriptions;
          },
          async updateWebhookSubscription(token, id, { paused }) {
            state.tokensUsed.add(token);
            if (!paused) state.unpaused.push(id);
          },
        },
        appTokens,
        events: {
          async storedEventIds(refs) {
            return new Set(refs.map((r) => r.eventId).filter((id) => stored.has(id)));
          },
        },
        cursor: {
          get: async () => state.saved,
          put: async (saved) => {
            state.saved = saved;
            state.saves.push(saved);
          },
        },
        publisher: {
          async publishBatch(events) {
            state.batchSizes.push(events.length);
            const rejected = [];
            for (const event of events) {
              const left = rejections.get(event.eventId) ?? 0;
              if (left > 0) {
                rejections.set(event.eventId, left - 1);
                rejected.push({ eventId: event.eventId, reason: 'Throttled' });
              } else {
                state.published.push(event);
              }
            }
            return { rejected };
          },
        },
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
        metrics: { addMetric: (name) => state.metrics.push(name) },
      },
      { pageSize: 10, maxPages: 5, overlapMs: 5 * 60_000, ...reconcileOptions },
    );
  const arrive = (events: DwollaEvent[]) => {
    log = byNewest([...log, ...events]);
  };
  const store = (ids: string[]) => {
    for (const id of ids) stored.add(id);
  };
  return { state, reconcileWith, arrive, store };
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => event(from + i));

const mark = (n: number): ReconcileCursor => ({ created: event(n).created, eventId: `evt-${n}` });
const ids = (events: readonly { eventId: string }[]) => events.map((e) => e.eventId);

describe('Reconcile job', () => {
  it('feeds every event that was never stored into the pipeline, oldest first, as Dwolla sent it', async () => {
    const { state, reconcileWith } = setUp({ events: range(1, 4), stored: ['evt-2'] });

    const result = await reconcileWith()();

    expect(result).toEqual({ scanned: 4, published: 3, unpaused: 0, truncated: false });
    expect(state.published).toEqual(
      [1, 3, 4].map((n) => ({
        eventId: `evt-${n}`,
        topic: 'customer_transfer_created',
        body: JSON.stringify(event(n).raw),
      })),
    );
  });

  it('uses the application token for every Dwolla call', async () => {
    const { state, reconcileWith } = setUp({
      events: range(1, 2),
      subscriptions: [{ id: 'sub-1', url: 'https://x/webhooks/dwolla', paused: true, created: '' }],
    });

    await reconcileWith()();

    expect([...state.tokensUsed]).toEqual([APP_TOKEN]);
  });

  it('publishes a page of missing events in one batch, not one call per event', async () => {
    const { state, reconcileWith } = setUp({ events: range(1, 25) });

    await reconcileWith()();

    expect(state.batchSizes).toEqual([10, 10, 5]);
  });

  it('saves the newest event as the cursor once everything was published', async () => {
    const { state, reconcileWith } = setUp({ events: range(1, 25) });

    await reconcileWith()();

    expect(state.saved).toEqual({ cursor: mark(25) });
  });

  it('stops paging once it reads events older than the cursor minus the overlap', async () => {
    // Prepare: 100 events; the cursor is at event 90 (overlap 5 minutes = 5 events)
    const { state, reconcileWith } = setUp({
      events: range(1, 100),
      stored: range(1, 90).map((e) => e.id),
      state: { cursor: mark(90) },
    });

    // Act
    const result = await reconcileWith()();

    // Assess: pages of 10 from the newest: 100..91, then 90..81 reaches 84 < 85 → stop
    expect(state.pagesRequested).toEqual([
      { limit: 10, offset: 0 },
      { limit: 10, offset: 10 },
    ]);
    expect(result).toMatchObject({ scanned: 16, published: 10, truncated: false });
    expect(ids(state.published)).toEqual(range(91, 100).map((e) => e.id));
    expect(state.saved).toEqual({ cursor: mark(100) });
  });

  it('recovers an event created shortly before the cursor that was never delivered', async () => {
    const { state, reconcileWith } = setUp({
      events: range(1, 12),
      stored: range(1, 12)
        .map((e) => e.id)
        .filter((id) => id !== 'evt-8'),
      state: { cursor: mark(10) },
    });

    const result = await reconcileWith()();

    expect(result.published).toBe(1);
    expect(ids(state.published)).toEqual(['evt-8']);
  });

  it('still unpauses the subscription when the event replay failed', async () => {
    const { state, reconcileWith } = setUp({
      events: range(1, 2),
      rejectPublishOf: ['evt-1'],
      subscriptions: [{ id: 'sub-1', url: 'https://x/webhooks/dwolla', paused: true, created: '' }],
    });

    await expect(reconcileWith()()).rejects.toThrow(ReplayIncompleteError);

    expect(state.unpaused).toEqual(['sub-1']);
  });

  it('unpauses a paused webhook subscription and counts it; leaves active ones alone', async () => {
    const { state, reconcileWith } = setUp({
      events: [],
      subscriptions: [
        { id: 'sub-paused', url: 'https://a/webhooks/dwolla', paused: true, created: '' },
        { id: 'sub-active', url: 'https://b/webhooks/dwolla', paused: false, created: '' },
      ],
    });

    const result = await reconcileWith()();

    expect(result).toEqual({ scanned: 0, published: 0, unpaused: 1, truncated: false });
    expect(state.unpaused).toEqual(['sub-paused']);
    expect(state.metrics).toEqual(['WebhookSubscriptionPaused']);
  });

  it('publishes nothing and keeps the cursor when everything is already stored', async () => {
    const events = range(1, 3);
    const { state, reconcileWith } = setUp({
      events,
      stored: events.map((e) => e.id),
      state: { cursor: mark(3) },
    });

    const result = await reconcileWith()();

    expect(result).toMatchObject({ published: 0 });
    expect(state.published).toEqual([]);
    expect(state.saved).toEqual({ cursor: mark(3) });
  });
});

describe('Reconcile job: a backlog larger than one run', () => {
  it('saves its progress after every page and continues there, without moving the cursor', async () => {
    // Prepare: the cursor is at event 1, 100 events newer than it (10 pages), 3 pages per run
    const { state, reconcileWith } = setUp({ events: range(1, 101), state: { cursor: mark(1) } });
    const reconcile = reconcileWith({ maxPages: 3 });

    // Act
    const first = await reconcile();

    // Assess: three pages published, each followed by a save of the open pass
    expect(first).toMatchObject({ scanned: 30, published: 30, truncated: true });
    expect(state.saves.map((saved) => saved.pass?.offset)).toEqual([10, 20, 30]);
    expect(state.saved).toEqual({
      cursor: mark(1),
      pass: {
        target: mark(101),
        offset: 30,
        total: 101,
        checkedDownTo: event(72).created,
        checkedIds: ['evt-72'],
      },
    });

    // Act: the next run continues with event 71, the newest one not checked
    const second = await reconcile();

    // Assess: one position back to prove continuity (event 72, skipped), then 71..43
    expect(second).toMatchObject({ published: 29, truncated: true });
    expect(state.pagesRequested.slice(3, 4)).toEqual([{ limit: 10, offset: 29 }]);
    expect(new Set(ids(state.published.slice(30)))).toEqual(
      new Set(range(43, 71).map((e) => e.id)),
    );
  });

  it('publishes every missed event exactly once across runs while new events keep arriving, then moves the cursor', async () => {
    // Prepare: cursor at event 10; events 11..500 were never delivered (49 pages of 10);
    // 4 pages per run; 7 new events arrive (and are delivered) between runs.
    const backlog = range(11, 500);
    const { state, reconcileWith, arrive, store } = setUp({
      events: range(1, 500),
      stored: range(1, 10).map((e) => e.id),
      state: { cursor: mark(10) },
    });
    const reconcile = reconcileWith({ maxPages: 4 });
    let next = 501;
    const cursors: (ReconcileCursor | undefined)[] = [];

    // Act: run as the schedule would until a run finishes its pass
    let runs = 0;
    let result = await reconcile();
    while (result.truncated) {
      cursors.push(state.saved?.cursor);
      const arrived = range(next, next + 6);
      next += 7;
      arrive(arrived);
      store(arrived.map((e) => e.id));
      runs += 1;
      expect(runs).toBeLessThan(30);
      result = await reconcile();
    }

    // Assess: more than one run, each missed event published once, none of the delivered ones
    expect(runs).toBeGreaterThan(10);
    expect(ids(state.published).sort()).toEqual(backlog.map((e) => e.id).sort());
    expect(new Set(ids(state.published)).size).toBe(state.published.length);
    // ... the cursor stayed at event 10 while the pass was open, then moved to its target
    expect(cursors.every((cursor) => cursor?.eventId === 'evt-10')).toBe(true);
    expect(state.saved).toEqual({ cursor: mark(500) });

    // Act: meanwhile the pipeline stored what was published; the next pass checks what
    // arrived during the long one (all of it delivered) and the overlap below the cursor
    store(ids(state.published));
    const before = state.published.length;
    let after = await reconcile();
    while (after.truncated) after = await reconcile();

    // Assess: nothing published again, the cursor is the newest event
    expect(ids(state.published.slice(before))).toEqual([]);
    expect(state.saved).toEqual({ cursor: mark(next - 1) });
  });

  it('stops before the deadline, keeping enough time to save and check the subscription', async () => {
    // Prepare: 60 s left at the start, each page takes 15 s; the margin is 30 s
    const { state, reconcileWith } = setUp({ events: range(1, 101), state: { cursor: mark(1) } });
    const reconcile = reconcileWith({ maxPages: 100, deadlineMarginMs: 30_000 });

    // Act
    const result = await reconcile({
      remainingMs: () => 60_000 - 15_000 * state.pagesRequested.length,
    });

    // Assess: three pages (45 s left, 30 s: not below the margin, 15 s: stop)
    expect(result).toMatchObject({ published: 30, truncated: true });
    expect(state.saved?.pass?.offset).toBe(30);
    expect(state.saved?.cursor).toEqual(mark(1));
  });

  it('never saves progress past an event SNS refused, and publishes it on the next run', async () => {
    // Prepare: SNS refuses event 85 once; it is on the second page (91..82 newest first... 100..91, 90..81)
    const { state, reconcileWith } = setUp({
      events: range(1, 100),
      stored: range(1, 50).map((e) => e.id),
      state: { cursor: mark(50) },
      rejectPublishOf: ['evt-85'],
      rejectTimes: 1,
    });
    const reconcile = reconcileWith({ maxPages: 10 });

    // Act
    const failed = reconcile();

    // Assess: the run fails and its saved progress ends before the page holding event 85
    await expect(failed).rejects.toThrow(/evt-85 \(Throttled\)/);
    expect(state.saved).toEqual({
      cursor: mark(50),
      pass: expect.objectContaining({ offset: 10, checkedDownTo: event(91).created }),
    });

    // Act: the next run
    const result = await reconcile();

    // Assess: event 85 is published, nothing is missing, the cursor moves
    expect(result.truncated).toBe(false);
    expect(ids(state.published)).toContain('evt-85');
    expect(new Set(ids(state.published))).toEqual(new Set(range(51, 100).map((e) => e.id)));
    expect(state.saved).toEqual({ cursor: mark(100) });
  });

  it('continues exactly after the last checked event when several share its created time', async () => {
    // Prepare: events created three at a time (ties), so page ends cut through a group
    const tied = range(1, 60).map((e, i) => {
      const created = new Date(BASE + Math.floor(i / 3) * 60_000).toISOString();
      return { ...e, created, raw: { ...e.raw, created } };
    });
    const { state, reconcileWith, arrive } = setUp({
      events: tied,
      stored: ['evt-1', 'evt-2', 'evt-3'],
      state: { cursor: { created: tied[2]!.created, eventId: 'evt-3' } },
    });
    const reconcile = reconcileWith({ maxPages: 1, overlapMs: 0 });

    // Act: one page per run; a new event arrives before each run
    let next = 1000;
    let result = await reconcile();
    while (result.truncated) {
      arrive([event(next++)]);
      expect(next, 'runs').toBeLessThan(1020);
      result = await reconcile();
    }

    // Assess: 4..60 each published once, none skipped, none twice
    expect(ids(state.published).sort()).toEqual(
      range(4, 60)
        .map((e) => e.id)
        .sort(),
    );
    expect(new Set(ids(state.published)).size).toBe(state.published.length);
  });

  it('steps back when the saved offset lands past events it has not checked', async () => {
    // Prepare: an open pass whose offset is too far down (the list lost events above it)
    const { state, reconcileWith } = setUp({
      events: range(1, 100),
      state: {
        cursor: mark(1),
        pass: {
          target: mark(100),
          offset: 35,
          total: 100,
          checkedDownTo: event(81).created,
          checkedIds: ['evt-81'],
        },
      },
    });

    // Act
    await reconcileWith({ maxPages: 100 })();

    // Assess: events 80..66, above offset 35, are published too
    expect(new Set(ids(state.published))).toEqual(new Set(range(1, 80).map((e) => e.id)));
  });
});

describe('Reconcile job: page bound', () => {
  it('starts its cursor at the newest event on a first run that hit the page bound', async () => {
    const { state, reconcileWith } = setUp({ events: range(1, 100) });

    const result = await reconcileWith({ maxPages: 2 })();

    expect(result).toMatchObject({ scanned: 20, truncated: false });
    expect(state.saved).toEqual({ cursor: mark(100) });
  });

  it('lets a manual run raise the page bound to catch up to the cursor', async () => {
    const { state, reconcileWith } = setUp({ events: range(1, 100), state: { cursor: mark(1) } });

    const result = await reconcileWith({ maxPages: 3 })({ maxPages: 50 });

    expect(result).toMatchObject({ published: 100, truncated: false });
    expect(state.saved).toEqual({ cursor: mark(100) });
  });
});

describe('Reconcile job: cold start', () => {
  /** A reconcile with no events whose cursor read and token each take 5 ms, recording the steps. */
  function coldReconcile(options: { cursorError?: Error; tokenError?: Error }) {
    const steps: string[] = [];
    const reconcile = createReconcile({
      dwolla: {
        listEvents: async () => ({ events: [], total: 0 }),
        listWebhookSubscriptions: async () => [],
        updateWebhookSubscription: async () => undefined,
      },
      appTokens: {
        async withAppToken(call) {
          steps.push('token requested');
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (options.tokenError) throw options.tokenError;
          steps.push('token ready');
          return call(APP_TOKEN);
        },
      },
      events: { storedEventIds: async () => new Set() },
      cursor: {
        async get() {
          steps.push('cursor read started');
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (options.cursorError) throw options.cursorError;
          steps.push('cursor read');
          return undefined;
        },
        put: async () => undefined,
      },
      publisher: { publishBatch: async () => ({ rejected: [] }) },
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      metrics: { addMetric: () => undefined },
    });
    return { reconcile, steps };
  }

  it('gets the application token while the cursor is read, not after it', async () => {
    // Prepare
    const { reconcile, steps } = coldReconcile({});

    // Act
    await reconcile();

    // Assess
    expect(steps.slice(0, 4)).toEqual([
      'token requested',
      'cursor read started',
      'token ready',
      'cursor read',
    ]);
  });

  it('fails as a run one step at a time would when the cursor read and the token both fail', async () => {
    // Prepare: the replay fails on the cursor, then the subscription check on the token
    const tokenError = new Error('token refused');
    const { reconcile } = coldReconcile({
      cursorError: new Error('cursor store unavailable'),
      tokenError,
    });

    // Act
    const failure = await reconcile().catch((error: unknown) => error);

    // Assess: the subscription check's failure, and no unhandled rejection of the early token
    expect(failure).toBe(tokenError);
  });
});
