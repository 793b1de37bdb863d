import type { FieldError } from '../validation/zod-issues.js';

/**
 * Dwolla's error shape (https://developers.dwolla.com/docs/api-reference/api-fundamentals/errors):
 * a code, a message, `_embedded.errors` naming each offending field, and `reason` for a
 * reauthorization.
 */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly _embedded?: { readonly errors: readonly FieldError[] };
  readonly reason?: string;
}

/** What the caller of a route sees of an error: its status, public body and extra headers. */
export interface HttpAnswer {
  readonly statusCode: number;
  readonly body: ErrorBody;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A typed error that says what the caller sees: `httpErrorHandler()` answers with its
 * `httpAnswer`, the same everywhere the error is thrown.
 *
 * @example
 * ```ts
 * class TransferNotFoundError extends TransferError implements PublicError {
 *   get httpAnswer() { return { statusCode: 404, body: { code: 'NotFound', message: 'Transfer not found.' } }; }
 * }
 * ```
 */
export interface PublicError extends Error {
  readonly httpAnswer: HttpAnswer;
}

/**
 * True for an error carrying its {@link HttpAnswer}.
 *
 * @example
 * ```ts
 * if (isPublicError(error)) return json(error.httpAnswer.statusCode, error.httpAnswer.body);
 * ```
 */
export function isPublicError(error: unknown): error is PublicError {
  if (!(error instanceof Error) || !('httpAnswer' in error)) return false;
  const answer = error.httpAnswer as Partial<HttpAnswer> | undefined;
  return typeof answer?.statusCode === 'number' && typeof answer.body === 'object';
}

/** The body of every 500: nothing internal. */
export const SERVER_ERROR_BODY: ErrorBody = {
  code: 'ServerError',
  message: 'A server error occurred.',
};

/**
 * Dwolla's `ValidationError` answer: 400 with one `_embedded.errors` entry per offending field.
 *
 * @example
 * ```ts
 * validationAnswer([{ code: 'Invalid', message: 'Must be USD.', path: '/amount/currency' }]);
 * ```
 */
export function validationAnswer(errors: readonly FieldError[]): HttpAnswer {
  return {
    statusCode: 400,
    body: {
      code: 'ValidationError',
      message: 'Validation error(s) present. See embedded errors list for more details.',
      _embedded: { errors },
    },
  };
}

/**
 * An error raised at the edge itself (a body that is not JSON, a missing scope), with its HTTP
 * status and public body. 5xx bodies never carry internal detail.
 *
 * @example
 * ```ts
 * throw new HttpError(403, { code: 'Forbidden', message: 'The API key lacks transfers:write.' });
 * ```
 */
export class HttpError extends Error implements PublicError {
  constructor(
    public readonly statusCode: number,
    public readonly body: ErrorBody,
    public readonly headers: Readonly<Record<string, string>> = {},
    options?: { cause?: unknown },
  ) {
    super(body.message, options);
    this.name = 'HttpError';
  }

  get httpAnswer(): HttpAnswer {
    return { statusCode: this.statusCode, body: this.body, headers: this.headers };
  }
}

/**
 * Dwolla's `ValidationError` shape: 400 with one entry per offending field.
 *
 * @example
 * ```ts
 * throw new ValidationHttpError([{ code: 'Invalid', message: 'Must be USD.', path: '/amount/currency' }]);
 * ```
 */
export class ValidationHttpError extends HttpError {
  constructor(public readonly errors: readonly FieldError[]) {
    super(400, validationAnswer(errors).body);
    this.name = 'ValidationHttpError';
  }
}
