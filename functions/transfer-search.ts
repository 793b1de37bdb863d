/**
 * `GET /transfers?correlationId=X`: the legs of a chain in chain order, from one Query on the
 * `byCorrelationId` index.
 */
import { httpHandler } from '../shared/observability/handler.js';
import {
  awsTransferStore,
  searchTransfersRoute,
  searchTransfersUseCase,
} from '../shared/transfers/index.js';

const transfers = awsTransferStore();

export const handler = httpHandler(
  searchTransfersRoute({ searchTransfers: searchTransfersUseCase({ transfers }) }),
);
