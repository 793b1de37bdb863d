import type { Notification } from './notification.js';
import type { Delivery, DeliveryQueue, EndpointStore, NotificationStore } from './ports.js';

/** What the outbox relay needs. */
export interface OutboxRelayDeps {
  readonly notifications: NotificationStore;
  readonly endpoints: Pick<EndpointStore, 'list'>;
  readonly deliveries: DeliveryQueue;
}

/**
 * Builds the outbox relay: a notification taken from the table's change stream is stored once
 * (for replay, with the body it will always have) and fanned out as one delivery per endpoint
 * of its tenant whose `types` include it, so that each endpoint is retried on its own. A
 * notification no endpoint subscribes to is not stored: no replay could ever send it (a replay
 * sends an endpoint only what occurred after it was created, of its types).
 * Running it twice for the same change stores nothing new and queues the same deliveries
 * (the queue deduplicates them, the delivery log drops any that slip through).
 *
 * @example
 * ```ts
 * const relay = createOutboxRelay({ notifications, endpoints, deliveries });
 * await relay(notification);
 * ```
 */
export function createOutboxRelay(
  deps: OutboxRelayDeps,
): (notification: Notification) => Promise<number> {
  return async function relay(notification) {
    const endpoints = (await deps.endpoints.list(notification.tenantId)).filter((endpoint) =>
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
