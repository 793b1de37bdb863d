/**
 * The Transfers API: `POST /transfers` (validated, idempotent), `GET /transfers/{id}`,
 * `GET /transfers?correlationId=` and `POST /transfers/{id}/cancel`. Entry files wire the
 * DynamoDB adapters and the ports into the use cases and wrap the routes with middy.
 *
 * @example
 * ```ts
 * const transfers = new DynamoDbTransferStore({ client: ddb, tableName });
 * export const handler = httpHandler(getTransferRoute({ getTransfer: getTransferUseCase({ transfers }) }));
 * ```
 */

export { awsTransferStore } from './aws.js';
export { type CancelledTransfer, cancelTransferUseCase } from './cancel-transfer.js';
export { canonicalTransferBody, requestHash } from './canonical-body.js';
export { chainOrder } from './chain-order.js';
export {
  type CreatedTransfer,
  type CreateTransferOptions,
  createTransferUseCase,
  dwollaIdempotencyKey,
} from './create-transfer.js';
export { DynamoDbCreatedLegStore } from './dynamodb-created-leg-store.js';
export { DynamoDbIdempotencyStore } from './dynamodb-idempotency-store.js';
export { DynamoDbTransferStore } from './dynamodb-transfer-store.js';
export * from './errors.js';
export type * from './ports.js';
export {
  getTransferUseCase,
  searchTransfersUseCase,
  type TransferSearchResult,
} from './read-transfers.js';
export {
  type CreateTransferInput,
  IDEMPOTENCY_KEY_PATH,
  parseCorrelationIdQuery,
  parseCreateTransfer,
  type TransferRequest,
  transferRequestSchema,
} from './request-schema.js';
export {
  cancelTransferRoute,
  createTransferRoute,
  getTransferRoute,
  type Route,
  searchTransfersRoute,
} from './routes.js';
