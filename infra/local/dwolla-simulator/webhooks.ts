/**
 * Webhook delivery with Dwolla's behaviour
 * (https://developers.dwolla.com/guides/webhooks/process-validate,
 * https://developers.dwolla.com/docs/api-reference/webhook-subscriptions): signed POSTs of the
 * exact event body, 10 s timeout, any status >= 300 a failure, 8 retries on a schedule
 * compressed by a factor, at most 10 deliveries at once, automatic pause, and optional chaos
 * (duplicates, shuffled bursts).
 */

import { randomUUID } from 'node:crypto';
import { WebhookTimeoutError } from './errors.js';
import { KeepAlivePoster } from './http-post.js';
import { signWebhookBody } from './signature.js';
import type { SimEvent } from './store.js';
import {
  type Chaos,
  PAUSE_AFTER_FAILURES,
  PAUSE_AFTER_MS,
  RETRY_DELAYS_MS,
  type SimWebhook,
  type Subscription,
  type WebhookSenderOptions,
} from './webhook-types.js';

export type { Chaos, SimWebhook, Subscription } from './webhook-types.js';

interface Job {
  readonly webhook: SimWebhook;
  /** 0 for the first attempt; counts the scheduled retries, `undefined` for a manual retry. */
  readonly retry: number | undefined;
}

/**
 * Queues and sends webhooks. Real timers drive the compressed retry schedule; they are unref'd
 * and cleared by `close()`.
 *
 * @example
 * ```ts
 * const sender = new WebhookSender({ clock, retryCompression: 3600, random: Math.random, streamsEvents: () => true });
 * sender.subscribe('http://127.0.0.1:3000/webhooks/dwolla', secret);
 * sender.enqueue(events);
 * await sender.flush();
 * ```
 */
export class WebhookSender {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly webhooks = new Map<string, SimWebhook>();
  private readonly webhooksBySubscription = new Map<string, SimWebhook[]>();
  private queue: Job[] = [];
  private head = 0;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private chaos: Chaos = {};
  private closed = false;
  private readonly poster: KeepAlivePoster;

  constructor(private readonly options: WebhookSenderOptions) {
    this.poster = new KeepAlivePoster(options.concurrency ?? 10);
  }

  subscribe(url: string, secret: string): Subscription {
    const subscription: Subscription = {
      id: randomUUID(),
      url,
      secret,
      created: this.options.clock.now().toISOString(),
      paused: false,
      consecutiveFailures: 0,
      lastSuccessAtMs: Date.now(),
    };
    this.subscriptions.set(subscription.id, subscription);
    this.webhooksBySubscription.set(subscription.id, []);
    return subscription;
  }

  list(): Subscription[] {
    return [...this.subscriptions.values()];
  }

  get(id: string): Subscription | undefined {
    return this.subscriptions.get(id);
  }

  /** `POST /webhook-subscriptions/{id}` `{paused}`: unpausing resets the failure count. */
  setPaused(id: string, paused: boolean): Subscription | undefined {
    const subscription = this.subscriptions.get(id);
    if (!subscription) return undefined;
    subscription.paused = paused;
    if (!paused) {
      subscription.consecutiveFailures = 0;
      subscription.lastSuccessAtMs = Date.now();
    }
    return subscription;
  }

  remove(id: string): boolean {
    return this.subscriptions.delete(id);
  }

  webhook(id: string): SimWebhook | undefined {
    return this.webhooks.get(id);
  }

  webhooksOf(subscriptionId: string): readonly SimWebhook[] {
    return this.webhooksBySubscription.get(subscriptionId) ?? [];
  }

  setChaos(chaos: Chaos): void {
    this.chaos = { ...chaos };
  }

  get currentChaos(): Chaos {
    return this.chaos;
  }

  /**
   * One burst of events (everything one operation emitted): a webhook per event and active
   * subscription. Paused subscriptions get none
   * (https://developers.dwolla.com/docs/api-reference/webhook-subscriptions ("Update a webhook
   * subscription")).
   */
  enqueue(events: readonly SimEvent[]): void {
    if (this.closed) return;
    const jobs: Job[] = [];
    for (const subscription of this.subscriptions.values()) {
      if (subscription.paused) continue;
      for (const event of events) {
        if (!this.options.streamsEvents(event.accountId)) continue;
        const webhook: SimWebhook = {
          id: randomUUID(),
          subscriptionId: subscription.id,
          event,
          attempts: [],
          delivered: false,
        };
        this.webhooks.set(webhook.id, webhook);
        this.webhooksBySubscription.get(subscription.id)?.push(webhook);
        jobs.push({ webhook, retry: 0 });
        // Chaos: at-least-once delivery, the same event id and body twice.
        if ((this.chaos.duplicateRate ?? 0) > this.options.random()) {
          jobs.push({ webhook, retry: undefined });
        }
      }
    }
    if (this.chaos.shuffle) shuffle(jobs, this.options.random);
    for (const job of jobs) this.queue.push(job);
    this.pump();
  }

  /** `POST /webhooks/{id}/retries`: one more attempt now, outside the schedule. */
  retry(webhookId: string): boolean {
    const webhook = this.webhooks.get(webhookId);
    if (!webhook) return false;
    this.queue.push({ webhook, retry: undefined });
    this.pump();
    return true;
  }

  /** Resolves once every attempt that is due has been made (scheduled retries not yet due excluded). */
  flush(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.queue = [];
    this.head = 0;
    this.poster.close();
    this.notifyIdle();
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 10;
    while (this.inFlight < limit && this.head < this.queue.length) {
      const job = this.queue[this.head++]!;
      this.inFlight++;
      void this.deliver(job).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.notifyIdle();
  }

  private async deliver(job: Job): Promise<void> {
    const subscription = this.subscriptions.get(job.webhook.subscriptionId);
    if (!subscription || subscription.paused || this.closed) return;
    const { event } = job.webhook;
    let status: number | undefined;
    let error: string | undefined;
    try {
      status = await this.poster.post(
        subscription.url,
        {
          'content-type': 'application/json',
          'x-request-signature-sha-256': signWebhookBody(subscription.secret, event.body),
          'x-dwolla-topic': event.topic,
          'user-agent': 'dwolla-webhooks/1.1',
        },
        event.body,
        this.options.timeoutMs ?? 10_000,
      );
    } catch (cause) {
      error = cause instanceof WebhookTimeoutError ? 'timeout' : 'network error';
    }
    job.webhook.attempts.push({
      id: randomUUID(),
      created: this.options.clock.now().toISOString(),
      ...(status === undefined ? {} : { status }),
      ...(error === undefined ? {} : { error }),
    });
    if (status !== undefined && status >= 200 && status < 300) {
      job.webhook.delivered = true;
      subscription.consecutiveFailures = 0;
      subscription.lastSuccessAtMs = Date.now();
      return;
    }
    subscription.consecutiveFailures++;
    if (
      subscription.consecutiveFailures >= PAUSE_AFTER_FAILURES &&
      Date.now() - subscription.lastSuccessAtMs >= PAUSE_AFTER_MS / this.options.retryCompression
    ) {
      subscription.paused = true;
      return;
    }
    if (job.retry !== undefined && job.retry < RETRY_DELAYS_MS.length) {
      this.schedule(job.webhook, job.retry);
    }
  }

  private schedule(webhook: SimWebhook, retry: number): void {
    if (this.closed) return;
    const delay = RETRY_DELAYS_MS[retry]! / this.options.retryCompression;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.queue.push({ webhook, retry: retry + 1 });
      this.pump();
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private isIdle(): boolean {
    return this.inFlight === 0 && this.head >= this.queue.length;
  }

  private notifyIdle(): void {
    if (!this.isIdle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
