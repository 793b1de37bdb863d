import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpError, ValidationHttpError } from '../http/errors.js';
import { json } from '../http/responses.js';
import {
  InvalidPayloadError,
  InvalidSignatureError,
  PayloadTooLargeError,
  PublishFailedError,
} from './errors.js';
import type { AcceptedWebhook, WebhookRequest } from './intake.js';

/**
 * Maps the intake's typed errors to HTTP at the edge: 413 too large, 401 bad or missing
 * signature, 400 Dwolla-style `ValidationError`, 500 when the publish failed (so Dwolla retries,
 * https://developers.dwolla.com/docs/api-reference/webhook-subscriptions ("Acknowledgement and
 * retries")); 200 `{"received":true}` once published.
 *
 * @example
 * ```ts
 * export const handler = middy(webhookIntakeRoute(intake)).use(httpErrorHandler());
 * ```
 */
export function webhookIntakeRoute(
  intake: (request: WebhookRequest) => Promise<AcceptedWebhook>,
): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  return async function webhookIntakeHandler(event) {
    try {
      await intake(event);
    } catch (error) {
      throw toHttpError(error);
    }
    return json(200, { received: true });
  };
}

function toHttpError(error: unknown): unknown {
  if (error instanceof PayloadTooLargeError) {
    return new HttpError(413, { code: 'PayloadTooLarge', message: error.message });
  }
  if (error instanceof InvalidSignatureError) {
    return new HttpError(401, { code: 'InvalidSignature', message: error.message });
  }
  if (error instanceof InvalidPayloadError) return new ValidationHttpError(error.errors);
  if (error instanceof PublishFailedError) {
    return new HttpError(
      500,
      { code: 'ServerError', message: 'A server error occurred.' },
      {},
      { cause: error },
    );
  }
  return error;
}
