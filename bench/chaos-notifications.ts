import type { ScenarioResult } from '../infra/local/dwolla-simulator/index.js';
import type { ReceivedNotification } from '../infra/local/notification-receiver.js';
import { createWebhookEndpoint } from '../test/support/simulator.js';
import type { BenchStack } from './local.js';

/** How the chaos receiver answers: every notification refused once, every answer late. */
export const CHAOS_RECEIVER = {
  /** 500 to the first attempt of every `webhook-id`: each notification needs a redelivery. */
  failFirstAttempts: 1,
  /** Each answer only after this long (a slow app). */
  delayMs: 150,
} as const;

/** What the chaos receiver got, judged against the legs' final statuses. */
export interface ChaosNotificationReport {
  /** Requests the receiver answered (refusals included). */
  readonly received: number;
  /** Distinct `webhook-id`s it acknowledged with a 2xx. */
  readonly acknowledged: number;
  /** Requests whose `standardwebhooks` signature did not verify with the endpoint's secret. */
  readonly unverified: number;
  /** Legs whose final status no acknowledged notification carried. */
  readonly notificationsMissing: number;
  /** Requests for a `webhook-id` the receiver had already acknowledged with a 2xx. */
  readonly notificationsRedeliveredAfter2xx: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Subscribes a chaos inbox of the local receiver to every notification type of the bench tenant
 * (the tenant owning the bench account, so every leg of the run has an owner), and returns how to
 * judge it once the run is over: waits until the inbox has stopped growing (the retries of the
 * refused first attempts included), then counts per leg and per `webhook-id`.
 *
 * @example
 * ```ts
 * const inbox = await startChaosInbox(bench);
 * // … the chaos run …
 * const report = await inbox.judge(legs);
 * ```
 */
export async function startChaosInbox(bench: BenchStack): Promise<{
  judge(legs: readonly ScenarioResult['legs'][number][]): Promise<ChaosNotificationReport>;
}> {
  const { apiUrl, apiKey, notificationReceiverUrl } = bench.stack.info;
  const inbox = `${notificationReceiverUrl}/chaos`;
  const endpoint = await createWebhookEndpoint({ apiUrl, apiKey }, inbox);
  await fetch(inbox, {
    method: 'PUT',
    body: JSON.stringify({ secret: endpoint.secret, ...CHAOS_RECEIVER }),
  });

  async function receivedSoFar(): Promise<ReceivedNotification[]> {
    return ((await (await fetch(inbox)).json()) as { received: ReceivedNotification[] }).received;
  }

  return {
    async judge(legs) {
      // The last refusals are retried after the local schedule's first delay (seconds).
      let received = await receivedSoFar();
      for (let quiet = 0; quiet < 5; ) {
        await bench.stack.waitForIdle(300_000);
        await sleep(2_000);
        const next = await receivedSoFar();
        quiet = next.length === received.length ? quiet + 1 : 0;
        received = next;
      }
      const acknowledged = new Set<string>();
      const carried = new Set<string>();
      let redeliveredAfter2xx = 0;
      for (const notification of received) {
        if (acknowledged.has(notification.webhookId)) redeliveredAfter2xx += 1;
        if (notification.answered < 200 || notification.answered > 299) continue;
        acknowledged.add(notification.webhookId);
        const data = (notification.body as { data?: { id?: string; status?: string } }).data;
        carried.add(`${data?.id}|${data?.status}`);
      }
      await fetch(`${apiUrl}/webhook-endpoints/${endpoint.id}`, {
        method: 'DELETE',
        headers: { 'x-api-key': apiKey },
      });
      return {
        received: received.length,
        acknowledged: acknowledged.size,
        unverified: received.filter((notification) => !notification.verified).length,
        notificationsMissing: legs.filter((leg) => !carried.has(`${leg.id}|${leg.status}`)).length,
        notificationsRedeliveredAfter2xx: redeliveredAfter2xx,
      };
    },
  };
}
