import {
  type HttpAnswer,
  type PublicError,
  SERVER_ERROR_BODY,
  validationAnswer,
} from '../http/errors.js';
import type { FieldError } from '../validation/zod-issues.js';

/**
 * Base class of every error raised by the webhook pipeline (`shared/webhooks/`).
 *
 * @example
 * ```ts
 * if (error instanceof WebhookError) logger.warn('webhook refused', { reason: error.name });
 * ```
 */
export class WebhookError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WebhookError';
  }
}

/**
 * The body is larger than the intake accepts (checked on the raw bytes, before hashing).
 *
 * @example
 * ```ts
 * throw new PayloadTooLargeError(300_000, 262_144);
 * ```
 */
export class PayloadTooLargeError extends WebhookError implements PublicError {
  constructor(
    public readonly sizeBytes: number,
    public readonly limitBytes: number,
  ) {
    super(`Webhook body of ${sizeBytes} bytes exceeds the ${limitBytes}-byte limit.`);
    this.name = 'PayloadTooLargeError';
  }

  get httpAnswer(): HttpAnswer {
    return { statusCode: 413, body: { code: 'PayloadTooLarge', message: this.message } };
  }
}

/**
 * The `X-Request-Signature-SHA-256` header is missing or matches none of the accepted secrets.
 * Never carries the signature or the secret.
 *
 * @example
 * ```ts
 * throw new InvalidSignatureError('missing');
 * ```
 */
export class InvalidSignatureError extends WebhookError implements PublicError {
  constructor(public readonly reason: 'missing' | 'mismatch') {
    super(
      reason === 'missing'
        ? 'The webhook signature header is missing.'
        : 'The webhook signature does not match.',
    );
    this.name = 'InvalidSignatureError';
  }

  get httpAnswer(): HttpAnswer {
    return { statusCode: 401, body: { code: 'InvalidSignature', message: this.message } };
  }
}

/**
 * The body is not JSON, or not a Dwolla event. `errors` follow Dwolla's `ValidationError`
 * entries (JSON-pointer paths).
 *
 * @example
 * ```ts
 * throw new InvalidPayloadError([{ code: 'Invalid', message: 'Not JSON.', path: '/' }]);
 * ```
 */
export class InvalidPayloadError extends WebhookError implements PublicError {
  constructor(
    public readonly errors: FieldError[],
    options?: { cause?: unknown },
  ) {
    super('The webhook body is not a valid Dwolla event.', options);
    this.name = 'InvalidPayloadError';
  }

  get httpAnswer(): HttpAnswer {
    return validationAnswer(this.errors);
  }
}

/**
 * The event could not be handed to the pipeline (SNS Publish failed). Dwolla must retry,
 * so the intake answers a bare 500
 * (https://developers.dwolla.com/docs/api-reference/webhook-subscriptions ("Acknowledgement and
 * retries")).
 *
 * @example
 * ```ts
 * throw new PublishFailedError('evt-1', { cause: error });
 * ```
 */
export class PublishFailedError extends WebhookError implements PublicError {
  constructor(
    public readonly eventId: string,
    options?: { cause?: unknown },
  ) {
    super(`Publishing event ${eventId} failed.`, options);
    this.name = 'PublishFailedError';
  }

  get httpAnswer(): HttpAnswer {
    return { statusCode: 500, body: SERVER_ERROR_BODY };
  }
}

/**
 * The webhook secret could not be read, or is not `{ current, previous? }`. Never carries the
 * secret value.
 *
 * @example
 * ```ts
 * throw new WebhookSecretUnavailableError('dwolla-serverless/webhook', { cause: error });
 * ```
 */
export class WebhookSecretUnavailableError extends WebhookError {
  constructor(
    public readonly secretId: string,
    options?: { cause?: unknown },
  ) {
    super(`The webhook secret ${secretId} is unavailable or malformed.`, options);
    this.name = 'WebhookSecretUnavailableError';
  }
}

/**
 * The provisioning CLI was asked for something the current state does not allow (e.g. finishing
 * a rotation that was never started).
 *
 * @example
 * ```ts
 * throw new SubscriptionStateError('No rotation in progress: the secret has no previous value.');
 * ```
 */
export class SubscriptionStateError extends WebhookError {
  constructor(message: string) {
    super(message);
    this.name = 'SubscriptionStateError';
  }
}

/**
 * Reconcile could not publish some missed events (SNS refused them after its retries). The
 * progress saved before them stays, so the next run reads them again; carries event ids only.
 *
 * @example
 * ```ts
 * throw new ReplayIncompleteError([{ eventId: 'evt-1', reason: 'Throttled' }]);
 * ```
 */
export class ReplayIncompleteError extends WebhookError {
  constructor(public readonly rejected: readonly { eventId: string; reason: string }[]) {
    super(
      `${rejected.length} missed event(s) could not be published: ` +
        rejected
          .slice(0, 10)
          .map(({ eventId, reason }) => `${eventId} (${reason})`)
          .join(', '),
    );
    this.name = 'ReplayIncompleteError';
  }
}
