/** The HTTP API's routes, each on one function, and their route keys. */

import type { FunctionName } from './functions.js';

/** An HTTP route of the API. `auth: 'apiKey'` puts the authorizer in front of it. */
export interface RouteDefinition {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** API Gateway path syntax, e.g. `/transfers/{id}`. */
  readonly path: string;
  readonly function: FunctionName;
  readonly auth: 'apiKey' | 'public';
  /** Requests per second (steady, burst) for this route alone; the API's default otherwise. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/**
 * Every route of the API. Each one is described in the OpenAPI document by its entry in
 * `infra/openapi/operations.ts`, keyed by {@link RouteKey}: a route without a description does
 * not compile.
 */
export const ROUTES = [
  // Public routes anyone can flood get small limits of their own; the webhook route, whose
  // answers Dwolla counts toward pausing the subscription, the largest.
  {
    method: 'GET',
    path: '/health',
    function: 'health',
    auth: 'public',
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    function: 'openapi',
    auth: 'public',
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  { method: 'POST', path: '/oauth/authorize', function: 'oauthAuthorize', auth: 'apiKey' },
  {
    method: 'GET',
    path: '/oauth/callback',
    function: 'oauthCallback',
    auth: 'public',
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  { method: 'GET', path: '/accounts/{accountId}', function: 'accountGet', auth: 'apiKey' },
  {
    method: 'DELETE',
    path: '/accounts/{accountId}',
    function: 'accountDisconnect',
    auth: 'apiKey',
  },
  { method: 'POST', path: '/transfers', function: 'transferCreate', auth: 'apiKey' },
  { method: 'GET', path: '/transfers', function: 'transferSearch', auth: 'apiKey' },
  { method: 'GET', path: '/transfers/{id}', function: 'transferGet', auth: 'apiKey' },
  { method: 'POST', path: '/transfers/{id}/cancel', function: 'transferCancel', auth: 'apiKey' },
  {
    method: 'POST',
    path: '/webhooks/dwolla',
    function: 'webhookIntake',
    auth: 'public',
    throttle: { rateLimit: 200, burstLimit: 400 },
  },
  { method: 'POST', path: '/webhook-endpoints', function: 'webhookEndpoints', auth: 'apiKey' },
  { method: 'GET', path: '/webhook-endpoints', function: 'webhookEndpoints', auth: 'apiKey' },
  {
    method: 'DELETE',
    path: '/webhook-endpoints/{id}',
    function: 'webhookEndpoints',
    auth: 'apiKey',
  },
  {
    method: 'POST',
    path: '/webhook-endpoints/{id}/replay',
    function: 'webhookEndpoints',
    auth: 'apiKey',
  },
] as const satisfies readonly RouteDefinition[];

type KeyOfRoute<R> = R extends { method: infer M extends string; path: infer P extends string }
  ? `${M} ${P}`
  : never;

/** A route's API Gateway route key, e.g. `GET /transfers/{id}`. */
export type RouteKey = KeyOfRoute<(typeof ROUTES)[number]>;

/**
 * The route key of a route, as API Gateway names it (and the OpenAPI operations are keyed).
 *
 * @example
 * ```ts
 * routeKey({ method: 'GET', path: '/transfers/{id}' }); // 'GET /transfers/{id}'
 * ```
 */
export function routeKey<R extends Pick<RouteDefinition, 'method' | 'path'>>(
  route: R,
): KeyOfRoute<R> {
  return `${route.method} ${route.path}` as KeyOfRoute<R>;
}

/** Authorizer settings (identity header, cache TTL): the authorizer function reads them too. */
export { AUTHORIZER } from '../../shared/api-keys/authorizer-settings.js';
