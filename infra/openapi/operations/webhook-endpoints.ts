/** An app's notification endpoints: subscribing, listing, removing, replaying. */

import type { RouteKey } from '../../definition.js';
import {
  badJson,
  ENDPOINT_ID,
  notFound,
  type OperationDescription,
  validationExample,
} from '../operation-parts.js';

/**
 * These routes' descriptions, keyed by route key (`OPERATIONS` merges every family).
 *
 * @example
 * ```ts
 * WEBHOOK_ENDPOINT_OPERATIONS['POST /webhook-endpoints'].operationId;
 * ```
 */
export const WEBHOOK_ENDPOINT_OPERATIONS = {
  'POST /webhook-endpoints': {
    operationId: 'createWebhookEndpoint',
    summary: 'Subscribe an endpoint to notifications',
    description:
      "Registers an HTTPS URL to receive the tenant's transfer notifications (all types unless `types` narrows them). The answer is the only one that shows the endpoint's signing secret.",
    tag: 'Webhook endpoints',
    scope: 'webhooks:manage',
    requestBody: {
      schema: 'WebhookEndpointRequest',
      example: { url: 'https://acme.example/hooks', description: 'ledger' },
    },
    responses: {
      201: {
        description: 'Created; keep `secret` to verify signatures.',
        body: ['CreatedWebhookEndpoint'],
        example: {
          id: ENDPOINT_ID,
          url: 'https://acme.example/hooks',
          types: [
            'transfer.created',
            'transfer.processed',
            'transfer.failed',
            'transfer.cancelled',
            'transfer.reclaimed',
          ],
          description: 'ledger',
          secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
          createdAt: '2026-01-02T03:04:05.000Z',
        },
      },
      400: {
        description: 'Invalid body, a refused URL (`/url`) or the endpoint limit reached.',
        body: badJson,
        example: validationExample('/url', 'Must be an https URL.'),
      },
    },
  },
  'GET /webhook-endpoints': {
    operationId: 'listWebhookEndpoints',
    summary: "The tenant's endpoints",
    description: "The caller's endpoints, oldest first, without their secrets.",
    tag: 'Webhook endpoints',
    scope: 'webhooks:manage',
    responses: {
      200: {
        description: 'The endpoints.',
        body: ['WebhookEndpointList'],
        example: {
          endpoints: [
            {
              id: ENDPOINT_ID,
              url: 'https://acme.example/hooks',
              types: ['transfer.failed'],
              description: null,
              createdAt: '2026-01-02T03:04:05.000Z',
            },
          ],
        },
      },
    },
  },
  'DELETE /webhook-endpoints/{id}': {
    operationId: 'deleteWebhookEndpoint',
    summary: 'Unsubscribe an endpoint',
    description: 'Deletes the endpoint and its secret; nothing more is delivered to it.',
    tag: 'Webhook endpoints',
    scope: 'webhooks:manage',
    pathParameters: { id: { description: 'The endpoint id.', example: ENDPOINT_ID } },
    responses: { 204: { description: 'Deleted.' }, 404: notFound('webhook endpoint') },
  },
  'POST /webhook-endpoints/{id}/replay': {
    operationId: 'replayWebhookEndpoint',
    summary: 'Send stored notifications again',
    description:
      "Queues every notification of the endpoint's types since `since` (kept 30 days) for delivery again, with their original `webhook-id`s.",
    tag: 'Webhook endpoints',
    scope: 'webhooks:manage',
    pathParameters: { id: { description: 'The endpoint id.', example: ENDPOINT_ID } },
    requestBody: { schema: 'ReplayRequest', example: { since: '2026-01-01T00:00:00Z' } },
    responses: {
      202: {
        description: 'Queued.',
        body: ['ReplayQueued'],
        example: { id: ENDPOINT_ID, since: '2026-01-01T00:00:00.000Z', queued: 3 },
      },
      400: {
        description: 'Invalid `since`, or older than the 30 days notifications are kept.',
        body: badJson,
        example: validationExample('/since', 'Notifications are kept 30 days.'),
      },
      404: notFound('webhook endpoint'),
    },
  },
} satisfies Partial<Record<RouteKey, OperationDescription>>;
