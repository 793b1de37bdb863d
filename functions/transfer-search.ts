/**
 * `GET /transfers?correlationId=X`: the legs of a chain in chain order, from one Query on the
 * `byCorrelationId` index.
 */
import * as z from 'zod/mini';
import { documentClient } from '../shared/adapters/aws-clients.js';
import { loadConfig } from '../shared/config/load.js';
import { tableConfig } from '../shared/config/runtime.js';
import { httpHandler } from '../shared/observability/handler.js';
import {
  DynamoDbTransferStore,
  searchTransfersRoute,
  searchTransfersUseCase,
} from '../shared/transfers/index.js';

const config = loadConfig(z.object({ ...tableConfig }));
const transfers = new DynamoDbTransferStore({
  client: documentClient(),
  tableName: config.TABLE_NAME,
});

export const handler = httpHandler(
  searchTransfersRoute({ searchTransfers: searchTransfersUseCase({ transfers }) }),
);
