import { createHmac } from 'node:crypto';

/**
 * The `X-Request-Signature-SHA-256` value of a webhook: lowercase hex HMAC-SHA256 of the exact
 * body bytes sent, keyed with the subscription's secret
 * (https://developers.dwolla.com/guides/webhooks/process-validate).
 *
 * @example
 * ```ts
 * const signature = signWebhookBody(secret, body); // 64 hex characters
 * ```
 */
export function signWebhookBody(secret: string, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}
