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

/** A route behind the API-key authorizer. */
function apiKeyRoute<const M extends Method, const P extends string, const F extends FunctionName>(
  method: M,
  path: P,
  fn: F,
) {
  return { method, path, function: fn, auth: 'apiKey' } as const;
}

/** A route open to anyone, so with a request limit of its own. */
function publicRoute<const M extends Method, const P extends string, const F extends FunctionName>(
  method: M,
  path: P,
  fn: F,
  throttle: Throttle,
) {
  return { method, path, function: fn, auth: 'public', throttle } as const;
}

/**
 * Every route of the API. Each one is described in the OpenAPI document by its entry in
 * `infra/openapi/operations.ts`, keyed by {@link RouteKey}: a route without a description does
 * not compile.
 */
export const ROUTES = [
  // Public routes anyone can flood get small limits of their own; the webhook route, whose
  // answers Dwolla counts toward pausing the subscription, the largest.
  publicRoute('GET', '/health', 'health', { rateLimit: 5, burstLimit: 10 }),
  publicRoute('GET', '/openapi.json', 'openapi', { rateLimit: 5, burstLimit: 10 }),
  apiKeyRoute('POST', '/oauth/authorize', 'oauthAuthorize'),
  publicRoute('GET', '/oauth/callback', 'oauthCallback', { rateLimit: 10, burstLimit: 20 }),
  apiKeyRoute('GET', '/accounts/{accountId}', 'accountGet'),
  apiKeyRoute('DELETE', '/accounts/{accountId}', 'accountDisconnect'),
  apiKeyRoute('POST', '/transfers', 'transferCreate'),
  apiKeyRoute('GET', '/transfers', 'transferSearch'),
  apiKeyRoute('GET', '/transfers/{id}', 'transferGet'),
  apiKeyRoute('POST', '/transfers/{id}/cancel', 'transferCancel'),
  publicRoute('POST', '/webhooks/dwolla', 'webhookIntake', { rateLimit: 200, burstLimit: 400 }),
  apiKeyRoute('POST', '/webhook-endpoints', 'webhookEndpoints'),
  apiKeyRoute('GET', '/webhook-endpoints', 'webhookEndpoints'),
  apiKeyRoute('DELETE', '/webhook-endpoints/{id}', 'webhookEndpoints'),
  apiKeyRoute('POST', '/webhook-endpoints/{id}/replay', 'webhookEndpoints'),
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
