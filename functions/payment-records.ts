/**
 * SQS consumer of the `paymentRecords` queue (`customer_bill_payment_*`, `mass_payment_*`,
 * `customer_mass_payment_*`): keeps a bill-payment record (Regalii status mapping, one fetch of
 * the transfer it created, whose leg gets `billPaymentId`) and a mass-payment record. Neither is
 * a transfer leg. Reports only the records worth retrying (`reportBatchItemFailures`).
 */
import type { SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { awsAccountTokens } from '../shared/accounts/aws.js';
import { documentClient } from '../shared/adapters/aws-clients.js';
import { loadConfig } from '../shared/config/load.js';
import { accountTokensConfig, tableConfig } from '../shared/config/runtime.js';
import { createDwollaClient } from '../shared/dwolla/index.js';
import { lambdaHandler } from '../shared/observability/handler.js';
import { logger } from '../shared/observability/logger.js';
import { metrics } from '../shared/observability/metrics.js';
import { systemClock } from '../shared/ports/clock.js';
import { DynamoDbLegStore } from '../shared/webhooks/dynamodb-leg-store.js';
import { DynamoDbPaymentRecordStore } from '../shared/webhooks/dynamodb-payment-record-store.js';
import { createPaymentRecordsProcessor } from '../shared/webhooks/payment-records.js';
import { processDwollaEventBatch } from '../shared/webhooks/transfer-chain-sqs.js';

const config = loadConfig(z.object({ ...tableConfig, ...accountTokensConfig }));
const ddb = documentClient();
const tableName = config.TABLE_NAME;

const processor = createPaymentRecordsProcessor({
  records: new DynamoDbPaymentRecordStore({ client: ddb, tableName }),
  legs: new DynamoDbLegStore({ client: ddb, tableName }),
  dwolla: createDwollaClient({
    apiUrl: config.DWOLLA_API_URL,
    retry: { totalBudgetMs: 5_000 },
    metrics,
  }),
  tokens: awsAccountTokens(config, { ddb }),
  clock: systemClock,
  logger,
  metrics,
});

export const handler = lambdaHandler((event: SQSEvent) =>
  processDwollaEventBatch(event, (payload) => processor.process(payload), { logger, metrics }),
);
