import type { FieldError } from '../http/errors.js';

/**
 * Base class of every error raised by the Transfers API (`shared/transfers/`). The HTTP edge
 * (`routes.ts`) is the only place these become status codes.
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
export class TransferValidationError extends TransferError {
  constructor(public readonly errors: readonly FieldError[]) {
    super(`Invalid transfer request: ${errors.map((e) => e.path).join(', ')}`);
    this.name = 'TransferValidationError';
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
export class IdempotencyKeyReusedError extends TransferError {
  constructor(public readonly idempotencyKey: string) {
    super('The Idempotency-Key was already used with a different request.');
    this.name = 'IdempotencyKeyReusedError';
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
export class IdempotencyKeyExpiredError extends TransferError {
  constructor(public readonly idempotencyKey: string) {
    super(
      'The request under this Idempotency-Key is older than Dwolla keeps keys (24 h) and was not re-sent; check the transfers by correlationId, then retry with a new key.',
    );
    this.name = 'IdempotencyKeyExpiredError';
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
export class RequestInProgressError extends TransferError {
  constructor(
    public readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super('A request with this Idempotency-Key is still in progress.', options);
    this.name = 'RequestInProgressError';
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
export class DwollaUnavailableError extends TransferError {
  constructor(
    public readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super('Dwolla is temporarily unavailable.', options);
    this.name = 'DwollaUnavailableError';
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
export class TransferRejectedError extends TransferError {
  constructor(
    public readonly status: number,
    public readonly body: DwollaErrorBody,
    options?: { cause?: unknown },
  ) {
    super(`Dwolla refused the transfer: ${body.code}`, options);
    this.name = 'TransferRejectedError';
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
export class TransferNotFoundError extends TransferError {
  constructor(public readonly transferId: string) {
    super('Transfer not found.');
    this.name = 'TransferNotFoundError';
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
export class CancelRefusedError extends TransferError {
  constructor(
    public readonly code: string,
    public readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Dwolla refused the cancellation: ${code}`, options);
    this.name = 'CancelRefusedError';
  }
}
