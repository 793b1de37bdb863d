import * as z from 'zod/mini';
import { authorizeRequestSchema } from '../../shared/accounts/http-edge.js';
import {
  accountViewSchema,
  authorizationStartSchema,
} from '../../shared/accounts/response-schemas.js';
import {
  errorBodySchema,
  fieldErrorSchema,
  gatewayMessageSchema,
  validationErrorSchema,
} from '../../shared/http/response-schemas.js';
import { NOTIFICATION_TYPES } from '../../shared/notifications/notification.js';
import {
  createdEndpointSchema,
  endpointListSchema,
  notificationBodySchema,
  replayQueuedSchema,
} from '../../shared/notifications/response-schemas.js';
import { createEndpointSchema, replayRequestSchema } from '../../shared/notifications/routes.js';
import { transferRequestSchema } from '../../shared/transfers/request-schema.js';
import {
  actorSchema,
  cancelledTransferSchema,
  createdTransferSchema,
  legSchema,
  transferLegSchema,
  transferSearchResultSchema,
} from '../../shared/transfers/response-schemas.js';

/**
 * The Dwolla API host the document's `POST /transfers` body is described for: the sandbox, where
 * apps start (the deployed schema checks the stage's own host the same way).
 */
export const DOCUMENTED_DWOLLA_API_URL = 'https://api-sandbox.dwolla.com';

/** The notification type's component name, e.g. `transfer.created` → `TransferCreatedNotification`. */
export function notificationComponent(type: (typeof NOTIFICATION_TYPES)[number]): string {
  const [, status] = type.split('.');
  return `Transfer${status!.charAt(0).toUpperCase()}${status!.slice(1)}Notification`;
}

/**
 * Every schema of the document by its component name: the zod schemas the handlers validate
 * requests with and build answers after. Converted once by zod's JSON Schema output.
 */
export const COMPONENT_SCHEMAS = {
  TransferRequest: transferRequestSchema(DOCUMENTED_DWOLLA_API_URL),
  AuthorizeRequest: authorizeRequestSchema,
  WebhookEndpointRequest: createEndpointSchema,
  ReplayRequest: replayRequestSchema,
  Health: z.strictObject({ status: z.literal('ok') }),
  WebhookReceived: z.strictObject({ received: z.literal(true) }),
  AuthorizationStart: authorizationStartSchema,
  Account: accountViewSchema,
  CreatedTransfer: createdTransferSchema,
  Leg: legSchema,
  Actor: actorSchema,
  Transfer: transferLegSchema,
  TransferSearchResult: transferSearchResultSchema,
  CancelledTransfer: cancelledTransferSchema,
  CreatedWebhookEndpoint: createdEndpointSchema,
  WebhookEndpointList: endpointListSchema,
  ReplayQueued: replayQueuedSchema,
  FieldError: fieldErrorSchema,
  ValidationError: validationErrorSchema,
  InvalidRequest: errorBodySchema(['InvalidRequest']),
  InvalidState: errorBodySchema(['InvalidState']),
  InvalidSignature: errorBodySchema(['InvalidSignature']),
  PayloadTooLarge: errorBodySchema(['PayloadTooLarge']),
  Forbidden: errorBodySchema(['Forbidden']),
  NotFound: errorBodySchema(['NotFound']),
  AccountDisconnected: errorBodySchema(['AccountDisconnected']),
  ReauthorizationRequired: errorBodySchema(['ReauthorizationRequired']),
  IdempotencyConflict: errorBodySchema(['IdempotencyKeyExpired', 'RequestInProgress']),
  IdempotencyKeyReused: errorBodySchema(['IdempotencyKeyReused']),
  DwollaRejection: errorBodySchema(),
  ServiceUnavailable: errorBodySchema(['ServiceUnavailable']),
  ServerError: errorBodySchema(['ServerError']),
  GatewayMessage: gatewayMessageSchema,
  ...Object.fromEntries(
    NOTIFICATION_TYPES.map((type) => [notificationComponent(type), notificationBodySchema(type)]),
  ),
} as const satisfies Record<string, z.ZodMiniType>;

/** A component schema's name. */
export type ComponentName = Extract<keyof typeof COMPONENT_SCHEMAS, string>;

/**
 * The `components.schemas` of the document: each schema as JSON Schema 2020-12 (OpenAPI 3.1's
 * dialect), a schema used inside another one referenced by `$ref` rather than repeated.
 *
 * @example
 * ```ts
 * componentSchemas().Transfer; // { type: 'object', properties: { id: … }, … }
 * ```
 */
export function componentSchemas(): Record<string, Record<string, unknown>> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENT_SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}
