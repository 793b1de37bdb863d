/**
 * SQS consumer of the `notifications` FIFO queue: one notification for one endpoint per
 * message, signed (Standard Webhooks) and POSTed; a failed attempt comes back after the
 * backoff of `NOTIFICATION_RETRY_DELAYS_SECONDS`, the last one goes to the DLQ. The only
 * function that can read endpoint secrets.
 */
import type { SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { loadConfig } from '../shared/config/load.js';
import { notificationRetryConfig } from '../shared/config/runtime.js';
import { awsNotificationAdapters, notificationsConfig } from '../shared/notifications/aws.js';
import { createNotificationDelivery } from '../shared/notifications/delivery.js';
import { processDeliveryBatch } from '../shared/notifications/delivery-sqs.js';
import { NodeHttpSender } from '../shared/notifications/node-http-sender.js';
import { lambdaHandler } from '../shared/observability/handler.js';
import { logger } from '../shared/observability/logger.js';
import { metrics } from '../shared/observability/metrics.js';
import { systemClock } from '../shared/ports/clock.js';

const config = loadConfig(z.object({ ...notificationsConfig, ...notificationRetryConfig }));
const { endpoints, secrets, notifications, queue } = awsNotificationAdapters(config);

const deliver = createNotificationDelivery({
  endpoints,
  secrets,
  log: notifications,
  sender: new NodeHttpSender({ allowLoopback: config.WEBHOOK_ENDPOINTS_ALLOW_LOOPBACK }),
  clock: systemClock,
  schedule: { delaysSeconds: config.NOTIFICATION_RETRY_DELAYS_SECONDS },
  logger,
  metrics,
});

export const handler = lambdaHandler((event: SQSEvent) =>
  processDeliveryBatch(event, deliver, queue, { logger, metrics }),
);
