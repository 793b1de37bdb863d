/**
 * The app notifications' endpoints (scope `webhooks:manage`): `POST /webhook-endpoints`,
 * `GET /webhook-endpoints`, `DELETE /webhook-endpoints/{id}`,
 * `POST /webhook-endpoints/{id}/replay`. Creates and deletes endpoint secrets but cannot read
 * them (its role has no `GetSecretValue` on them).
 */
import { lookup } from 'node:dns/promises';
import * as z from 'zod/mini';
import { loadConfig } from '../shared/config/load.js';
import { awsNotificationAdapters, notificationsConfig } from '../shared/notifications/aws.js';
import { createEndpointsApi } from '../shared/notifications/endpoints.js';
import { webhookEndpointsRoute } from '../shared/notifications/routes.js';
import { httpHandler } from '../shared/observability/handler.js';
import { systemClock } from '../shared/ports/clock.js';

const config = loadConfig(z.object({ ...notificationsConfig }));
const { endpoints, secrets, notifications, queue } = awsNotificationAdapters(config);

const api = createEndpointsApi({
  endpoints,
  vault: secrets,
  notifications,
  deliveries: queue,
  urlPolicy: {
    allowLoopbackHttp: config.WEBHOOK_ENDPOINTS_ALLOW_LOOPBACK,
    resolve: async (host) => (await lookup(host, { all: true })).map((entry) => entry.address),
  },
  clock: systemClock,
});

export const handler = httpHandler(webhookEndpointsRoute({ api }));
