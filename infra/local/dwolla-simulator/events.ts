/**
 * The event log: one event per state change, listed newest first by `GET /events` and handed
 * to the webhook sender in bursts (everything one operation emitted).
 */

import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../shared/ports/clock.js';
import { link, type SimUrls } from './hal.js';
import type { SimEvent } from './store.js';

/** What a producer says about an event; ids, timestamps and links are added here. */
export interface EventInput {
  readonly topic: string;
  readonly resourceId: string;
  /** Full URL of the resource. */
  readonly resourceUrl: string;
  readonly accountId: string;
  readonly customerId?: string;
  readonly correlationId?: string;
}

/**
 * Records events and groups each synchronous operation's events into one burst.
 *
 * @example
 * ```ts
 * const log = new EventLog(urls, clock, (burst) => webhooks.enqueue(burst));
 * log.record({ topic: 'transfer_created', resourceId, resourceUrl, accountId });
 * ```
 */
export class EventLog {
  private readonly all: SimEvent[] = [];
  private readonly byId = new Map<string, SimEvent>();
  private burst: SimEvent[] = [];
  private burstScheduled = false;

  constructor(
    private readonly urls: SimUrls,
    private readonly clock: Clock,
    private readonly onBurst: (events: readonly SimEvent[]) => void,
  ) {}

  /**
   * Payload fields follow
   * https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/
   * ("CorrelationId in the webhook payload") and
   * https://developers.dwolla.com/guides/webhooks/process-validate: `{ id, resourceId, topic,
   * timestamp, created, correlationId?, _links: { self, account, resource, customer? } }`.
   */
  record(input: EventInput): SimEvent {
    const id = randomUUID();
    const created = this.clock.now().toISOString();
    const payload: Record<string, unknown> = {
      _links: {
        self: link(this.urls.event(id), 'event'),
        account: link(this.urls.account(input.accountId), 'account'),
        resource: link(input.resourceUrl),
        ...(input.customerId
          ? { customer: link(this.urls.customer(input.customerId), 'customer') }
          : {}),
      },
      id,
      resourceId: input.resourceId,
      topic: input.topic,
      timestamp: created,
      created,
      ...(input.correlationId ? { correlationId: input.correlationId } : {}),
    };
    const event: SimEvent = {
      id,
      topic: input.topic,
      resourceId: input.resourceId,
      created,
      accountId: input.accountId,
      ...(input.customerId ? { customerId: input.customerId } : {}),
      ...(input.correlationId ? { correlationId: input.correlationId } : {}),
      payload,
      body: JSON.stringify(payload),
    };
    this.all.push(event);
    this.byId.set(id, event);
    this.burst.push(event);
    if (!this.burstScheduled) {
      this.burstScheduled = true;
      queueMicrotask(() => this.endBurst());
    }
    return event;
  }

  /** Hands the current burst to the webhook sender now (also runs on the next microtask). */
  endBurst(): void {
    this.burstScheduled = false;
    if (this.burst.length === 0) return;
    const burst = this.burst;
    this.burst = [];
    this.onBurst(burst);
  }

  get(id: string): SimEvent | undefined {
    return this.byId.get(id);
  }

  get total(): number {
    return this.all.length;
  }

  /** Oldest first. */
  chronological(): readonly SimEvent[] {
    return this.all;
  }

  /** A page as `GET /events?limit&offset` lists it: newest first. */
  page(limit: number, offset: number): SimEvent[] {
    const out: SimEvent[] = [];
    for (let i = this.all.length - 1 - offset; i >= 0 && out.length < limit; i--) {
      out.push(this.all[i]!);
    }
    return out;
  }
}
