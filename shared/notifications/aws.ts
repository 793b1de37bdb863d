import { documentClient, sqsClient } from '../adapters/aws-clients.js';
import { secretsManagerClient } from '../adapters/secrets-manager-client.js';
import {
  endpointSecretsConfig,
  loopbackEndpointsConfig,
  notificationsQueueConfig,
  tableConfig,
} from '../config/runtime.js';
import { DynamoDbEndpointStore } from './dynamodb-endpoint-store.js';
import { DynamoDbNotificationStore } from './dynamodb-notification-store.js';
import { SecretsManagerEndpointSecrets } from './secrets-manager-endpoint-secrets.js';
import { SqsDeliveryQueue } from './sqs-delivery-queue.js';

/**
 * The environment both notification functions read: the table, the delivery queue, the endpoint
 * secrets' prefix and whether loopback endpoints are allowed.
 *
 * @example
 * ```ts
 * const config = loadConfig(z.object({ ...notificationsConfig, ...notificationRetryConfig }));
 * ```
 */
export const notificationsConfig = {
  ...tableConfig,
  ...notificationsQueueConfig,
  ...endpointSecretsConfig,
  ...loopbackEndpointsConfig,
} as const;

/** What {@link awsNotificationAdapters} reads of {@link notificationsConfig}. */
export interface AwsNotificationsConfig {
  readonly TABLE_NAME: string;
  readonly NOTIFICATIONS_QUEUE_URL: string;
  readonly WEBHOOK_ENDPOINT_SECRET_PREFIX: string;
}

/** The AWS adapters of the app notifications, built once per container. */
export interface AwsNotificationAdapters {
  readonly endpoints: DynamoDbEndpointStore;
  readonly secrets: SecretsManagerEndpointSecrets;
  readonly notifications: DynamoDbNotificationStore;
  readonly queue: SqsDeliveryQueue;
}

/**
 * Builds the endpoint and notification stores (one table), the endpoint secrets (Secrets
 * Manager, under `WEBHOOK_ENDPOINT_SECRET_PREFIX`) and the delivery queue.
 *
 * @example
 * ```ts
 * const { endpoints, secrets, notifications, queue } = awsNotificationAdapters(config);
 * ```
 */
export function awsNotificationAdapters(config: AwsNotificationsConfig): AwsNotificationAdapters {
  const tables = { client: documentClient(), tableName: config.TABLE_NAME };
  return {
    endpoints: new DynamoDbEndpointStore(tables),
    secrets: new SecretsManagerEndpointSecrets({
      client: secretsManagerClient(),
      prefix: config.WEBHOOK_ENDPOINT_SECRET_PREFIX,
    }),
    notifications: new DynamoDbNotificationStore(tables),
    queue: new SqsDeliveryQueue({ sqs: sqsClient(), queueUrl: config.NOTIFICATIONS_QUEUE_URL }),
  };
}
