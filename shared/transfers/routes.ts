import { randomUUID } from 'node:crypto';
import {
  AccountDisconnectedError,
  AccountNotFoundError,
  ReauthorizationRequiredError,
} from '../accounts/errors.js';
import type { TransferLeg } from '../domain/transfer.js';
import { parseJsonBody } from '../http/error-handler.js';
import { HttpError, ValidationHttpError } from '../http/errors.js';
import { headerValue } from '../http/headers.js';
import { json } from '../http/responses.js';
import type { Route } from '../http/route.js';
import { type Principal, requireScope } from '../tenancy/principal.js';
import type { CancelledTransfer } from './cancel-transfer.js';
import type { CreatedTransfer } from './create-transfer.js';
import {
  CancelRefusedError,
  DwollaUnavailableError,
  IdempotencyKeyExpiredError,
  IdempotencyKeyReusedError,
  RequestInProgressError,
  TransferNotFoundError,
  TransferRejectedError,
  TransferValidationError,
} from './errors.js';
import type { TransferSearchResult } from './read-transfers.js';
import {
  type CreateTransferInput,
  parseCorrelationIdQuery,
  parseCreateTransfer,
  transferRequestSchema,
} from './request-schema.js';

export type { Route };

/**
 * Maps the errors of the Transfers API, and the account errors it lets through, to HTTP.
 * Anything else is rethrown for `httpErrorHandler()` to turn into a bare 500.
 *
 * @example
 * ```ts
 * try { … } catch (error) { throw toHttpError(error); }
 * ```
 */
export function toHttpError(error: unknown): unknown {
  if (error instanceof TransferValidationError) {
    return new ValidationHttpError([...error.errors]);
  }
  if (error instanceof TransferNotFoundError) {
    return new HttpError(404, { code: 'NotFound', message: 'Transfer not found.' });
  }
  if (error instanceof AccountNotFoundError) {
    return new HttpError(404, {
      code: 'NotFound',
      message: 'The account is not connected.',
      _embedded: {
        errors: [
          { code: 'NotFound', message: 'The account is not connected.', path: '/accountId' },
        ],
      },
    });
  }
  if (error instanceof AccountDisconnectedError) {
    return new HttpError(409, {
      code: 'AccountDisconnected',
      message: 'The account was disconnected; connect it again through OAuth first.',
      _embedded: {
        errors: [
          {
            code: 'AccountDisconnected',
            message: 'The account is disconnected.',
            path: '/accountId',
          },
        ],
      },
    });
  }
  if (error instanceof ReauthorizationRequiredError) {
    return new HttpError(409, {
      code: 'ReauthorizationRequired',
      message: 'The account must be connected again through OAuth.',
      reason: 'reauthorization_required',
    });
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return new HttpError(422, {
      code: 'IdempotencyKeyReused',
      message: error.message,
    });
  }
  if (error instanceof IdempotencyKeyExpiredError) {
    return new HttpError(409, { code: 'IdempotencyKeyExpired', message: error.message });
  }
  if (error instanceof RequestInProgressError) {
    return new HttpError(
      409,
      { code: 'RequestInProgress', message: error.message },
      { 'retry-after': String(error.retryAfterSeconds) },
    );
  }
  if (error instanceof DwollaUnavailableError) {
    return new HttpError(
      503,
      {
        code: 'ServiceUnavailable',
        message:
          'Dwolla is temporarily unavailable; retry after Retry-After seconds (a transfer with the same Idempotency-Key).',
      },
      { 'retry-after': String(error.retryAfterSeconds) },
      { cause: error },
    );
  }
  if (error instanceof TransferRejectedError) {
    const { code, message, _embedded } = error.body;
    return new HttpError(
      error.status,
      _embedded
        ? { code, message, _embedded: { errors: [..._embedded.errors] } }
        : { code, message },
    );
  }
  if (error instanceof CancelRefusedError) {
    return new HttpError(409, { code: error.code, message: error.reason });
  }
  return error;
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toHttpError(error);
  }
}

/**
 * `POST /transfers` (`transfers:write`): checks the scope, then body and `Idempotency-Key`
 * (nothing is stored or sent for an invalid request), then runs the create use case; 201 with
 * the key used.
 *
 * @example
 * ```ts
 * export const handler = middy(createTransferRoute({ dwollaApiUrl, createTransfer })).use(httpErrorHandler());
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
    const created = await mapped(() => {
      const input = parseCreateTransfer(
        schema,
        body,
        headerValue(event.headers, 'idempotency-key'),
        newKey,
      );
      return deps.createTransfer(input, principal);
    });
    return json(201, created, { 'idempotency-key': created.idempotencyKey });
  };
}

/**
 * `GET /transfers/{id}` (`transfers:read`): the caller's leg, its links, failure, audit and
 * events, from DynamoDB only.
 *
 * @example
 * ```ts
 * export const handler = middy(getTransferRoute({ getTransfer })).use(httpErrorHandler());
 * ```
 */
export function getTransferRoute(deps: {
  getTransfer: (transferId: string, principal: Principal) => Promise<TransferLeg>;
}): Route {
  return async function getTransferHandler(event) {
    const principal = requireScope(event, 'transfers:read');
    const id = event.pathParameters?.id ?? '';
    return json(200, await mapped(() => deps.getTransfer(id, principal)));
  };
}

/**
 * `GET /transfers?correlationId=X` (`transfers:read`): the caller's legs of a chain in chain
 * order; 400 on an invalid correlationId (path `/correlationId`).
 *
 * @example
 * ```ts
 * export const handler = middy(searchTransfersRoute({ searchTransfers })).use(httpErrorHandler());
 * ```
 */
export function searchTransfersRoute(deps: {
  searchTransfers: (correlationId: string, principal: Principal) => Promise<TransferSearchResult>;
}): Route {
  return async function searchTransfersHandler(event) {
    const principal = requireScope(event, 'transfers:read');
    const result = await mapped(() => {
      const correlationId = parseCorrelationIdQuery(event.queryStringParameters?.correlationId);
      return deps.searchTransfers(correlationId, principal);
    });
    return json(200, result);
  };
}

/**
 * `POST /transfers/{id}/cancel` (`transfers:write`): 200 `{ id, status: "cancelled" }`, 409
 * with Dwolla's reason when Dwolla refuses; 404 for another tenant's leg.
 *
 * @example
 * ```ts
 * export const handler = middy(cancelTransferRoute({ cancelTransfer })).use(httpErrorHandler());
 * ```
 */
export function cancelTransferRoute(deps: {
  cancelTransfer: (transferId: string, principal: Principal) => Promise<CancelledTransfer>;
}): Route {
  return async function cancelTransferHandler(event) {
    const principal = requireScope(event, 'transfers:write');
    const id = event.pathParameters?.id ?? '';
    return json(200, await mapped(() => deps.cancelTransfer(id, principal)));
  };
}
