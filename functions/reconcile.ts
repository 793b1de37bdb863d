/**
 * Scheduled (`SCHEDULES.reconcile`, every 15 minutes; `npm run job -- reconcile` locally):
 * replays the events that webhooks missed from `GET /events` into the events topic, and
 * unpauses a paused webhook subscription. Returns `{ scanned, published, unpaused, truncated }`.
 * It stops a page before Lambda's deadline, saving its progress, and the next run continues.
 * A manual catch-up (README, "Deploy to AWS"): an asynchronous invoke with `{"maxPages":1000}`.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { appCredentialsFrom, lazyDwollaAuth } from '../shared/accounts/app-credentials.js';
import { createAppTokens } from '../shared/accounts/app-tokens.js';
import { documentClient, snsClient } from '../shared/adapters/aws-clients.js';
import { SecretsExtensionClient } from '../shared/adapters/secrets-extension-client.js';
import { ENV } from '../shared/config/env-names.js';
import { loadConfig } from '../shared/config/load.js';
import { dwollaConfig, tableConfig, topicConfig } from '../shared/config/runtime.js';
import {
  buildDwollaClient,
  listEvents,
  listWebhookSubscriptions,
  updateWebhookSubscription,
} from '../shared/dwolla/index.js';
import { lambdaHandler } from '../shared/observability/handler.js';
import { logger } from '../shared/observability/logger.js';
import { metrics } from '../shared/observability/metrics.js';
import { DynamoDbEventStore } from '../shared/webhooks/dynamodb-event-store.js';
import { DynamoDbReconcileCursorStore } from '../shared/webhooks/dynamodb-reconcile-cursor-store.js';
import { createReconcile } from '../shared/webhooks/reconcile.js';
import { SnsEventBatchPublisher } from '../shared/webhooks/sns-event-batch-publisher.js';

const config = loadConfig(z.object({ ...tableConfig, ...topicConfig, ...dwollaConfig }));
const ddb = documentClient();

const reconcile = createReconcile({
  dwolla: buildDwollaClient(
    { apiUrl: config[ENV.dwollaApiUrl], metrics },
    { listEvents, listWebhookSubscriptions, updateWebhookSubscription },
  ),
  appTokens: createAppTokens({
    auth: lazyDwollaAuth({
      // Through the secrets extension (cache off): no Secrets Manager client in the bundle.
      credentials: appCredentialsFrom({
        secrets: new SecretsExtensionClient(),
        secretId: config[ENV.dwollaAppSecretId],
      }),
      tokenUrl: config[ENV.dwollaTokenUrl],
      clientAuth: config[ENV.dwollaClientAuth],
      metrics,
    }),
  }),
  events: new DynamoDbEventStore({ client: ddb, tableName: config[ENV.tableName] }),
  cursor: new DynamoDbReconcileCursorStore({ client: ddb, tableName: config[ENV.tableName] }),
  publisher: new SnsEventBatchPublisher({
    client: snsClient(),
    topicArn: config[ENV.eventsTopicArn],
  }),
  logger,
  metrics,
});

/** A manual invoke may raise the page bound to catch up after a long outage. */
const runInput = z.object({
  maxPages: z.optional(z.int().check(z.minimum(1), z.maximum(1000))),
});

export const handler = lambdaHandler((event: unknown, context: Context) => {
  const parsed = runInput.safeParse(event);
  return reconcile({
    ...(parsed.success ? parsed.data : {}),
    remainingMs: () => context.getRemainingTimeInMillis(),
  });
});
