import type { FieldError } from '../../../shared/validation/zod-issues.js';

/**
 * Base of every error the simulator answers with. The server turns it into a response; the
 * body is what Dwolla would send.
 *
 * @example
 * ```ts
 * if (error instanceof SimulatorError) console.log(error.statusCode);
 * ```
 */
export abstract class SimulatorError extends Error {
  abstract readonly statusCode: number;
  abstract toBody(): Record<string, unknown>;
}

/**
 * A Dwolla API error: `{ code, message, _embedded? }`
 * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/errors).
 *
 * @example
 * ```ts
 * throw new DwollaSimError(404, 'NotFound', 'Transfer not found.');
 * ```
 */
export class DwollaSimError extends SimulatorError {
  constructor(
    public readonly statusCode: number,
    public readonly code: string,
    message: string,
    public readonly fieldErrors?: readonly FieldError[],
  ) {
    super(message);
    this.name = 'DwollaSimError';
  }

  toBody(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      ...(this.fieldErrors ? { _embedded: { errors: this.fieldErrors } } : {}),
    };
  }
}

/**
 * Dwolla's 400 `ValidationError` with one entry per offending field
 * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/errors ("Validation
 * errors")).
 *
 * @example
 * ```ts
 * throw new SimValidationError([{ code: 'Required', message: 'Amount is required.', path: '/amount' }]);
 * ```
 */
export class SimValidationError extends DwollaSimError {
  constructor(errors: readonly FieldError[]) {
    super(
      400,
      'ValidationError',
      'Validation error(s) present. See embedded errors list for more details.',
      errors,
    );
    this.name = 'SimValidationError';
  }
}

/**
 * An OAuth token-endpoint error: `{ error, error_description }`
 * (https://developers.dwolla.com/resources/oauth-refresh-strategies.html).
 *
 * @example
 * ```ts
 * throw new OAuthSimError(400, 'access_denied', 'Invalid refresh token.');
 * ```
 */
export class OAuthSimError extends SimulatorError {
  constructor(
    public readonly statusCode: number,
    public readonly error: string,
    public readonly description: string,
  ) {
    super(description);
    this.name = 'OAuthSimError';
  }

  toBody(): Record<string, unknown> {
    return { error: this.error, error_description: this.description };
  }
}

/**
 * A simulator control was called with something that does not exist (unknown account,
 * scenario or customer).
 *
 * @example
 * ```ts
 * throw new SimControlError('Unknown account acc-1.');
 * ```
 */
export class SimControlError extends SimulatorError {
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'SimControlError';
  }

  toBody(): Record<string, unknown> {
    return { code: 'BadRequest', message: this.message };
  }
}

/**
 * A webhook attempt got no complete answer within its deadline (10 s,
 * https://developers.dwolla.com/guides/webhooks/process-validate); counts as a failed attempt.
 *
 * @example
 * ```ts
 * request.destroy(new WebhookTimeoutError(10_000));
 * ```
 */
export class WebhookTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`No response within ${timeoutMs} ms.`);
    this.name = 'WebhookTimeoutError';
  }
}
