/**
 * The webhook pipeline (`shared/webhooks/`): intake (signature, payload, publish), event store,
 * reconciliation and webhook-subscription provisioning, and the processors' shared payload
 * schema. Entry files import the specific modules (to keep bundles small); this index is for
 * tests, tools and readers.
 *
 * @example
 * ```ts
 * import { parseDwollaEvent, idFromHref } from '../shared/webhooks/index.js';
 * ```
 */

export { DynamoDbEventStore } from './dynamodb-event-store.js';
export {
  DynamoDbReconcileCursorStore,
  EVENTS_CURSOR_NAME,
} from './dynamodb-reconcile-cursor-store.js';
export {
  InvalidPayloadError,
  InvalidSignatureError,
  PayloadTooLargeError,
  PoisonMessageError,
  PublishFailedError,
  ReplayIncompleteError,
  SubscriptionStateError,
  WebhookError,
  WebhookSecretUnavailableError,
} from './errors.js';
export {
  createEventStoreProcessor,
  type EventRef,
  type EventRepository,
  type EventStoreDependencies,
  toEventItem,
} from './event-store.js';
export {
  type AcceptedWebhook,
  createWebhookIntake,
  MAX_WEBHOOK_BODY_BYTES,
  type WebhookIntakeDependencies,
  type WebhookRequest,
} from './intake.js';
export { type IntakeConfig, loadIntakeConfig } from './intake-config.js';
export { webhookIntakeRoute } from './intake-http.js';
export {
  accountIdOf,
  customerIdOf,
  type DwollaEventPayload,
  dwollaEventSchema,
  idFromHref,
  parseDwollaEvent,
} from './payload.js';
export {
  createReconcile,
  type ReconcileCursor,
  type ReconcileCursorStore,
  type ReconcileDependencies,
  type ReconcileOptions,
  type ReconcilePass,
  type ReconcileResult,
  type ReconcileRun,
  type ReconcileState,
} from './reconcile.js';
export { SecretsManagerWebhookSecretStore } from './secrets-manager-webhook-secret-store.js';
export {
  headerValue,
  SIGNATURE_HEADER,
  signWebhookBody,
  verifyWebhookSignature,
} from './signature.js';
export { SnsEventBatchPublisher } from './sns-event-batch-publisher.js';
export { SnsEventPublisher } from './sns-event-publisher.js';
export {
  finishSecretRotation,
  type ProvisioningDependencies,
  type RotationOutcome,
  rotateWebhookSecret,
  type SubscribeOutcome,
  subscribeWebhook,
  type WebhookSubscriptionAdmin,
} from './subscription.js';
export { webhookSubscriptionAdmin } from './subscription-admin-http.js';
export {
  createWebhookSecretCache,
  generateWebhookSecret,
  type WebhookSecretCache,
  type WebhookSecretCacheOptions,
  type WebhookSecretStore,
  type WebhookSecrets,
  webhookSecretsSchema,
} from './webhook-secrets.js';
