import { createHmac, timingSafeEqual } from 'node:crypto';

export { headerValue } from '../http/headers.js';

/**
 * The signature header (https://developers.dwolla.com/guides/webhooks/process-validate: the SHA-1
 * `X-Request-Signature` is gone). HTTP header names are case-insensitive; API Gateway HTTP APIs
 * lower-case them.
 */
export const SIGNATURE_HEADER = 'x-request-signature-sha-256';

/**
 * Lower-case hex HMAC-SHA256 of `rawBody` keyed with `secret`: what Dwolla sends in
 * `X-Request-Signature-SHA-256` (https://developers.dwolla.com/guides/webhooks/process-validate).
 *
 * @example
 * ```ts
 * const signature = signWebhookBody('s3cret', Buffer.from(body, 'utf8'));
 * ```
 */
export function signWebhookBody(secret: string, rawBody: Uint8Array): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/**
 * True when `signature` is the HMAC of the raw body under one of `secrets` (current, then the
 * previous one during a rotation). The HMAC is computed over the bytes as received — never over
 * re-serialised JSON — and compared in constant time after a length check
 * (https://developers.dwolla.com/guides/webhooks/process-validate). Every secret is tried, so the
 * time taken does not reveal which one matched.
 *
 * @example
 * ```ts
 * verifyWebhookSignature(rawBody, headerValue(event.headers, SIGNATURE_HEADER), ['new', 'old']);
 * ```
 */
export function verifyWebhookSignature(
  rawBody: Uint8Array,
  signature: string | undefined,
  secrets: readonly string[],
): boolean {
  if (!signature) return false;
  const received = Buffer.from(signature.trim().toLowerCase(), 'utf8');
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(signWebhookBody(secret, rawBody), 'utf8');
    if (expected.length === received.length && timingSafeEqual(expected, received)) {
      matched = true;
    }
  }
  return matched;
}
