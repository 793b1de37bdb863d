import type { Clock } from '../ports/clock.js';
import type { Observability } from '../ports/observability.js';
import { DeliveryTransportError } from './errors.js';
import type {
  Delivery,
  DeliveryLog,
  EndpointSecretReader,
  EndpointStore,
  HttpSender,
} from './ports.js';
import { signNotification } from './signature.js';

/** SQS refuses a visibility timeout above 12 hours: no single wait can be longer. */
const MAX_RETRY_DELAY_SECONDS = 43_200;

/** A 2xx within this time is a delivery; anything slower is a failed attempt. */
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * The wait after each failed attempt (seconds, before jitter); attempts = `length + 1`.
 *
 * @example
 * ```ts
 * const schedule: RetrySchedule = { delaysSeconds: [20, 300, 1800, 7200, 18000, 36000, 36000] };
 * ```
 */
export interface RetrySchedule {
  readonly delaysSeconds: readonly number[];
}

/**
 * The wait before the attempt after failed attempt number `attempt` (1-based), or `undefined`
 * once every attempt is spent. Jitter only adds (up to 20 %), so the schedule never ends sooner
 * than its sum; receivers coming back from an outage are not hit by every retry at once.
 *
 * @example
 * ```ts
 * retryDelaySeconds({ delaysSeconds: [20, 300] }, 1, Math.random); // 20..24
 * ```
 */
export function retryDelaySeconds(
  schedule: RetrySchedule,
  attempt: number,
  random: () => number,
): number | undefined {
  const base = schedule.delaysSeconds[attempt - 1];
  if (base === undefined) return undefined;
  return Math.min(MAX_RETRY_DELAY_SECONDS, Math.round(base * (1 + 0.2 * random())));
}

/** How one attempt ended. */
export type DeliveryOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  | {
      readonly kind: 'dropped';
      readonly reason: 'endpoint-deleted' | 'not-subscribed' | 'already-delivered';
    }
  | { readonly kind: 'retry'; readonly delaySeconds: number; readonly status?: number }
  | { readonly kind: 'exhausted'; readonly status?: number };

/** What the delivery needs. */
export interface NotificationDeliveryDeps extends Observability {
  readonly endpoints: Pick<EndpointStore, 'get'>;
  readonly secrets: EndpointSecretReader;
  readonly log: DeliveryLog;
  readonly sender: HttpSender;
  readonly clock: Clock;
  readonly schedule: RetrySchedule;
  readonly random?: () => number;
  readonly timeoutMs?: number;
}

const isSuccess = (status: number) => status >= 200 && status < 300;

/**
 * Builds the delivery of one notification to one endpoint, attempt number `attempt`: signed
 * per Standard Webhooks with the attempt's own timestamp, the same `webhook-id` and body every
 * time. A deleted endpoint, or one no longer subscribed to the type, gets nothing; a
 * notification the endpoint already acknowledged is not sent again unless it is a replay.
 * Logs carry ids and statuses, never the secret or the signature.
 *
 * @example
 * ```ts
 * const deliver = createNotificationDelivery({ endpoints, secrets, log, sender, clock, schedule, logger, metric });
 * const outcome = await deliver(delivery, 1);
 * ```
 */
export function createNotificationDelivery(
  deps: NotificationDeliveryDeps,
): (delivery: Delivery, attempt: number) => Promise<DeliveryOutcome> {
  const random = deps.random ?? Math.random;
  const timeoutMs = deps.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  return async function deliver(delivery, attempt) {
    const { tenantId, endpointId, webhookId } = delivery;
    const context = { endpointId, webhookId, transferId: delivery.transferId, attempt };
    const endpoint = await deps.endpoints.get(tenantId, endpointId);
    if (!endpoint) return { kind: 'dropped', reason: 'endpoint-deleted' };
    if (!endpoint.types.includes(delivery.type))
      return { kind: 'dropped', reason: 'not-subscribed' };
    if (delivery.replayId === undefined && (await deps.log.wasDelivered(endpointId, webhookId))) {
      return { kind: 'dropped', reason: 'already-delivered' };
    }
    const secret = await deps.secrets.read(tenantId, endpointId);
    const sentAt = deps.clock.now();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'dwolla-serverless-notifications/1',
      ...signNotification(secret, webhookId, Math.floor(sentAt.getTime() / 1000), delivery.body),
    };
    deps.metrics.addMetric('NotificationAttempts', 'Count', 1);
    let status: number | undefined;
    let transportError: string | undefined;
    try {
      status = (await deps.sender.post(endpoint.url, delivery.body, headers, timeoutMs)).status;
    } catch (error) {
      if (!(error instanceof DeliveryTransportError)) throw error;
      transportError = error.message;
    }
    if (status !== undefined && isSuccess(status)) {
      await deps.log.markDelivered(endpointId, webhookId, deps.clock.now());
      if (delivery.replayId === undefined) {
        const latencyMs = deps.clock.now().getTime() - Date.parse(delivery.occurredAt);
        deps.metrics.addMetric('NotificationDeliveryLatency', 'Milliseconds', latencyMs);
      }
      deps.metrics.addMetric('NotificationsDelivered', 'Count', 1);
      deps.logger.info('notification delivered', { ...context, status });
      return { kind: 'delivered', status };
    }
    deps.metrics.addMetric('NotificationDeliveryFailures', 'Count', 1);
    const delaySeconds = retryDelaySeconds(deps.schedule, attempt, random);
    const failure = { ...context, status, error: transportError };
    if (delaySeconds === undefined) {
      deps.logger.error('notification undeliverable: every attempt failed, to the DLQ', failure);
      return status === undefined ? { kind: 'exhausted' } : { kind: 'exhausted', status };
    }
    deps.logger.warn('notification attempt failed; retried later', { ...failure, delaySeconds });
    return status === undefined
      ? { kind: 'retry', delaySeconds }
      : { kind: 'retry', delaySeconds, status };
  };
}
