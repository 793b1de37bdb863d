import { EndpointLimitError } from '../../../shared/notifications/errors.js';
import type { Notification } from '../../../shared/notifications/notification.js';
import type {
  Delivery,
  DeliveryLog,
  DeliveryQueue,
  EndpointSecretReader,
  EndpointSecretVault,
  EndpointStore,
  HttpSender,
  NotificationStore,
  SenderAnswer,
  WebhookEndpoint,
} from '../../../shared/notifications/ports.js';

/** In-memory endpoint store with the same per-tenant limit rule as the DynamoDB one. */
export class FakeEndpointStore implements EndpointStore {
  readonly items = new Map<string, WebhookEndpoint>();

  async create(endpoint: WebhookEndpoint, limit: number): Promise<void> {
    if ((await this.list(endpoint.tenantId)).length >= limit) throw new EndpointLimitError(limit);
    this.items.set(endpoint.id, endpoint);
  }
  async list(tenantId: string): Promise<WebhookEndpoint[]> {
    return [...this.items.values()].filter((endpoint) => endpoint.tenantId === tenantId);
  }
  async get(tenantId: string, endpointId: string): Promise<WebhookEndpoint | undefined> {
    const endpoint = this.items.get(endpointId);
    return endpoint?.tenantId === tenantId ? endpoint : undefined;
  }
  async delete(tenantId: string, endpointId: string): Promise<boolean> {
    if (!(await this.get(tenantId, endpointId))) return false;
    return this.items.delete(endpointId);
  }
}

/** In-memory secret vault: both sides (API and delivery). */
export class FakeSecretVault implements EndpointSecretVault, EndpointSecretReader {
  readonly secrets = new Map<string, string>();
  async create(tenantId: string, endpointId: string, secret: string): Promise<void> {
    this.secrets.set(`${tenantId}/${endpointId}`, secret);
  }
  async delete(tenantId: string, endpointId: string): Promise<void> {
    this.secrets.delete(`${tenantId}/${endpointId}`);
  }
  async read(tenantId: string, endpointId: string): Promise<string> {
    const secret = this.secrets.get(`${tenantId}/${endpointId}`);
    if (secret === undefined) throw new Error('no such secret');
    return secret;
  }
}

/** In-memory notification store and delivery log. */
export class FakeNotificationStore implements NotificationStore, DeliveryLog {
  readonly notifications = new Map<string, Notification>();
  readonly delivered = new Set<string>();
  async record(notification: Notification): Promise<Notification> {
    const stored = this.notifications.get(notification.webhookId);
    if (stored) return stored;
    this.notifications.set(notification.webhookId, notification);
    return notification;
  }
  async listSince(tenantId: string, since: Date): Promise<Notification[]> {
    return [...this.notifications.values()]
      .filter((n) => n.tenantId === tenantId && Date.parse(n.occurredAt) >= since.getTime())
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  }
  async wasDelivered(endpointId: string, webhookId: string): Promise<boolean> {
    return this.delivered.has(`${endpointId}/${webhookId}`);
  }
  async markDelivered(endpointId: string, webhookId: string): Promise<void> {
    this.delivered.add(`${endpointId}/${webhookId}`);
  }
}

/** Records what was queued. */
export class FakeDeliveryQueue implements DeliveryQueue {
  readonly queued: Delivery[] = [];
  async enqueue(deliveries: readonly Delivery[]): Promise<void> {
    this.queued.push(...deliveries);
  }
}

/** An HTTP sender answering from a script, recording every request. */
export class FakeSender implements HttpSender {
  readonly requests: Array<{ url: string; body: string; headers: Record<string, string> }> = [];
  constructor(private readonly answer: () => Promise<SenderAnswer> | SenderAnswer) {}
  async post(url: string, body: string, headers: Readonly<Record<string, string>>) {
    this.requests.push({ url, body, headers: { ...headers } });
    return this.answer();
  }
}

/** A logger that keeps every line (to check what is never logged). */
export function recordingLogger() {
  const lines: Array<{ level: string; message: string; context: unknown[] }> = [];
  const at =
    (level: string) =>
    (message: string, ...context: Record<string, unknown>[]) =>
      lines.push({ level, message, context });
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error') } };
}
