/** Creating, searching, reading and cancelling transfers. */

import type { RouteKey } from '../../definition.js';
import {
  ACCOUNT_ID,
  badJson,
  leg,
  notFound,
  type OperationDescription,
  SANDBOX,
  TRANSFER_ID,
  unavailable,
  validationExample,
} from '../operation-parts.js';

/**
 * These routes' descriptions, keyed by route key (`OPERATIONS` merges every family).
 *
 * @example
 * ```ts
 * TRANSFER_OPERATIONS['POST /transfers'].operationId;
 * ```
 */
export const TRANSFER_OPERATIONS = {
  'POST /transfers': {
    operationId: 'createTransfer',
    summary: 'Initiate a transfer',
    description:
      "Validates the body (Dwolla's rules) and sends it to Dwolla with the account's token. Idempotent by `Idempotency-Key` for 24 hours: a retry with the same key and body answers the same 201 without a second transfer; without the header a key is generated and returned.",
    tag: 'Transfers',
    scope: 'transfers:write',
    idempotencyKey: true,
    requestBody: {
      schema: 'TransferRequest',
      example: {
        accountId: ACCOUNT_ID,
        _links: {
          source: { href: `${SANDBOX}/funding-sources/707177c3-bf15-4e7e-b37c-55c3898d9bf4` },
          destination: { href: 'mailto:payee@example.com' },
        },
        amount: { value: '5.00', currency: 'USD' },
        correlationId: 'order-1',
      },
    },
    responses: {
      201: {
        description: 'Created at Dwolla (or the replay of an earlier 201 for this key).',
        body: ['CreatedTransfer'],
        headers: ['Idempotency-Key'],
        example: {
          id: TRANSFER_ID,
          status: 'pending',
          correlationId: 'order-1',
          location: `${SANDBOX}/transfers/${TRANSFER_ID}`,
          idempotencyKey: 'd2adcbab-4e4e-430b-9181-ac9346be723a',
        },
      },
      400: {
        description:
          "Invalid body or `Idempotency-Key` (`ValidationError`, one entry per field), body not JSON, or Dwolla's own 400 passed through.",
        body: [...badJson, 'DwollaRejection'],
        example: validationExample(
          '/amount/value',
          'amount value must be a positive decimal string with at most 2 decimals, e.g. "10.00".',
        ),
      },
      403: {
        description: "The API key lacks the scope, or Dwolla's own 403 passed through.",
        body: ['Forbidden', 'DwollaRejection', 'GatewayMessage'],
      },
      404: {
        description: "The account is not connected for the caller's tenant (path `/accountId`).",
        body: ['NotFound', 'DwollaRejection'],
        example: {
          code: 'NotFound',
          message: 'The account is not connected.',
          _embedded: {
            errors: [
              { code: 'NotFound', message: 'The account is not connected.', path: '/accountId' },
            ],
          },
        },
      },
      409: {
        description:
          'The account is disconnected or needs reauthorization; or the key is still being processed (`RequestInProgress`, with `Retry-After`) or was first used over 23 hours ago (`IdempotencyKeyExpired`).',
        body: ['AccountDisconnected', 'ReauthorizationRequired', 'IdempotencyConflict'],
        headers: ['Retry-After'],
        example: {
          code: 'RequestInProgress',
          message: 'A request with this Idempotency-Key is still in progress.',
        },
      },
      422: {
        description: 'The `Idempotency-Key` was used with a different body.',
        body: ['IdempotencyKeyReused', 'DwollaRejection'],
        example: {
          code: 'IdempotencyKeyReused',
          message: 'The Idempotency-Key was already used with a different request.',
        },
      },
      503: unavailable,
    },
  },
  'GET /transfers': {
    operationId: 'searchTransfers',
    summary: 'The legs of a chain',
    description:
      "Every leg of the caller's tenant with this correlationId, first leg first along the funding links; events are served by `GET /transfers/{id}`.",
    tag: 'Transfers',
    scope: 'transfers:read',
    queryParameters: {
      correlationId: {
        description: 'The correlationId given to `POST /transfers`.',
        required: true,
        pattern: '^[A-Za-z0-9._-]{1,254}$',
        example: 'order-1',
      },
    },
    responses: {
      200: {
        description: 'The chain (possibly empty).',
        body: ['TransferSearchResult'],
        example: { correlationId: 'order-1', total: 1, transfers: [leg] },
      },
      400: {
        description: 'Missing or invalid correlationId (path `/correlationId`).',
        body: ['ValidationError'],
        example: validationExample(
          '/correlationId',
          'correlationId must be 1–254 characters of a-z, A-Z, 0-9, "-", "." or "_".',
        ),
      },
    },
  },
  'GET /transfers/{id}': {
    operationId: 'getTransfer',
    summary: 'One transfer leg',
    description:
      'The leg with its links to the chain, failure reason, audit fields and Dwolla events, as the webhook pipeline stored them (Dwolla is not called).',
    tag: 'Transfers',
    scope: 'transfers:read',
    pathParameters: { id: { description: 'The Dwolla transfer id.', example: TRANSFER_ID } },
    responses: {
      200: {
        description: 'The leg.',
        body: ['Transfer'],
        example: {
          ...leg,
          events: [
            {
              id: '9d3b2a1e-7c4f-4d2a-8e1b-2f3c4d5e6f70',
              topic: 'customer_bank_transfer_completed',
              created: '2026-01-04T03:04:05.000Z',
            },
          ],
        },
      },
      404: notFound('transfer'),
    },
  },
  'POST /transfers/{id}/cancel': {
    operationId: 'cancelTransfer',
    summary: 'Cancel a pending transfer',
    description: 'Cancels the leg at Dwolla; only a pending bank transfer can be cancelled.',
    tag: 'Transfers',
    scope: 'transfers:write',
    pathParameters: { id: { description: 'The Dwolla transfer id.', example: TRANSFER_ID } },
    responses: {
      200: {
        description: 'Cancelled.',
        body: ['CancelledTransfer'],
        example: { id: TRANSFER_ID, status: 'cancelled' },
      },
      404: notFound('transfer'),
      409: {
        description:
          "Dwolla refused (its code and reason, e.g. the transfer is no longer pending), or the leg's account is disconnected or needs reauthorization.",
        body: ['DwollaRejection', 'AccountDisconnected', 'ReauthorizationRequired'],
        example: { code: 'InvalidResourceState', message: 'Resource cannot be modified.' },
      },
      503: unavailable,
    },
  },
} satisfies Partial<Record<RouteKey, OperationDescription>>;
