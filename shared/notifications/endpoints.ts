import { randomUUID } from 'node:crypto';
import type { Clock } from '../ports/clock.js';
import { checkEndpointUrl, type EndpointUrlPolicy } from './endpoint-url.js';
import { EndpointNotFoundError } from './errors.js';
import { NOTIFICATION_TYPES, type NotificationType } from './notification.js';
import type {
  DeliveryQueue,
  EndpointSecretVault,
  EndpointStore,
  NotificationStore,
  WebhookEndpoint,
} from './ports.js';
import { generateEndpointSecret } from './signature.js';

/** At most this many endpoints per tenant. */
export const MAX_ENDPOINTS_PER_TENANT = 20;

/** Notifications are kept (and replayable) this long. */
export const NOTIFICATION_RETENTION_DAYS = 30;

/** A validated `POST /webhook-endpoints` body. */
export interface CreateEndpointInput {
  readonly url: string;
  readonly types?: readonly NotificationType[];
  readonly description?: string;
}

/** The one answer that shows the secret. */
export interface CreatedEndpoint {
  readonly id: string;
  readonly url: string;
  readonly types: readonly NotificationType[];
  readonly description: string | null;
  readonly secret: string;
  readonly createdAt: string;
}

/** An endpoint as `GET /webhook-endpoints` lists it. */
export type EndpointView = Omit<CreatedEndpoint, 'secret'>;

/** What the endpoints API needs. */
export interface EndpointsApiDeps {
  readonly endpoints: EndpointStore;
  readonly vault: EndpointSecretVault;
  readonly notifications: Pick<NotificationStore, 'listSince'>;
  readonly deliveries: DeliveryQueue;
  readonly urlPolicy: EndpointUrlPolicy;
  readonly clock: Clock;
  readonly newId?: () => string;
}

/** The endpoints API's use cases, each for the caller's tenant only. */
export interface EndpointsApi {
  create(tenantId: string, input: CreateEndpointInput): Promise<CreatedEndpoint>;
  list(tenantId: string): Promise<EndpointView[]>;
  remove(tenantId: string, endpointId: string): Promise<void>;
  /** Queues the endpoint's notifications since `since` again; answers how many. */
  replay(tenantId: string, endpointId: string, since: Date): Promise<number>;
}

function view(endpoint: WebhookEndpoint): EndpointView {
  const { id, url, types, description, createdAt } = endpoint;
  return { id, url, types, description, createdAt };
}

/**
 * Builds the endpoints API. Creating checks the URL, then writes the secret to the vault and the
 * endpoint to the store under the per-tenant limit; if the store refuses, the secret is deleted
 * again, so a refused request leaves nothing behind.
 *
 * @example
 * ```ts
 * const api = createEndpointsApi({ endpoints, vault, notifications, deliveries, urlPolicy, clock: systemClock });
 * const created = await api.create('acme', { url: 'https://acme.example/hooks' });
 * ```
 */
export function createEndpointsApi(deps: EndpointsApiDeps): EndpointsApi {
  const newId = deps.newId ?? randomUUID;
  return {
    async create(tenantId, input) {
      const url = await checkEndpointUrl(input.url, deps.urlPolicy);
      const endpoint: WebhookEndpoint = {
        id: newId(),
        tenantId,
        url: url.href,
        types: input.types ? [...new Set(input.types)] : [...NOTIFICATION_TYPES],
        description: input.description ?? null,
        createdAt: deps.clock.now().toISOString(),
      };
      const secret = generateEndpointSecret();
      await deps.vault.create(tenantId, endpoint.id, secret);
      try {
        await deps.endpoints.create(endpoint, MAX_ENDPOINTS_PER_TENANT);
      } catch (error) {
        await deps.vault.delete(tenantId, endpoint.id);
        throw error;
      }
      return { ...view(endpoint), secret };
    },
    async list(tenantId) {
      const endpoints = await deps.endpoints.list(tenantId);
      return endpoints.map(view).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async remove(tenantId, endpointId) {
      if (!(await deps.endpoints.delete(tenantId, endpointId))) {
        throw new EndpointNotFoundError(endpointId);
      }
      await deps.vault.delete(tenantId, endpointId);
    },
    async replay(tenantId, endpointId, since) {
      const endpoint = await deps.endpoints.get(tenantId, endpointId);
      if (!endpoint) throw new EndpointNotFoundError(endpointId);
      // Notifications from before the endpoint existed were never its own.
      const from = new Date(Math.max(since.getTime(), Date.parse(endpoint.createdAt)));
      const notifications = await deps.notifications.listSince(tenantId, from, deps.clock.now());
      const replayId = newId();
      const deliveries = notifications
        .filter((notification) => endpoint.types.includes(notification.type))
        .map((notification) => ({
          tenantId,
          endpointId,
          webhookId: notification.webhookId,
          transferId: notification.transferId,
          type: notification.type,
          occurredAt: notification.occurredAt,
          body: notification.body,
          replayId,
        }));
      if (deliveries.length > 0) await deps.deliveries.enqueue(deliveries);
      return deliveries.length;
    },
  };
}
