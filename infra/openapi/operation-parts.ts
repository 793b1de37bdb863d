/**
 * What an OpenAPI operation description is made of, and the parts several route families share
 * (example ids, the not-found and unavailable answers, an example leg and account), and the
 * answers API Gateway adds to every route.
 */

import type { Scope } from '../../shared/tenancy/principal.js';
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

export const ACCOUNT_ID = '2b7dae35-3ac7-4d49-b64a-c1c7b5e6e7b8';
export const TRANSFER_ID = '74c9129b-d14a-e511-80da-0aa34a9b2388';
export const ENDPOINT_ID = 'c1ae9d3e-5d1f-4c6a-9bd4-0b8e5e3b1f52';
export const SANDBOX = 'https://api-sandbox.dwolla.com';

export const notFound = (what: string): ResponseDescription => ({
  description: `No such ${what} for the caller's tenant (another tenant's does not exist for it).`,
  body: ['NotFound'],
  example: {
    code: 'NotFound',
    message: `${what.charAt(0).toUpperCase()}${what.slice(1)} not found.`,
  },
});

export const badJson: readonly ComponentName[] = ['ValidationError', 'InvalidRequest'];

export const validationExample = (path: string, message: string) => ({
  code: 'ValidationError',
  message: 'Validation error(s) present. See embedded errors list for more details.',
  _embedded: { errors: [{ code: 'Invalid', message, path }] },
});

export const leg = {
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

export const unavailable: ResponseDescription = {
  description:
    'Dwolla is unavailable; nothing was decided. Retry after `Retry-After` seconds (with the same `Idempotency-Key` for a transfer).',
  body: ['ServiceUnavailable'],
  headers: ['Retry-After'],
};

export const account = {
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

/** The answers API Gateway itself gives (throttling, a missing or refused key, a failure). */
export const GATEWAY_ANSWERS: Readonly<Record<number, ResponseDescription>> = {
  429: {
    description: "Over the route's request rate (API Gateway throttling).",
    body: ['GatewayMessage'],
    example: { message: 'Too Many Requests' },
  },
  500: {
    description: 'Something failed on our side; the body says nothing more.',
    body: ['ServerError', 'GatewayMessage'],
    example: { code: 'ServerError', message: 'A server error occurred.' },
  },
};

/** The answers of a route behind the API key when the key is missing, refused or lacks the scope. */
export const API_KEY_ANSWERS: Readonly<Record<number, ResponseDescription>> = {
  401: {
    description: 'No `x-api-key`, or a key that is unknown, revoked or expired.',
    body: ['GatewayMessage'],
    example: { message: 'Unauthorized' },
  },
  403: {
    description:
      'The API key lacks the scope the route needs (deployed, a refused key is also a 403 `{"message":"Forbidden"}`).',
    body: ['Forbidden', 'GatewayMessage'],
    example: { code: 'Forbidden', message: 'This API key needs scope transfers:read.' },
  },
};
