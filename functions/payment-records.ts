/**
 * SQS consumer of the `paymentRecords` queue (`customer_bill_payment_*`, `mass_payment_*`,
 * `customer_mass_payment_*`): keeps a bill-payment record (Regalii status mapping, one fetch of
 * the transfer it created, whose leg gets `billPaymentId`) and a mass-payment record. Neither is
 * a transfer leg. Reports only the records worth retrying (`reportBatchItemFailures`).
 */
import * as z from 'zod/mini';
import { documentClient } from '../shared/adapters/aws-clients.js';
import { loadConfig } from '../shared/config/load.js';
import { accountTokensConfig, tableConfig } from '../shared/config/runtime.js';
import { getBillPayment } from '../shared/dwolla/index.js';
import {
  dwollaEventQueueHandler,
  queueConsumerDependencies,
} from '../shared/webhooks/dwolla-event-consumer.js';
import { DynamoDbLegStore } from '../shared/webhooks/dynamodb-leg-store.js';
import { DynamoDbPaymentRecordStore } from '../shared/webhooks/dynamodb-payment-record-store.js';
import { createPaymentRecordsProcessor } from '../shared/webhooks/payment-records.js';

const config = loadConfig(z.object({ ...tableConfig, ...accountTokensConfig }));
const ddb = documentClient();
const tableName = config.TABLE_NAME;

const processor = createPaymentRecordsProcessor({
  records: new DynamoDbPaymentRecordStore({ client: ddb, tableName }),
  legs: new DynamoDbLegStore({ client: ddb, tableName }),
  ...queueConsumerDependencies(config, ddb, { getBillPayment }),
});

export const handler = dwollaEventQueueHandler(processor);
