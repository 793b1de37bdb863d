import * as z from 'zod/mini';
import { documentClient } from '../adapters/aws-clients.js';
import { loadConfig } from '../config/load.js';
import { tableConfig } from '../config/runtime.js';
import { DynamoDbTransferStore } from './dynamodb-transfer-store.js';

/**
 * The transfer store of the table `TABLE_NAME` names, for the entry files that only read legs.
 *
 * @example
 * ```ts
 * const transfers = awsTransferStore();
 * export const handler = httpHandler(getTransferRoute({ getTransfer: getTransferUseCase({ transfers }) }));
 * ```
 */
export function awsTransferStore(): DynamoDbTransferStore {
  const config = loadConfig(z.object({ ...tableConfig }));
  return new DynamoDbTransferStore({ client: documentClient(), tableName: config.TABLE_NAME });
}
