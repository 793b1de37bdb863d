import type { ScheduledEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoDbAccountStore } from '../shared/accounts/dynamodb-account-store.js';
import {
  queueDueRefreshes,
  type ScheduledRefreshSummary,
} from '../shared/accounts/scheduled-refresh.js';
import { SqsRefreshQueue } from '../shared/accounts/sqs-refresh-queue.js';
import { documentClient, sqsClient } from '../shared/adapters/aws-clients.js';
import { loadConfig } from '../shared/config/load.js';
import { tableConfig, tokenRefreshQueueConfig } from '../shared/config/runtime.js';
import { lambdaHandler } from '../shared/observability/handler.js';

/**
 * Scheduled (`SCHEDULES['token-refresh']`, daily; `npm run job -- token-refresh` locally):
 * queues every account whose refresh is due (sparse `byRefreshDue` buckets up to today) to the
 * token-refresh queue, whose worker refreshes them under their lease.
 *
 * @example
 * ```ts
 * await handler(scheduledEvent, context); // { buckets: 61, queued: 3 }
 * ```
 */
const config = loadConfig(z.object({ ...tableConfig, ...tokenRefreshQueueConfig }));
const accounts = new DynamoDbAccountStore({
  client: documentClient(),
  tableName: config.TABLE_NAME,
});
const queue = new SqsRefreshQueue({
  client: sqsClient(),
  queueUrl: config.TOKEN_REFRESH_QUEUE_URL,
});

async function scheduleRefreshes(_event: ScheduledEvent): Promise<ScheduledRefreshSummary> {
  return queueDueRefreshes({ accounts, queue });
}

export const handler = lambdaHandler(scheduleRefreshes);
