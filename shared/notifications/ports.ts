import type { Notification, NotificationType } from './notification.js';

/** A tenant's webhook endpoint, as stored (never with its secret). */
export interface WebhookEndpoint {
  readonly id: string;
  readonly tenantId: string;
  readonly url: string;
  readonly types: readonly NotificationType[];
  readonly description: string | null;
  readonly createdAt: string;
}

/** The tenants' endpoints. */
export interface EndpointStore {
  /** Stores a new endpoint unless the tenant already has `limit` ({@link EndpointLimitError}). */
  create(endpoint: WebhookEndpoint, limit: number): Promise<void>;
  list(tenantId: string): Promise<WebhookEndpoint[]>;
  get(tenantId: string, endpointId: string): Promise<WebhookEndpoint | undefined>;
  /** False when the tenant has no such endpoint. */
  delete(tenantId: string, endpointId: string): Promise<boolean>;
}

/** Where endpoint secrets live: written by the endpoints API, never read by it. */
export interface EndpointSecretVault {
  create(tenantId: string, endpointId: string, secret: string): Promise<void>;
  delete(tenantId: string, endpointId: string): Promise<void>;
}

/** Reads an endpoint's secret: the delivery function's side of the vault. */
export interface EndpointSecretReader {
  read(tenantId: string, endpointId: string): Promise<string>;
}

/** Every notification once, kept for replay. */
export interface NotificationStore {
  /** Stores it unless stored already; answers the stored one (its body never changes). */
  record(notification: Notification): Promise<Notification>;
  /** A tenant's notifications that occurred at or after `since`, oldest first. */
  listSince(tenantId: string, since: Date, now: Date): Promise<Notification[]>;
}

/** Which notifications an endpoint already acknowledged with a 2xx. */
export interface DeliveryLog {
  wasDelivered(endpointId: string, webhookId: string): Promise<boolean>;
  markDelivered(endpointId: string, webhookId: string, now: Date): Promise<void>;
}

/** One notification for one endpoint: the unit that is queued, retried and dead-lettered. */
export interface Delivery {
  readonly tenantId: string;
  readonly endpointId: string;
  readonly webhookId: string;
  readonly transferId: string;
  readonly type: NotificationType;
  readonly occurredAt: string;
  readonly body: string;
  /** Set on a replay: it is sent even if the endpoint acknowledged it before. */
  readonly replayId?: string;
}

/** The delivery queue: one message per endpoint and notification. */
export interface DeliveryQueue {
  enqueue(deliveries: readonly Delivery[]): Promise<void>;
}

/** An HTTP answer, as far as delivery cares. */
export interface SenderAnswer {
  readonly status: number;
}

/** POSTs a notification: no redirect followed, given up after `timeoutMs`. */
export interface HttpSender {
  post(
    url: string,
    body: string,
    headers: Readonly<Record<string, string>>,
    timeoutMs: number,
  ): Promise<SenderAnswer>;
}
