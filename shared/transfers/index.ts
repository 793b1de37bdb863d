/**
 * The Transfers API: `POST /transfers` (validated, idempotent), `GET /transfers/{id}`,
 * `GET /transfers?correlationId=` and `POST /transfers/{id}/cancel`. Entry files wire the
 * DynamoDB adapters and the ports into the use cases and wrap the routes with middy.
 *
 * @example
 * ```ts
 * const transfers = new DynamoDbTransferRepository({ client: ddb, tableName });
 * export const handler = middy(getTransferRoute({ getTransfer: getTransferUseCase({ transfers }) }))
 *   .use(httpErrorHandler());
 * ```
 */

export { type CancelledTransfer, cancelTransferUseCase } from './cancel-transfer.js';
export { canonicalTransferBody, requestHash } from './canonical-body.js';
export { chainOrder } from './chain-order.js';
export {
  type CreatedTransfer,
  type CreateTransferOptions,
  createTransferUseCase,
  DEFAULT_CREATE_TRANSFER_OPTIONS,
  dwollaIdempotencyKey,
} from './create-transfer.js';
export { DynamoDbIdempotencyStore, IDEMPOTENCY_TTL_SECONDS } from './dynamodb-idempotency-store.js';
export { DynamoDbTransferRepository } from './dynamodb-transfer-repository.js';
export * from './errors.js';
export type * from './ports.js';
export {
  getTransferUseCase,
  searchTransfersUseCase,
  type TransferSearchResult,
} from './read-transfers.js';
export {
  type CreateTransferInput,
  correlationIdSchema,
  IDEMPOTENCY_KEY_PATH,
  idempotencyKeySchema,
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
  toHttpError,
} from './routes.js';
