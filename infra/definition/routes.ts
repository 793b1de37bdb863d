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

type Method = RouteDefinition['method'];
type Throttle = NonNullable<RouteDefinition['throttle']>;

/**
 * One route, its literal types kept (they make the route keys); `throttle` replaces the API's
 * default request limits for it alone.
 */
function route<const M extends Method, const P extends string, const F extends FunctionName>(
  method: M,
  path: P,
  fn: F,
  auth: RouteDefinition['auth'],
  throttle?: Throttle,
) {
  return { method, path, function: fn, auth, ...(throttle ? { throttle } : {}) };
}

/**
 * Every route of the API. Each one is described in the OpenAPI document by its entry in
 * `infra/openapi/operations/` (one module per route family), keyed by {@link RouteKey}: a route
 * without a description does not compile.
 */
export const ROUTES = [
  // Public routes anyone can flood get small limits of their own; the webhook route, whose
  // answers Dwolla counts toward pausing the subscription, the largest.
  route('GET', '/health', 'health', 'public', { rateLimit: 5, burstLimit: 10 }),
  route('GET', '/openapi.json', 'openapi', 'public', { rateLimit: 5, burstLimit: 10 }),
  route('POST', '/oauth/authorize', 'oauthAuthorize', 'apiKey'),
  route('GET', '/oauth/callback', 'oauthCallback', 'public', { rateLimit: 10, burstLimit: 20 }),
  route('GET', '/accounts/{accountId}', 'accountGet', 'apiKey'),
  route('DELETE', '/accounts/{accountId}', 'accountDisconnect', 'apiKey'),
  route('POST', '/transfers', 'transferCreate', 'apiKey'),
  route('GET', '/transfers', 'transferSearch', 'apiKey'),
  route('GET', '/transfers/{id}', 'transferGet', 'apiKey'),
  route('POST', '/transfers/{id}/cancel', 'transferCancel', 'apiKey'),
  route('POST', '/webhooks/dwolla', 'webhookIntake', 'public', { rateLimit: 200, burstLimit: 400 }),
  route('POST', '/webhook-endpoints', 'webhookEndpoints', 'apiKey'),
  route('GET', '/webhook-endpoints', 'webhookEndpoints', 'apiKey'),
  route('DELETE', '/webhook-endpoints/{id}', 'webhookEndpoints', 'apiKey'),
  route('POST', '/webhook-endpoints/{id}/replay', 'webhookEndpoints', 'apiKey'),
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
