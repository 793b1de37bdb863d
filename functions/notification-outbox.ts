/**
 * The transactional outbox of the app notifications: consumes the table's change stream
 * (filtered to leg items with a tenant), and for each status a leg was set to stores the
 * notification once and queues one delivery per subscribed endpoint. It never calls an app.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { documentClient, sqsClient } from '../shared/adapters/aws-clients.js';
import { loadConfig } from '../shared/config/load.js';
import { notificationsQueueConfig, tableConfig } from '../shared/config/runtime.js';
import { DynamoDbEndpointStore } from '../shared/notifications/dynamodb-endpoint-store.js';
import { DynamoDbNotificationStore } from '../shared/notifications/dynamodb-notification-store.js';
import { createOutboxRelay } from '../shared/notifications/outbox.js';
import { processOutboxStream } from '../shared/notifications/outbox-stream.js';
import { SqsDeliveryQueue } from '../shared/notifications/sqs-delivery-queue.js';
import { lambdaHandler } from '../shared/observability/handler.js';
import { logger } from '../shared/observability/logger.js';
import { metrics } from '../shared/observability/metrics.js';

const config = loadConfig(z.object({ ...tableConfig, ...notificationsQueueConfig }));
const ddb = documentClient();
const tables = { client: ddb, tableName: config.TABLE_NAME };

const relay = createOutboxRelay({
  notifications: new DynamoDbNotificationStore(tables),
  endpoints: new DynamoDbEndpointStore(tables),
  deliveries: new SqsDeliveryQueue({ sqs: sqsClient(), queueUrl: config.NOTIFICATIONS_QUEUE_URL }),
});

export const handler = lambdaHandler((event: DynamoDBStreamEvent) =>
  processOutboxStream(event, relay, { logger, metrics }),
);
