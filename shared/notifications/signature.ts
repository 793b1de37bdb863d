import { createHmac, randomBytes } from 'node:crypto';

/** Prefix of an endpoint secret (Standard Webhooks). */
const SECRET_PREFIX = 'whsec_';

/** Random bytes of a new endpoint secret: the specification asks for 24 to 64. */
const SECRET_BYTES = 32;

/**
 * A new endpoint secret: `whsec_` + base64 of 32 random bytes.
 *
 * @example
 * ```ts
 * const secret = generateEndpointSecret(); // 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw…'
 * ```
 */
export function generateEndpointSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** The headers that make a request a Standard Webhooks message. */
export interface SignedHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/**
 * Standard Webhooks signature headers for one attempt: HMAC-SHA256, keyed with the base64-decoded
 * part of the secret after `whsec_`, over `${id}.${timestamp}.${body}`
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md).
 *
 * @example
 * ```ts
 * const headers = signNotification(secret, 'msg_abc_pending', 1700000000, body);
 * ```
 */
export function signNotification(
  secret: string,
  webhookId: string,
  timestampSeconds: number,
  body: string,
): SignedHeaders {
  const key = Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    'base64',
  );
  const timestamp = String(timestampSeconds);
  const signature = createHmac('sha256', key)
    .update(`${webhookId}.${timestamp}.${body}`)
    .digest('base64');
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  };
}
