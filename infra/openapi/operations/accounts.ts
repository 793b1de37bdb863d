/** Connecting a Dwolla account (OAuth) and reading or disconnecting it. */

import type { RouteKey } from '../../definition.js';
import {
  ACCOUNT_ID,
  account,
  badJson,
  notFound,
  type OperationDescription,
  validationExample,
} from '../operation-parts.js';

/**
 * These routes' descriptions, keyed by route key (`OPERATIONS` merges every family).
 *
 * @example
 * ```ts
 * ACCOUNT_OPERATIONS['POST /oauth/authorize'].operationId;
 * ```
 */
export const ACCOUNT_OPERATIONS = {
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
} satisfies Partial<Record<RouteKey, OperationDescription>>;
