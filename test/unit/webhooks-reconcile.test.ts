import { describe, expect, it } from 'vitest';
import type {
  DwollaEvent,
  DwollaEventPage,
  DwollaWebhookSubscription,
} from '../../shared/ports/dwolla-api.js';
import type { EventPublisher } from '../../shared/ports/event-publisher.js';
import type { AppTokens } from '../../shared/ports/tokens.js';
import {
  createReconcile,
  type ReconcileCursor,
  type ReconcileOptions,
} from '../../shared/webhooks/reconcile.js';

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
  cursor?: ReconcileCursor;
  subscriptions?: DwollaWebhookSubscription[];
  failPublishOf?: string;
}) {
  // Dwolla lists newest first.
  const log = [...options.events].sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
  const stored = new Set(options.stored ?? []);
  const state = {
    cursor: options.cursor,
    pagesRequested: [] as { limit: number; offset: number }[],
    tokensUsed: new Set<string>(),
    published: [] as Parameters<EventPublisher['publish']>[0][],
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
          get: async () => state.cursor,
          put: async (cursor) => {
            state.cursor = cursor;
          },
        },
        publisher: {
          async publish(message) {
            if (message.eventId === options.failPublishOf) throw new Error('SNS unavailable');
            state.published.push(message);
          },
        },
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
        metrics: { addMetric: (name) => state.metrics.push(name) },
      },
      { pageSize: 10, maxPages: 5, overlapMs: 5 * 60_000, ...reconcileOptions },
    );
  return { state, reconcileWith };
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => event(from + i));

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

  it('saves the newest event as the cursor once everything was published', async () => {
    const { state, reconcileWith } = setUp({ events: range(1, 25) });

    await reconcileWith()();

    expect(state.cursor).toEqual({ created: event(25).created, eventId: 'evt-25' });
  });

  it('stops paging once it reads events older than the cursor minus the overlap', async () => {
    // Prepare: 100 events; the cursor is at event 90 (overlap 5 minutes = 5 events)
    const { state, reconcileWith } = setUp({
      events: range(1, 100),
      stored: range(1, 90).map((e) => e.id),
      cursor: { created: event(90).created, eventId: 'evt-90' },
    });

    // Act
    const result = await reconcileWith()();

    // Assess: pages of 10 from the newest: 100..91, then 90..81 reaches 84 < 85 → stop
    expect(state.pagesRequested).toEqual([
      { limit: 10, offset: 0 },
      { limit: 10, offset: 10 },
    ]);
    expect(result).toMatchObject({ scanned: 16, published: 10, truncated: false });
    expect(state.published.map((p) => p.eventId)).toEqual(range(91, 100).map((e) => e.id));
    expect(state.cursor).toEqual({ created: event(100).created, eventId: 'evt-100' });
  });

  it('recovers an event created shortly before the cursor that was never delivered', async () => {
    const { state, reconcileWith } = setUp({
      events: range(1, 12),
      stored: range(1, 12)
        .map((e) => e.id)
        .filter((id) => id !== 'evt-8'),
      cursor: { created: event(10).created, eventId: 'evt-10' },
    });

    const result = await reconcileWith()();

    expect(result.published).toBe(1);
    expect(state.published.map((p) => p.eventId)).toEqual(['evt-8']);
  });

  it('keeps the old cursor when a publish fails, so the next run retries', async () => {
    const cursor = { created: event(2).created, eventId: 'evt-2' };
    const { state, reconcileWith } = setUp({
      events: range(1, 6),
      stored: ['evt-1', 'evt-2'],
      cursor,
      failPublishOf: 'evt-5',
    });

    await expect(reconcileWith()()).rejects.toThrow('SNS unavailable');

    expect(state.cursor).toEqual(cursor);
  });

  it('still unpauses the subscription when the event replay failed', async () => {
    const { state, reconcileWith } = setUp({
      events: range(1, 2),
      failPublishOf: 'evt-1',
      subscriptions: [{ id: 'sub-1', url: 'https://x/webhooks/dwolla', paused: true, created: '' }],
    });

    await expect(reconcileWith()()).rejects.toThrow('SNS unavailable');

    expect(state.unpaused).toEqual(['sub-1']);
  });

  it('does not move the cursor when the page bound stops it before reaching the cursor', async () => {
    const cursor = { created: event(1).created, eventId: 'evt-1' };
    const { state, reconcileWith } = setUp({ events: range(1, 100), cursor });

    const result = await reconcileWith({ maxPages: 3 })();

    expect(state.pagesRequested).toHaveLength(3);
    expect(result).toMatchObject({ scanned: 30, published: 30, truncated: true });
    expect(state.cursor).toEqual(cursor);
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
      cursor: { created: event(3).created, eventId: 'evt-3' },
    });

    const result = await reconcileWith()();

    expect(result).toMatchObject({ published: 0 });
    expect(state.published).toEqual([]);
    expect(state.cursor).toEqual({ created: event(3).created, eventId: 'evt-3' });
  });
});

describe('Reconcile job: page bound', () => {
  it('starts its cursor at the newest event on a first run that hit the page bound', async () => {
    const { state, reconcileWith } = setUp({ events: range(1, 100) });

    const result = await reconcileWith({ maxPages: 2 })();

    expect(result).toMatchObject({ scanned: 20, truncated: true });
    expect(state.cursor).toEqual({ created: event(100).created, eventId: 'evt-100' });
  });

  it('lets a manual run raise the page bound to catch up to the cursor', async () => {
    const cursor = { created: event(1).created, eventId: 'evt-1' };
    const { state, reconcileWith } = setUp({ events: range(1, 100), cursor });

    const result = await reconcileWith({ maxPages: 3 })({ maxPages: 50 });

    expect(result).toMatchObject({ published: 100, truncated: false });
    expect(state.cursor).toEqual({ created: event(100).created, eventId: 'evt-100' });
  });
});
