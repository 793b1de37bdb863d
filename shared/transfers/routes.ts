import { randomUUID } from 'node:crypto';
import type { TransferLeg } from '../domain/transfer.js';
import { parseJsonBody } from '../http/error-handler.js';
import { headerValue } from '../http/headers.js';
import { json } from '../http/responses.js';
import type { Route } from '../http/route.js';
import { type Principal, requireScope } from '../tenancy/principal.js';
import type { CancelledTransfer } from './cancel-transfer.js';
import type { CreatedTransfer } from './create-transfer.js';
import type { TransferSearchResult } from './read-transfers.js';
import {
  type CreateTransferInput,
  parseCorrelationIdQuery,
  parseCreateTransfer,
  transferRequestSchema,
} from './request-schema.js';

export type { Route };

/**
 * `POST /transfers` (`transfers:write`): checks the scope, then body and `Idempotency-Key`
 * (nothing is stored or sent for an invalid request), then runs the create use case; 201 with
 * the key used.
 *
 * @example
 * ```ts
 * export const handler = httpHandler(createTransferRoute({ dwollaApiUrl, createTransfer }));
 * ```
 */
export function createTransferRoute(deps: {
  dwollaApiUrl: string;
  createTransfer: (input: CreateTransferInput, principal: Principal) => Promise<CreatedTransfer>;
  newKey?: () => string;
}): Route {
  const schema = transferRequestSchema(deps.dwollaApiUrl);
  const newKey = deps.newKey ?? randomUUID;
  return async function createTransferHandler(event) {
    const principal = requireScope(event, 'transfers:write');
    const body = parseJsonBody(event);
    const input = parseCreateTransfer(
      schema,
      body,
      headerValue(event.headers, 'idempotency-key'),
      newKey,
    );
    const created = await deps.createTransfer(input, principal);
    return json(201, created, { 'idempotency-key': created.idempotencyKey });
  };
}

/**
 * `GET /transfers/{id}` (`transfers:read`): the caller's leg, its links, failure, audit and
 * events, from DynamoDB only.
 *
 * @example
 * ```ts
 * export const handler = httpHandler(getTransferRoute({ getTransfer }));
 * ```
 */
export function getTransferRoute(deps: {
  getTransfer: (transferId: string, principal: Principal) => Promise<TransferLeg>;
}): Route {
  return async function getTransferHandler(event) {
    const principal = requireScope(event, 'transfers:read');
    const id = event.pathParameters?.id ?? '';
    return json(200, await deps.getTransfer(id, principal));
  };
}

/**
 * `GET /transfers?correlationId=X` (`transfers:read`): the caller's legs of a chain in chain
 * order; 400 on an invalid correlationId (path `/correlationId`).
 *
 * @example
 * ```ts
 * export const handler = httpHandler(searchTransfersRoute({ searchTransfers }));
 * ```
 */
export function searchTransfersRoute(deps: {
  searchTransfers: (correlationId: string, principal: Principal) => Promise<TransferSearchResult>;
}): Route {
  return async function searchTransfersHandler(event) {
    const principal = requireScope(event, 'transfers:read');
    const correlationId = parseCorrelationIdQuery(event.queryStringParameters?.correlationId);
    return json(200, await deps.searchTransfers(correlationId, principal));
  };
}

/**
 * `POST /transfers/{id}/cancel` (`transfers:write`): 200 `{ id, status: "cancelled" }`, 409
 * with Dwolla's reason when Dwolla refuses; 404 for another tenant's leg.
 *
 * @example
 * ```ts
 * export const handler = httpHandler(cancelTransferRoute({ cancelTransfer }));
 * ```
 */
export function cancelTransferRoute(deps: {
  cancelTransfer: (transferId: string, principal: Principal) => Promise<CancelledTransfer>;
}): Route {
  return async function cancelTransferHandler(event) {
    const principal = requireScope(event, 'transfers:write');
    const id = event.pathParameters?.id ?? '';
    return json(200, await deps.cancelTransfer(id, principal));
  };
}
