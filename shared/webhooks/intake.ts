import type { EventPublisher } from '../ports/event-publisher.js';
import type { Logger, Metrics } from '../ports/observability.js';
import { fieldErrorsFromZod } from '../validation/zod-issues.js';
import {
  InvalidPayloadError,
  InvalidSignatureError,
  PayloadTooLargeError,
  PublishFailedError,
} from './errors.js';
import { dwollaEventSchema } from './payload.js';
import { headerValue, SIGNATURE_HEADER, verifyWebhookSignature } from './signature.js';
import type { WebhookSecretCache } from './webhook-secrets.js';

/** Largest webhook body accepted, in bytes (256 KiB; Dwolla's payloads are ~1 KiB). */
export const MAX_WEBHOOK_BODY_BYTES = 256 * 1024;

/** What the intake needs from the HTTP request (API Gateway HTTP API payload 2.0 fields). */
export interface WebhookRequest {
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly headers?: Readonly<Record<string, string | undefined>>;
}

/** The event accepted into the pipeline. */
export interface AcceptedWebhook {
  readonly eventId: string;
  readonly topic: string;
}

export interface WebhookIntakeDependencies {
  readonly secrets: WebhookSecretCache;
  readonly publisher: EventPublisher;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly maxBodyBytes?: number;
}

/**
 * The webhook intake use case: size → signature → payload shape → publish, in that order, and
 * nothing else (no DynamoDB, no Dwolla call) so it answers well inside Dwolla's 10 s
 * (https://developers.dwolla.com/guides/webhooks/process-validate). Resolves only after the publish
 * succeeded; rejects with {@link PayloadTooLargeError}, {@link InvalidSignatureError},
 * {@link InvalidPayloadError} or {@link PublishFailedError}. A duplicate delivery is simply
 * published again: the event store deduplicates on the event id, and the intake must answer it 2xx
 * (errors count toward pausing).
 *
 * @example
 * ```ts
 * const intake = createWebhookIntake({ secrets, publisher, logger, metrics });
 * const { eventId } = await intake({ body, isBase64Encoded, headers });
 * ```
 */
export function createWebhookIntake(
  deps: WebhookIntakeDependencies,
): (request: WebhookRequest) => Promise<AcceptedWebhook> {
  const maxBodyBytes = deps.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES;

  async function verify(raw: Buffer, signature: string | undefined): Promise<void> {
    if (!signature) {
      deps.metrics.addMetric('WebhookSignatureFailures', 'Count', 1);
      deps.logger.warn('webhook refused: signature header missing');
      throw new InvalidSignatureError('missing');
    }
    if (verifyWebhookSignature(raw, signature, await deps.secrets.secrets())) return;
    const refreshed = await deps.secrets.secretsAfterMismatch();
    if (refreshed && verifyWebhookSignature(raw, signature, refreshed)) return;
    deps.metrics.addMetric('WebhookSignatureFailures', 'Count', 1);
    deps.logger.warn('webhook refused: signature mismatch');
    throw new InvalidSignatureError('mismatch');
  }

  return async function acceptWebhook(request) {
    // HMAC over the bytes exactly as sent
    // (https://developers.dwolla.com/guides/webhooks/process-validate: never re-serialise).
    const raw = Buffer.from(request.body ?? '', request.isBase64Encoded ? 'base64' : 'utf8');
    if (raw.length > maxBodyBytes) {
      deps.logger.warn('webhook refused: body too large', { sizeBytes: raw.length });
      throw new PayloadTooLargeError(raw.length, maxBodyBytes);
    }
    await verify(raw, headerValue(request.headers, SIGNATURE_HEADER));

    const text = raw.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new InvalidPayloadError(
        [{ code: 'Invalid', message: 'The body is not valid JSON.', path: '/' }],
        { cause: error },
      );
    }
    const parsed = dwollaEventSchema.safeParse(json, { reportInput: true });
    if (!parsed.success) throw new InvalidPayloadError(fieldErrorsFromZod(parsed.error));
    const { id: eventId, topic } = parsed.data;

    try {
      await deps.publisher.publish({ eventId, topic, body: text });
    } catch (error) {
      deps.logger.error('webhook publish failed', { eventId, topic, error });
      throw new PublishFailedError(eventId, { cause: error });
    }
    deps.metrics.addMetric('WebhooksReceived', 'Count', 1);
    deps.logger.info('webhook accepted', {
      eventId,
      topic,
      resourceId: parsed.data.resourceId,
      correlationId: parsed.data.correlationId,
    });
    return { eventId, topic };
  };
}
