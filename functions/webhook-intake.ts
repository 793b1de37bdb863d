/**
 * `POST /webhooks/dwolla`: the Dwolla webhook intake (public route, authenticated by the
 * `X-Request-Signature-SHA-256` HMAC). Checks size → signature → payload, publishes the raw body
 * to the events topic, answers 200 only once SNS accepted it. Nothing slow on this path
 * (https://developers.dwolla.com/guides/webhooks/process-validate: 2xx within 10 s), and a small
 * bundle for a fast cold start.
 */
import { SecretsExtensionClient } from '../shared/adapters/secrets-extension-client.js';
import { snsClient } from '../shared/adapters/sns-client.js';
import { httpHandler } from '../shared/observability/handler.js';
import { logger } from '../shared/observability/logger.js';
import { metrics } from '../shared/observability/metrics.js';
import { createWebhookIntake } from '../shared/webhooks/intake.js';
import { loadIntakeConfig } from '../shared/webhooks/intake-config.js';
import { webhookIntakeRoute } from '../shared/webhooks/intake-http.js';
import { SnsEventPublisher } from '../shared/webhooks/sns-event-publisher.js';
import { WebhookSecretReader } from '../shared/webhooks/webhook-secret-reader.js';
import { createWebhookSecretCache } from '../shared/webhooks/webhook-secrets.js';

const config = loadIntakeConfig();

// Read through the Parameters and Secrets Lambda Extension (its cache off): no Secrets Manager
// client in the bundle, and the cache below alone decides when the secret is read again.
const secretReader = new WebhookSecretReader({
  secrets: new SecretsExtensionClient(),
  secretId: config.DWOLLA_WEBHOOK_SECRET_ID,
});

const intake = createWebhookIntake({
  secrets: createWebhookSecretCache(() => secretReader.read()),
  publisher: new SnsEventPublisher({ client: snsClient(), topicArn: config.EVENTS_TOPIC_ARN }),
  logger,
  metrics,
});

export const handler = httpHandler(webhookIntakeRoute(intake));
