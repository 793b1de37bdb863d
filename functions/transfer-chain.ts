/**
 * SQS consumer of the `transferChain` queue (`transfer_*`, `bank_transfer_*`,
 * `customer_transfer_*`, `customer_bank_transfer_*`): upserts each leg whatever the arrival
 * order, fetches it from Dwolla once, links its neighbours both ways and fetches a failed leg's
 * reason once. Reports only the records worth retrying (`reportBatchItemFailures`).
 */
import * as z from 'zod/mini';
import { cachedAccountOwners, DynamoDbAccountRefreshStore } from '../shared/accounts/index.js';
import { documentClient } from '../shared/adapters/aws-clients.js';
import { loadConfig } from '../shared/config/load.js';
import { accountTokensConfig, tableConfig } from '../shared/config/runtime.js';
import { getTransfer, getTransferFailure } from '../shared/dwolla/index.js';
import {
  dwollaEventQueueHandler,
  queueConsumerDependencies,
} from '../shared/webhooks/dwolla-event-consumer.js';
import { DynamoDbLegStore } from '../shared/webhooks/dynamodb-leg-store.js';
import { createTransferChainProcessor } from '../shared/webhooks/transfer-chain.js';

const config = loadConfig(z.object({ ...tableConfig, ...accountTokensConfig }));
const ddb = documentClient();

const processor = createTransferChainProcessor({
  legs: new DynamoDbLegStore({ client: ddb, tableName: config.TABLE_NAME }),
  owners: cachedAccountOwners(
    new DynamoDbAccountRefreshStore({ client: ddb, tableName: config.TABLE_NAME }),
  ),
  ...queueConsumerDependencies(config, ddb, { getTransfer, getTransferFailure }),
});

export const handler = dwollaEventQueueHandler(processor);
