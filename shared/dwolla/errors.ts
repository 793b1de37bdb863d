/**
 * Typed errors of the Dwolla client. Every message is built from Dwolla's own `code` /
 * `message` / `error_description` and the request path: never from a token, an authorization
 * code, a client secret or a request body.
 */

/**
 * One entry of Dwolla's `_embedded.errors`
 * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/errors ("Errors" >
 * "Validation errors")).
 */
export interface DwollaFieldError {
  readonly code: string;
  readonly message: string;
  /** JSON pointer into the request body, e.g. `/amount/value`. */
  readonly path: string;
}

/**
 * Base of every error the Dwolla client throws, so callers can tell "Dwolla said no / was
 * unreachable" from their own bugs with one `instanceof`.
 *
 * @example
 * ```ts
 * try { await dwolla.getTransfer(token, id); } catch (err) { if (err instanceof DwollaError) { ... } }
 * ```
 */
export class DwollaError extends Error {
  /** Whether the same call may succeed if tried again later (5xx, 429, network). */
  readonly retryable: boolean;
  /** How many HTTP attempts were made before giving up. */
  readonly attempts: number;

  constructor(
    message: string,
    options: { retryable: boolean; attempts?: number; cause?: unknown } = { retryable: false },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DwollaError';
    this.retryable = options.retryable;
    this.attempts = options.attempts ?? 1;
  }
}

/**
 * Dwolla answered a resource call with an error status. Keeps the status, Dwolla's error `code`,
 * the `_embedded.errors` list with JSON-pointer paths, and the `X-Request-ID` Dwolla support
 * asks for (https://developers.dwolla.com/docs/api-reference/api-fundamentals/errors).
 *
 * @example
 * ```ts
 * if (err instanceof DwollaApiError && err.code === 'ValidationError') {
 *   const paths = err.errors.map((e) => e.path); // ['/amount/value']
 * }
 * ```
 */
export class DwollaApiError extends DwollaError {
  /** Seconds from a `Retry-After` header, when Dwolla sent one (429, 503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly status: number,
    readonly code: string,
    dwollaMessage: string,
    readonly errors: readonly DwollaFieldError[],
    readonly requestId: string | undefined,
    readonly method: string,
    readonly path: string,
    options: { retryable: boolean; attempts?: number; retryAfterSeconds?: number },
  ) {
    super(`Dwolla ${method} ${path} answered ${status} ${code}: ${dwollaMessage}`, options);
    this.name = 'DwollaApiError';
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/**
 * Dwolla could not be reached, or did not answer within the attempt timeout, on every attempt.
 *
 * @example
 * ```ts
 * if (err instanceof DwollaNetworkError) return { statusCode: 503 };
 * ```
 */
export class DwollaNetworkError extends DwollaError {
  constructor(
    readonly method: string,
    readonly path: string,
    options: { attempts: number; cause: unknown },
  ) {
    super(`Dwolla ${method} ${path} unreachable after ${options.attempts} attempt(s)`, {
      retryable: true,
      ...options,
    });
    this.name = 'DwollaNetworkError';
  }
}

/**
 * Dwolla answered 2xx but the body (or the `Location` header) is not what the documents
 * describe. Carries the zod issue paths, never the body itself.
 *
 * @example
 * ```ts
 * throw new DwollaResponseError('GET', '/transfers/abc', ['/status: Invalid option']);
 * ```
 */
export class DwollaResponseError extends DwollaError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`Dwolla ${method} ${path} returned an unexpected response: ${problems.join('; ')}`, {
      retryable: false,
    });
    this.name = 'DwollaResponseError';
  }
}

/**
 * The token endpoint refused a grant: `{"error": ..., "error_description": ...}`
 * (https://developers.dwolla.com/resources/oauth-refresh-strategies.html). Base of the
 * grant-specific errors below.
 *
 * @example
 * ```ts
 * if (err instanceof DwollaTokenError) logger.warn('grant refused', { error: err.error });
 * ```
 */
export class DwollaTokenError extends DwollaError {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly errorDescription: string | undefined,
  ) {
    super(`Dwolla token endpoint answered ${status} ${error}: ${errorDescription ?? ''}`.trim(), {
      retryable: false,
    });
    this.name = 'DwollaTokenError';
  }
}

/**
 * `{"error":"access_denied","error_description":"Invalid refresh token."}`: the refresh token
 * was rotated away or revoked; the account must authorize again
 * (https://developers.dwolla.com/resources/oauth-refresh-strategies.html).
 *
 * @example
 * ```ts
 * if (err instanceof InvalidRefreshTokenError) await markNeedsReauthorization(accountId);
 * ```
 */
export class InvalidRefreshTokenError extends DwollaTokenError {
  constructor(status: number, errorDescription?: string) {
    super(status, 'access_denied', errorDescription ?? 'Invalid refresh token.');
    this.name = 'InvalidRefreshTokenError';
  }
}

/**
 * `{"error":"access_denied","error_description":"Expired refresh token."}`: more than 60 days
 * without a refresh (https://developers.dwolla.com/guides/auth/authorization-code-flow.html).
 *
 * @example
 * ```ts
 * if (err instanceof ExpiredRefreshTokenError) await markNeedsReauthorization(accountId);
 * ```
 */
export class ExpiredRefreshTokenError extends DwollaTokenError {
  constructor(status: number, errorDescription?: string) {
    super(status, 'access_denied', errorDescription ?? 'Expired refresh token.');
    this.name = 'ExpiredRefreshTokenError';
  }
}

/**
 * Any other refused grant: an invalid, used or expired (60 s) authorization code, a
 * `redirect_uri` mismatch, or invalid client credentials.
 *
 * @example
 * ```ts
 * if (err instanceof InvalidGrantError) return redirect(`${returnUrl}?error=${err.error}`);
 * ```
 */
export class InvalidGrantError extends DwollaTokenError {
  constructor(status: number, error: string, errorDescription?: string) {
    super(status, error, errorDescription);
    this.name = 'InvalidGrantError';
  }
}

/**
 * True when a resource call failed because of its bearer token: any 401 from the resource
 * API (`ExpiredAccessToken`, `InvalidAccessToken`, or a 401 without a body). The caller
 * refreshes the token and tries once more
 * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/errors ("Errors" >
 * "Common errors")).
 *
 * @example
 * ```ts
 * catch (err) { if (isAccessTokenError(err)) token = await vault.refresh(accountId); }
 * ```
 */
export function isAccessTokenError(err: unknown): err is DwollaApiError {
  return err instanceof DwollaApiError && err.status === 401;
}
