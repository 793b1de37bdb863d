import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { json } from '../http/responses.js';
import type { AcceptedWebhook, WebhookRequest } from './intake.js';

/**
 * `POST /webhooks/dwolla`: 200 `{"received":true}` once published. The intake's typed errors
 * carry their answers (413 too large, 401 bad or missing signature, 400 Dwolla-style
 * `ValidationError`, 500 when the publish failed so Dwolla retries).
 *
 * @example
 * ```ts
 * export const handler = httpHandler(webhookIntakeRoute(intake));
 * ```
 */
export function webhookIntakeRoute(
  intake: (request: WebhookRequest) => Promise<AcceptedWebhook>,
): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  return async function webhookIntakeHandler(event) {
    await intake(event);
    return json(200, { received: true });
  };
}
