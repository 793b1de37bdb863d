/**
 * `GET /transfers/{id}`: one leg with its links, failure and events, read from DynamoDB only
 * (the webhook pipeline keeps it current); Dwolla is never called here.
 */
import { httpHandler } from '../shared/observability/handler.js';
import {
  awsTransferStore,
  getTransferRoute,
  getTransferUseCase,
} from '../shared/transfers/index.js';

const transfers = awsTransferStore();

export const handler = httpHandler(
  getTransferRoute({ getTransfer: getTransferUseCase({ transfers }) }),
);
