import { type HttpAnswer, type PublicError, validationAnswer } from '../http/errors.js';
import type { FieldError } from '../validation/zod-issues.js';

/**
 * Base class of every error raised by the Transfers API (`shared/transfers/`). Each carries its
 * {@link HttpAnswer}, which `httpErrorHandler()` turns into the response at the edge.
 *
 * @example
 * ```ts
 * if (error instanceof TransferError) logger.warn('transfer refused', { reason: error.name });
 * ```
 */
export class TransferError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransferError';
  }
}

/**
 * The request (body, header or query) breaks one of Dwolla's rules; nothing was stored or sent.
 * `errors` use Dwolla's `ValidationError` entries with JSON-pointer paths.
 *
 * @example
 * ```ts
 * throw new TransferValidationError([{ code: 'Invalid', message: 'Must be USD.', path: '/amount/currency' }]);
 * ```
 */
export class TransferValidationError extends TransferError implements PublicError {
  constructor(public readonly errors: readonly FieldError[]) {
    super(`Invalid transfer request: ${errors.map((e) => e.path).join(', ')}`);
    this.name = 'TransferValidationError';
  }

  get httpAnswer(): HttpAnswer {
    return validationAnswer(this.errors);
  }
}

/**
 * The `Idempotency-Key` was already used with a different body or account
 * (https://developers.dwolla.com/api-reference: a key only replays a byte-identical request).
 *
 * @example
 * ```ts
 * throw new IdempotencyKeyReusedError('2f1c…');
 * ```
 */
export class IdempotencyKeyReusedError extends TransferError implements PublicError {
  constructor(public readonly idempotencyKey: string) {
    super('The Idempotency-Key was already used with a different request.');
    this.name = 'IdempotencyKeyReusedError';
  }

  get httpAnswer(): HttpAnswer {
    return { statusCode: 422, body: { code: 'IdempotencyKeyReused', message: this.message } };
  }
}

/**
 * An unfinished request is older than Dwolla's 24 h key window: re-sending it could create a
 * second transfer, so it is not sent again (check `GET /transfers?correlationId=` first, then use
 * a new key).
 *
 * @example
 * ```ts
 * throw new IdempotencyKeyExpiredError('2f1c…');
 * ```
 */
export class IdempotencyKeyExpiredError extends TransferError implements PublicError {
  constructor(public readonly idempotencyKey: string) {
    super(
      'The request under this Idempotency-Key is older than Dwolla keeps keys (24 h) and was not re-sent; check the transfers by correlationId, then retry with a new key.',
    );
    this.name = 'IdempotencyKeyExpiredError';
  }

  get httpAnswer(): HttpAnswer {
    return { statusCode: 409, body: { code: 'IdempotencyKeyExpired', message: this.message } };
  }
}

/**
 * Another request with the same key is still being sent to Dwolla (ours, or Dwolla's own
 * 409 for a key it is still processing,
 * https://developers.dwolla.com/docs/api-reference/api-fundamentals/idempotency-key).
 *
 * @example
 * ```ts
 * throw new RequestInProgressError(3);
 * ```
 */
export class RequestInProgressError extends TransferError implements PublicError {
  constructor(
    public readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super('A request with this Idempotency-Key is still in progress.', options);
    this.name = 'RequestInProgressError';
  }

  get httpAnswer(): HttpAnswer {
    return {
      statusCode: 409,
      body: { code: 'RequestInProgress', message: this.message },
      headers: { 'retry-after': String(this.retryAfterSeconds) },
    };
  }
}

/**
 * Dwolla stayed unavailable (429 or 5xx) for the whole retry budget. The request is kept so a
 * retry with the same key re-sends the same bytes.
 *
 * @example
 * ```ts
 * throw new DwollaUnavailableError(5, { cause: lastError });
 * ```
 */
export class DwollaUnavailableError extends TransferError implements PublicError {
  constructor(
    public readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super('Dwolla is temporarily unavailable.', options);
    this.name = 'DwollaUnavailableError';
  }

  get httpAnswer(): HttpAnswer {
    return {
      statusCode: 503,
      body: {
        code: 'ServiceUnavailable',
        message:
          'Dwolla is temporarily unavailable; retry after Retry-After seconds (a transfer with the same Idempotency-Key).',
      },
      headers: { 'retry-after': String(this.retryAfterSeconds) },
    };
  }
}

/**
 * The error body Dwolla answered with
 * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/errors), kept to
 * replay it.
 */
export interface DwollaErrorBody {
  readonly code: string;
  readonly message: string;
  readonly _embedded?: { readonly errors: readonly FieldError[] };
}

/**
 * Dwolla refused the transfer with a 4xx; `status` and `body` are Dwolla's, passed through.
 *
 * @example
 * ```ts
 * throw new TransferRejectedError(400, { code: 'ValidationError', message: '…', _embedded: { errors } });
 * ```
 */
export class TransferRejectedError extends TransferError implements PublicError {
  constructor(
    public readonly status: number,
    public readonly body: DwollaErrorBody,
    options?: { cause?: unknown },
  ) {
    super(`Dwolla refused the transfer: ${body.code}`, options);
    this.name = 'TransferRejectedError';
  }

  /** Dwolla's status and body, passed through without anything else Dwolla sent. */
  get httpAnswer(): HttpAnswer {
    const { code, message, _embedded } = this.body;
    return {
      statusCode: this.status,
      body: _embedded
        ? { code, message, _embedded: { errors: _embedded.errors } }
        : { code, message },
    };
  }
}

/**
 * The request's `accountId` names no account the caller connected (never connected, or another
 * tenant's): a 404 naming the field, so the caller sees which part of the body to fix.
 *
 * @example
 * ```ts
 * throw new UnknownAccountError('ca32853c-48fa-40be-ae75-77b37504581b', { cause: error });
 * ```
 */
export class UnknownAccountError extends TransferError implements PublicError {
  constructor(
    public readonly accountId: string,
    options?: { cause?: unknown },
  ) {
    super(`Account ${accountId} is not connected.`, options);
    this.name = 'UnknownAccountError';
  }

  get httpAnswer(): HttpAnswer {
    const message = 'The account is not connected.';
    return {
      statusCode: 404,
      body: {
        code: 'NotFound',
        message,
        _embedded: { errors: [{ code: 'NotFound', message, path: '/accountId' }] },
      },
    };
  }
}

/**
 * No transfer leg with this id is known to this system.
 *
 * @example
 * ```ts
 * throw new TransferNotFoundError('74c9129b-d14a-e511-80da-0aa34a9b2388');
 * ```
 */
export class TransferNotFoundError extends TransferError implements PublicError {
  constructor(public readonly transferId: string) {
    super('Transfer not found.');
    this.name = 'TransferNotFoundError';
  }

  get httpAnswer(): HttpAnswer {
    return { statusCode: 404, body: { code: 'NotFound', message: 'Transfer not found.' } };
  }
}

/**
 * Dwolla refused to cancel the transfer (usually no longer pending:
 * https://developers.dwolla.com/docs/api-reference/transfers ("Cancel a transfer")); `code` and
 * `reason` are Dwolla's.
 *
 * @example
 * ```ts
 * throw new CancelRefusedError('InvalidResourceState', 'Resource cannot be modified.');
 * ```
 */
export class CancelRefusedError extends TransferError implements PublicError {
  constructor(
    public readonly code: string,
    public readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Dwolla refused the cancellation: ${code}`, options);
    this.name = 'CancelRefusedError';
  }

  get httpAnswer(): HttpAnswer {
    return { statusCode: 409, body: { code: this.code, message: this.reason } };
  }
}
