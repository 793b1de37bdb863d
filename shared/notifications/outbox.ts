import type { Notification } from './notification.js';
import type {
  Delivery,
  DeliveryQueue,
  EndpointStore,
  NotificationStore,
  WebhookEndpoint,
} from './ports.js';

/** What the outbox relay needs. */
export interface OutboxRelayDeps {
  readonly notifications: NotificationStore;
  readonly endpoints: Pick<EndpointStore, 'list'>;
  readonly deliveries: DeliveryQueue;
}

/**
 * The endpoints of each tenant as one stream batch read them. Every record of a batch was stored
 * before the batch was read, so an endpoint created while the batch runs is owed none of its
 * notifications (notifications from before an endpoint existed were never its own): one read per
 * tenant and batch gives each endpoint what a read per notification would.
 *
 * @example
 * ```ts
 * const batch: BatchEndpoints = new Map();
 * for (const notification of notifications) await relay(notification, batch);
 * ```
 */
export type BatchEndpoints = Map<string, Promise<WebhookEndpoint[]>>;

/** Relays one notification; returns how many deliveries it queued. */
export type OutboxRelay = (notification: Notification, batch?: BatchEndpoints) => Promise<number>;

/**
 * Builds the outbox relay: a notification taken from the table's change stream is stored once
 * (for replay, with the body it will always have) and fanned out as one delivery per endpoint
 * of its tenant whose `types` include it, so that each endpoint is retried on its own. A
 * notification no endpoint subscribes to is not stored: no replay could ever send it (a replay
 * sends an endpoint only what occurred after it was created, of its types).
 * Running it twice for the same change stores nothing new and queues the same deliveries
 * (the queue deduplicates them, the delivery log drops any that slip through). Given a
 * {@link BatchEndpoints}, a tenant's endpoints are read once for the whole batch.
 *
 * @example
 * ```ts
 * const relay = createOutboxRelay({ notifications, endpoints, deliveries });
 * await relay(notification);
 * ```
 */
export function createOutboxRelay(deps: OutboxRelayDeps): OutboxRelay {
  function endpointsOf(tenantId: string, batch: BatchEndpoints | undefined) {
    if (batch === undefined) return deps.endpoints.list(tenantId);
    // A failed read ends the batch (the stream retries from the failed record with a new one).
    let listed = batch.get(tenantId);
    if (listed === undefined) {
      listed = deps.endpoints.list(tenantId);
      batch.set(tenantId, listed);
    }
    return listed;
  }

  return async function relay(notification, batch) {
    const endpoints = (await endpointsOf(notification.tenantId, batch)).filter((endpoint) =>
      endpoint.types.includes(notification.type),
    );
    if (endpoints.length === 0) return 0;
    const stored = await deps.notifications.record(notification);
    const deliveries: Delivery[] = endpoints.map((endpoint) => ({
      tenantId: stored.tenantId,
      endpointId: endpoint.id,
      webhookId: stored.webhookId,
      transferId: stored.transferId,
      type: stored.type,
      occurredAt: stored.occurredAt,
      body: stored.body,
    }));
    await deps.deliveries.enqueue(deliveries);
    return deliveries.length;
  };
}
