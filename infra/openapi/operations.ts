import type { Scope } from '../../shared/tenancy/principal.js';
import type { RouteKey } from '../definition.js';
import type { ComponentName } from './components.js';

/** A header an answer carries, described once in the document's `components.headers`. */
export type ResponseHeader = 'Retry-After' | 'Idempotency-Key' | 'Location';

/** One status a route can answer with. */
export interface ResponseDescription {
  readonly description: string;
  /**
   * The body: the component(s) it is one of (JSON), an HTML page, the OpenAPI document itself,
   * or nothing (`undefined`).
   */
  readonly body?: readonly ComponentName[] | 'html' | 'document';
  readonly headers?: readonly ResponseHeader[];
  /** An example body, taken from the tests. */
  readonly example?: unknown;
}

/** A path or query parameter: a string, with its pattern when the handler checks one. */
export interface ParameterDescription {
  readonly description: string;
  readonly required?: boolean;
  readonly pattern?: string;
  readonly example?: string;
}

/** What the document says about one route. */
export interface OperationDescription {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tag: 'System' | 'Accounts' | 'Transfers' | 'Webhook endpoints' | 'Dwolla';
  /** The scope the caller's API key needs (routes behind the API key only). */
  readonly scope?: Scope;
  readonly pathParameters?: Readonly<Record<string, ParameterDescription>>;
  readonly queryParameters?: Readonly<Record<string, ParameterDescription>>;
  /** The route reads an optional `Idempotency-Key` header. */
  readonly idempotencyKey?: boolean;
  readonly requestBody?: { readonly schema: ComponentName; readonly example: unknown };
  /** The statuses the route's handler answers with (the gateway's own are added for all). */
  readonly responses: Readonly<Record<number, ResponseDescription>>;
}

const ACCOUNT_ID = '2b7dae35-3ac7-4d49-b64a-c1c7b5e6e7b8';
const TRANSFER_ID = '74c9129b-d14a-e511-80da-0aa34a9b2388';
const ENDPOINT_ID = 'c1ae9d3e-5d1f-4c6a-9bd4-0b8e5e3b1f52';
const SANDBOX = 'https://api-sandbox.dwolla.com';

const notFound = (what: string): ResponseDescription => ({
  description: `No such ${what} for the caller's tenant (another tenant's does not exist for it).`,
  body: ['NotFound'],
  example: {
    code: 'NotFound',
    message: `${what.charAt(0).toUpperCase()}${what.slice(1)} not found.`,
  },
});

const badJson: readonly ComponentName[] = ['ValidationError', 'InvalidRequest'];

const validationExample = (path: string, message: string) => ({
  code: 'ValidationError',
  message: 'Validation error(s) present. See embedded errors list for more details.',
  _embedded: { errors: [{ code: 'Invalid', message, path }] },
});

const leg = {
  id: TRANSFER_ID,
  status: 'processed',
  tenantId: 'acme',
  amount: { value: '5.00', currency: 'USD' },
  correlationId: 'order-1',
  created: '2026-01-02T03:04:05.000Z',
  accountId: ACCOUNT_ID,
  links: {
    source: `${SANDBOX}/funding-sources/707177c3-bf15-4e7e-b37c-55c3898d9bf4`,
    destination: `${SANDBOX}/funding-sources/b268f6b9-db3b-4ecc-83a2-8823a53ec8b7`,
  },
};

const unavailable: ResponseDescription = {
  description:
    'Dwolla is unavailable; nothing was decided. Retry after `Retry-After` seconds (with the same `Idempotency-Key` for a transfer).',
  body: ['ServiceUnavailable'],
  headers: ['Retry-After'],
};

const account = {
  accountId: ACCOUNT_ID,
  status: 'active',
  tenantId: 'acme',
  reference: 'user-42',
  scopes: ['Send', 'Funding', 'Transactions'],
  accessTokenExpiresAt: '2026-01-02T04:04:05.000Z',
  refreshTokenExpiresAt: '2026-03-03T03:04:05.000Z',
  connectedAt: '2026-01-02T03:04:05.000Z',
  lastRefreshedAt: null,
  disconnectedAt: null,
};

/**
 * Every route's description, keyed by its route key: the route table of `infra/definition.ts`
 * (which the CDK app and the local gateway read) cannot gain a route without one here.
 */
export const OPERATIONS: Readonly<Record<RouteKey, OperationDescription>> = {
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
  'POST /oauth/authorize': {
    operationId: 'startAuthorization',
    summary: 'Start connecting a Dwolla account',
    description:
      "Issues a single-use `state` (10 minutes) and the URL of Dwolla's authorize page to send the user's browser to. The connected account belongs to the caller's tenant. `returnTo` must start with an entry of the return URL allowlist; the callback then redirects there with the outcome.",
    tag: 'Accounts',
    scope: 'accounts:write',
    requestBody: {
      schema: 'AuthorizeRequest',
      example: { returnTo: 'https://app.example.com/done', reference: 'user-42' },
    },
    responses: {
      200: {
        description: 'Send the user to `authorizeUrl`.',
        body: ['AuthorizationStart'],
        example: {
          authorizeUrl:
            'https://accounts-sandbox.dwolla.com/auth?client_id=…&response_type=code&redirect_uri=…&scope=Send%7CFunding%7CTransactions&state=…',
          state: 'b1f0c6de3f9a4a77a0c5b0d3a1e2f4c5',
          expiresAt: '2026-01-02T03:14:05.000Z',
        },
      },
      400: {
        description: 'The body is not JSON, or a field is invalid (`/returnTo` not allowed, …).',
        body: badJson,
        example: validationExample(
          '/returnTo',
          'Must start with an entry of the return URL allowlist.',
        ),
      },
    },
  },
  'GET /oauth/callback': {
    operationId: 'completeAuthorization',
    summary: "Dwolla's OAuth redirect",
    description:
      "Where Dwolla sends the user's browser back (public: the single-use `state` authenticates it). Exchanges the code, stores the tokens and redirects to the app's `returnTo` with `status` (`connected`, `denied` or `error`), `accountId` or `error`/`reason`, `state` and `reference`; without a `returnTo` it shows a small HTML page.",
    tag: 'Accounts',
    queryParameters: {
      state: { description: 'The single-use state from `POST /oauth/authorize`.' },
      code: { description: "Dwolla's authorization code (when the user allowed)." },
      error: { description: 'Why Dwolla did not give a code, e.g. `access_denied`.' },
      error_description: { description: "Dwolla's description of `error`." },
    },
    responses: {
      200: {
        description: 'No `returnTo`: the account was connected or the user denied.',
        body: 'html',
      },
      302: {
        description:
          'To `returnTo` with the outcome in its query, e.g. `?accountId=…&status=connected&state=…&reference=…`.',
        headers: ['Location'],
      },
      400: {
        description: 'The state is missing, unknown, used or expired; Dwolla was not called.',
        body: ['InvalidState'],
        example: { code: 'InvalidState', message: 'The state is unknown or was already used.' },
      },
      409: {
        description: 'No `returnTo`: the Dwolla account belongs to another tenant.',
        body: 'html',
      },
      502: { description: 'No `returnTo`: Dwolla refused the code exchange.', body: 'html' },
    },
  },
  'GET /accounts/{accountId}': {
    operationId: 'getAccount',
    summary: 'A connected account',
    description: 'Connection status, scopes and token expiry times of an account; never a token.',
    tag: 'Accounts',
    scope: 'accounts:read',
    pathParameters: { accountId: { description: 'The Dwolla account id.', example: ACCOUNT_ID } },
    responses: {
      200: { description: 'The account.', body: ['Account'], example: account },
      404: notFound('account'),
    },
  },
  'DELETE /accounts/{accountId}': {
    operationId: 'disconnectAccount',
    summary: 'Disconnect an account',
    description:
      'Marks the account disconnected and schedules the deletion of its tokens; a new connect through OAuth revives it. Idempotent.',
    tag: 'Accounts',
    scope: 'accounts:write',
    pathParameters: { accountId: { description: 'The Dwolla account id.', example: ACCOUNT_ID } },
    responses: {
      200: {
        description: 'The account, now disconnected.',
        body: ['Account'],
        example: { ...account, status: 'disconnected', disconnectedAt: '2026-01-03T03:04:05.000Z' },
      },
      404: notFound('account'),
    },
  },
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
};
