/**
 * SQS consumer of the `notifications` FIFO queue: one notification for one endpoint per
 * message, signed (Standard Webhooks) and POSTed; a failed attempt comes back after the
 * backoff of `NOTIFICATION_RETRY_DELAYS_SECONDS`, the last one goes to the DLQ. The only
 * function that can read endpoint secrets.
 */
import type { SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { documentClient, sqsClient } from '../shared/adapters/aws-clients.js';
import { secretsManagerClient } from '../shared/adapters/secrets-manager-client.js';
import { loadConfig } from '../shared/config/load.js';
import {
  endpointSecretsConfig,
  loopbackEndpointsConfig,
  notificationRetryConfig,
  notificationsQueueConfig,
  tableConfig,
} from '../shared/config/runtime.js';
import { createNotificationDelivery } from '../shared/notifications/delivery.js';
import { processDeliveryBatch } from '../shared/notifications/delivery-sqs.js';
import { DynamoDbEndpointStore } from '../shared/notifications/dynamodb-endpoint-store.js';
import { DynamoDbNotificationStore } from '../shared/notifications/dynamodb-notification-store.js';
import { NodeHttpSender } from '../shared/notifications/node-http-sender.js';
import { SecretsManagerEndpointSecrets } from '../shared/notifications/secrets-manager-endpoint-secrets.js';
import { SqsDeliveryQueue } from '../shared/notifications/sqs-delivery-queue.js';
import { lambdaHandler } from '../shared/observability/handler.js';
import { logger } from '../shared/observability/logger.js';
import { metrics } from '../shared/observability/metrics.js';
import { systemClock } from '../shared/ports/clock.js';

const config = loadConfig(
  z.object({
    ...tableConfig,
    ...notificationsQueueConfig,
    ...endpointSecretsConfig,
    ...notificationRetryConfig,
    ...loopbackEndpointsConfig,
  }),
);
const ddb = documentClient();
const tables = { client: ddb, tableName: config.TABLE_NAME };
const queue = new SqsDeliveryQueue({ sqs: sqsClient(), queueUrl: config.NOTIFICATIONS_QUEUE_URL });

const deliver = createNotificationDelivery({
  endpoints: new DynamoDbEndpointStore(tables),
  secrets: new SecretsManagerEndpointSecrets({
    client: secretsManagerClient(),
    prefix: config.WEBHOOK_ENDPOINT_SECRET_PREFIX,
  }),
  log: new DynamoDbNotificationStore(tables),
  sender: new NodeHttpSender({ allowLoopback: config.WEBHOOK_ENDPOINTS_ALLOW_LOOPBACK }),
  clock: systemClock,
  schedule: { delaysSeconds: config.NOTIFICATION_RETRY_DELAYS_SECONDS },
  logger,
  metrics,
});

export const handler = lambdaHandler((event: SQSEvent) =>
  processDeliveryBatch(event, deliver, queue, { logger }),
);
