/**
 * What the simulator's webhook sender (`webhooks.ts`) works with: Dwolla's retry schedule,
 * subscriptions, webhooks and their attempts, chaos settings.
 */

import type { Clock } from '../../../shared/ports/clock.js';
import type { SimEvent } from './store.js';

/** Retry delays after the first attempt, relative to the previous one (15 min, 1 h, 3 h, ... 72 h). */
export const RETRY_DELAYS_MS: readonly number[] = [
  15 * 60_000,
  45 * 60_000,
  2 * 3_600_000,
  3 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
  24 * 3_600_000,
  24 * 3_600_000,
];

/** A subscription pauses after this many consecutive failures… */
export const PAUSE_AFTER_FAILURES = 400;
/** …and this long without a success. */
export const PAUSE_AFTER_MS = 24 * 3_600_000;

/** Test chaos: duplicate deliveries, shuffled bursts, failing enrichment GETs. */
export interface Chaos {
  readonly duplicateRate?: number;
  readonly shuffle?: boolean;
  readonly failRate?: number;
}

/** A webhook subscription and its delivery health. */
export interface Subscription {
  readonly id: string;
  readonly url: string;
  readonly secret: string;
  readonly created: string;
  paused: boolean;
  consecutiveFailures: number;
  lastSuccessAtMs: number;
}

/** One attempt to deliver a webhook: its answer's status or the error. */
export interface DeliveryAttempt {
  readonly id: string;
  readonly created: string;
  readonly status?: number;
  readonly error?: string;
}

/**
 * One webhook: the delivery of one event to one subscription
 * (https://developers.dwolla.com/docs/balance/webhooks).
 */
export interface SimWebhook {
  readonly id: string;
  readonly subscriptionId: string;
  readonly event: SimEvent;
  readonly attempts: DeliveryAttempt[];
  delivered: boolean;
}

/** How a the webhook sender delivers. */
export interface WebhookSenderOptions {
  readonly clock: Clock;
  readonly retryCompression: number;
  readonly random: () => number;
  /** Whether an event's account currently streams webhooks. */
  readonly streamsEvents: (accountId: string) => boolean;
  readonly timeoutMs?: number;
  readonly concurrency?: number;
}
