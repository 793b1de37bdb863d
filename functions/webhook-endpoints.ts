/**
 * The app notifications' endpoints (scope `webhooks:manage`): `POST /webhook-endpoints`,
 * `GET /webhook-endpoints`, `DELETE /webhook-endpoints/{id}`,
 * `POST /webhook-endpoints/{id}/replay`. Creates and deletes endpoint secrets but cannot read
 * them (its role has no `GetSecretValue` on them).
 */
import { lookup } from 'node:dns/promises';
import * as z from 'zod/mini';
import { documentClient, sqsClient } from '../shared/adapters/aws-clients.js';
import { secretsManagerClient } from '../shared/adapters/secrets-manager-client.js';
import { loadConfig } from '../shared/config/load.js';
import {
  endpointSecretsConfig,
  loopbackEndpointsConfig,
  notificationsQueueConfig,
  tableConfig,
} from '../shared/config/runtime.js';
import { DynamoDbEndpointStore } from '../shared/notifications/dynamodb-endpoint-store.js';
import { DynamoDbNotificationStore } from '../shared/notifications/dynamodb-notification-store.js';
import { createEndpointsApi } from '../shared/notifications/endpoints.js';
import { webhookEndpointsRoute } from '../shared/notifications/routes.js';
import { SecretsManagerEndpointSecrets } from '../shared/notifications/secrets-manager-endpoint-secrets.js';
import { SqsDeliveryQueue } from '../shared/notifications/sqs-delivery-queue.js';
import { httpHandler } from '../shared/observability/handler.js';
import { systemClock } from '../shared/ports/clock.js';

const config = loadConfig(
  z.object({
    ...tableConfig,
    ...notificationsQueueConfig,
    ...endpointSecretsConfig,
    ...loopbackEndpointsConfig,
  }),
);
const ddb = documentClient();
const tables = { client: ddb, tableName: config.TABLE_NAME };

const api = createEndpointsApi({
  endpoints: new DynamoDbEndpointStore(tables),
  vault: new SecretsManagerEndpointSecrets({
    client: secretsManagerClient(),
    prefix: config.WEBHOOK_ENDPOINT_SECRET_PREFIX,
  }),
  notifications: new DynamoDbNotificationStore(tables),
  deliveries: new SqsDeliveryQueue({ sqs: sqsClient(), queueUrl: config.NOTIFICATIONS_QUEUE_URL }),
  urlPolicy: {
    allowLoopbackHttp: config.WEBHOOK_ENDPOINTS_ALLOW_LOOPBACK,
    resolve: async (host) => (await lookup(host, { all: true })).map((entry) => entry.address),
  },
  clock: systemClock,
});

export const handler = httpHandler(webhookEndpointsRoute({ api }));
