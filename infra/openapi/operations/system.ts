/** The system routes (health, this document) and the route Dwolla delivers its webhooks to. */

import type { RouteKey } from '../../definition.js';
import type { OperationDescription } from '../operation-parts.js';

/**
 * These routes' descriptions, keyed by route key (`OPERATIONS` merges every family).
 *
 * @example
 * ```ts
 * SYSTEM_OPERATIONS['GET /health'].operationId;
 * ```
 */
export const SYSTEM_OPERATIONS = {
  'GET /health': {
    operationId: 'getHealth',
    summary: 'Liveness',
    description: 'Answers once the function can run; checks no dependency.',
    tag: 'System',
    responses: { 200: { description: 'Running.', body: ['Health'], example: { status: 'ok' } } },
  },
  'GET /openapi.json': {
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    description: 'The OpenAPI 3.1 document of the API (public, no key).',
    tag: 'System',
    responses: { 200: { description: 'The document.', body: 'document' } },
  },
  'POST /webhooks/dwolla': {
    operationId: 'receiveDwollaWebhook',
    summary: "Dwolla's webhooks (for Dwolla only)",
    description:
      'Where Dwolla delivers webhook events, verified by their `X-Request-Signature-SHA-256` HMAC (https://developers.dwolla.com/docs/webhooks). Public: Dwolla cannot send an API key. Apps never call it.',
    tag: 'Dwolla',
    responses: {
      200: {
        description: 'Verified and queued.',
        body: ['WebhookReceived'],
        example: { received: true },
      },
      400: { description: 'Not a Dwolla event.', body: ['ValidationError'] },
      401: {
        description: 'Missing or wrong signature.',
        body: ['InvalidSignature'],
        example: { code: 'InvalidSignature', message: 'The webhook signature does not match.' },
      },
      413: { description: 'Larger than a Dwolla event can be.', body: ['PayloadTooLarge'] },
    },
  },
} satisfies Partial<Record<RouteKey, OperationDescription>>;
