/**
 * `GET /transfers/{id}`: one leg with its links, failure and events, read from DynamoDB only
 * (the webhook pipeline keeps it current); Dwolla is never called here.
 */
import * as z from 'zod/mini';
import { documentClient } from '../shared/adapters/aws-clients.js';
import { loadConfig } from '../shared/config/load.js';
import { tableConfig } from '../shared/config/runtime.js';
import { httpHandler } from '../shared/observability/handler.js';
import {
  DynamoDbTransferStore,
  getTransferRoute,
  getTransferUseCase,
} from '../shared/transfers/index.js';

const config = loadConfig(z.object({ ...tableConfig }));
const transfers = new DynamoDbTransferStore({
  client: documentClient(),
  tableName: config.TABLE_NAME,
});

export const handler = httpHandler(
  getTransferRoute({ getTransfer: getTransferUseCase({ transfers }) }),
);
