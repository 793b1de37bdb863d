/**
 * `POST /transfers/{id}/cancel`: cancels a pending transfer at Dwolla with the owning account's
 * token (https://developers.dwolla.com/docs/api-reference/transfers ("Cancel a transfer")).
 */
import * as z from 'zod/mini';
import { awsAccountTokens } from '../shared/accounts/aws.js';
import { documentClient } from '../shared/adapters/aws-clients.js';
import { loadConfig } from '../shared/config/load.js';
import {
  accountTokensConfig,
  tableConfig,
  tokenRefreshWindowConfig,
} from '../shared/config/runtime.js';
import {
  buildDwollaClient,
  cancelTransfer as dwollaCancelTransfer,
} from '../shared/dwolla/index.js';
import { httpHandler } from '../shared/observability/handler.js';
import { metrics } from '../shared/observability/metrics.js';
import { systemClock } from '../shared/ports/clock.js';
import {
  cancelTransferRoute,
  cancelTransferUseCase,
  DynamoDbTransferStore,
} from '../shared/transfers/index.js';

const config = loadConfig(
  z.object({ ...tableConfig, ...accountTokensConfig, ...tokenRefreshWindowConfig }),
);
const ddb = documentClient();

// Cancelling is not keyed, so the Dwolla client sends it once (no retry of a non-idempotent POST).
const cancelTransfer = cancelTransferUseCase({
  transfers: new DynamoDbTransferStore({ client: ddb, tableName: config.TABLE_NAME }),
  tokens: awsAccountTokens(config, { ddb }),
  dwolla: buildDwollaClient(
    { apiUrl: config.DWOLLA_API_URL, retry: { totalBudgetMs: 8_000 }, metrics },
    { cancelTransfer: dwollaCancelTransfer },
  ),
  clock: systemClock,
});

export const handler = httpHandler(cancelTransferRoute({ cancelTransfer }));
