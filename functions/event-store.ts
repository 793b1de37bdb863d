/**
 * SQS consumer of the `eventStore` queue (every topic): stores each Dwolla event once per event
 * id with a conditional Put; counts new events of accounts no tenant owns; reports only the
 * records that failed (`reportBatchItemFailures`).
 */
import * as z from 'zod/mini';
import { cachedAccountOwners } from '../shared/accounts/account-owners.js';
import { DynamoDbAccountRefreshStore } from '../shared/accounts/dynamodb-account-refresh-store.js';
import { documentClient } from '../shared/adapters/aws-clients.js';
import { ENV } from '../shared/config/env-names.js';
import { loadConfig } from '../shared/config/load.js';
import { tableConfig } from '../shared/config/runtime.js';
import { lambdaHandler } from '../shared/observability/handler.js';
import { logger } from '../shared/observability/logger.js';
import { metrics } from '../shared/observability/metrics.js';
import { DynamoDbEventStore } from '../shared/webhooks/dynamodb-event-store.js';
import { createEventStoreProcessor } from '../shared/webhooks/event-store.js';

const config = loadConfig(z.object({ ...tableConfig }));

const ddb = documentClient();
const storeEvents = createEventStoreProcessor({
  repository: new DynamoDbEventStore({ client: ddb, tableName: config[ENV.tableName] }),
  owners: cachedAccountOwners(
    new DynamoDbAccountRefreshStore({ client: ddb, tableName: config[ENV.tableName] }),
  ),
  logger,
  metrics,
});

export const handler = lambdaHandler(storeEvents);
