/**
 * `POST /transfers`: validated, idempotent transfer initiation from one of the caller's
 * connected accounts. The request is recorded under the tenant's `Idempotency-Key` before Dwolla
 * is called, and re-sent byte for byte on retries.
 */
import * as z from 'zod/mini';
import { awsAccountTokens } from '../shared/accounts/aws.js';
import { DynamoDbAccountRefreshStore } from '../shared/accounts/dynamodb-account-refresh-store.js';
import { documentClient } from '../shared/adapters/aws-clients.js';
import { loadConfig } from '../shared/config/load.js';
import {
  accountTokensConfig,
  tableConfig,
  tokenRefreshWindowConfig,
} from '../shared/config/runtime.js';
import {
  buildDwollaClient,
  createTransfer as dwollaCreateTransfer,
} from '../shared/dwolla/index.js';
import { httpHandler } from '../shared/observability/handler.js';
import { metrics } from '../shared/observability/metrics.js';
import { systemClock } from '../shared/ports/clock.js';
import {
  createTransferRoute,
  createTransferUseCase,
  DynamoDbCreatedLegStore,
  DynamoDbIdempotencyStore,
} from '../shared/transfers/index.js';

const config = loadConfig(
  z.object({ ...tableConfig, ...accountTokensConfig, ...tokenRefreshWindowConfig }),
);
const ddb = documentClient();
const tableName = config.TABLE_NAME;

// API Gateway gives up after 29 s: Dwolla gets 8 s of retries, then the caller gets a 503 with
// Retry-After and may repeat the same key later.
const dwolla = buildDwollaClient(
  { apiUrl: config.DWOLLA_API_URL, retry: { totalBudgetMs: 8_000 }, metrics },
  { createTransfer: dwollaCreateTransfer },
);

const createTransfer = createTransferUseCase({
  accounts: new DynamoDbAccountRefreshStore({ client: ddb, tableName }),
  idempotency: new DynamoDbIdempotencyStore({ client: ddb, tableName }),
  transfers: new DynamoDbCreatedLegStore({ client: ddb, tableName }),
  tokens: awsAccountTokens(config, { ddb }),
  dwolla,
  clock: systemClock,
});

export const handler = httpHandler(
  createTransferRoute({ dwollaApiUrl: config.DWOLLA_API_URL, createTransfer }),
);
