import { DwollaApiError } from '../dwolla/errors.js';
import type { DwollaErrorBody } from './errors.js';

/**
 * True for a Dwolla answer that will not change on retry: a 4xx other than 401 (the token layer's
 * business), 409 (the key is still being processed) and 429 (rate limit).
 *
 * @example
 * ```ts
 * if (isPermanentRejection(error)) await idempotency.markFailed(key, { status: error.status, body: dwollaErrorBody(error) });
 * ```
 */
export function isPermanentRejection(error: unknown): error is DwollaApiError {
  return (
    error instanceof DwollaApiError &&
    !error.retryable &&
    error.status >= 400 &&
    error.status < 500 &&
    ![401, 409, 429].includes(error.status)
  );
}

/**
 * Dwolla's error body (`code`, `message`, `_embedded.errors` with paths), rebuilt from the client's
 * typed error to pass it through to our caller
 * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/errors).
 *
 * @example
 * ```ts
 * dwollaErrorBody(error); // { code: 'ValidationError', message: '…', _embedded: { errors: [...] } }
 * ```
 */
export function dwollaErrorBody(error: DwollaApiError): DwollaErrorBody {
  const body = { code: error.code, message: dwollaMessage(error) };
  if (error.errors.length === 0) return body;
  return {
    ...body,
    _embedded: {
      errors: error.errors.map(({ code, message, path }) => ({ code, message, path })),
    },
  };
}

/**
 * Dwolla's own message, without the method and path the client prefixes it with.
 *
 * @example
 * ```ts
 * dwollaMessage(error); // 'Resource cannot be modified.'
 * ```
 */
export function dwollaMessage(error: DwollaApiError): string {
  const prefix = `Dwolla ${error.method} ${error.path} answered ${error.status} ${error.code}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}
