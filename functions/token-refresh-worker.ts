import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { awsTokenLifecycle } from '../shared/accounts/aws.js';
import { handleRefreshBatch } from '../shared/accounts/scheduled-refresh.js';
import { loadConfig } from '../shared/config/load.js';
import {
  accountTokensConfig,
  tableConfig,
  tokenRefreshWindowConfig,
} from '../shared/config/runtime.js';
import { lambdaHandler } from '../shared/observability/handler.js';

/**
 * SQS (token-refresh queue, partial batch responses): refreshes each queued account under its
 * DynamoDB lease when its refresh is still due. A refused refresh token marks the account
 * `reauthorization_required` and is not retried; other failures go back to the queue (DLQ after
 * `maxReceiveCount`).
 *
 * @example
 * ```ts
 * await handler(sqsEvent, context); // { batchItemFailures: [] }
 * ```
 */
const config = loadConfig(
  z.object({ ...tableConfig, ...accountTokensConfig, ...tokenRefreshWindowConfig }),
);
const { refresher } = awsTokenLifecycle(config);
const deps = { refresher, refreshWindowDays: config.TOKEN_REFRESH_WINDOW_DAYS };

async function refreshAccounts(event: SQSEvent): Promise<SQSBatchResponse> {
  return handleRefreshBatch(deps, event.Records);
}

export const handler = lambdaHandler(refreshAccounts);
