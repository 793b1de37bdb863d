import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpError } from '../http/errors.js';

/**
 * The tenancy contract: every API key belongs to one tenant (an app using this backend) and
 * carries scopes. The authorizer only says *who* the caller is (its answer is cached per key
 * for every route); each route decides what the caller may do, where the route is known.
 */

/** Every scope an API key can carry, and the routes each one opens (README "Tenancy"). */
export const SCOPES = [
  'accounts:read',
  'accounts:write',
  'transfers:read',
  'transfers:write',
  'webhooks:manage',
] as const;

export type Scope = (typeof SCOPES)[number];

/** A tenant id: lower-case letters, digits and `-`, 1 to 63 characters, not starting with `-`. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The tenant the local stack's `APP_API_KEY` belongs to. */
export const DEFAULT_TENANT_ID = 'default';

/** Who is calling: the tenant, the key (by id and name, never the key) and its scopes. */
export interface Principal {
  readonly tenantId: string;
  readonly keyId: string;
  readonly keyName: string;
  readonly scopes: readonly Scope[];
}

/**
 * The authorizer's `context` (HTTP API simple response): flat string values, so it survives
 * API Gateway unchanged. `scopes` is space-separated.
 */
export interface AuthorizerContext {
  readonly tenantId: string;
  readonly keyId: string;
  readonly keyName: string;
  readonly scopes: string;
}

/**
 * The authorizer context for a principal.
 *
 * @example
 * ```ts
 * return { isAuthorized: true, context: toAuthorizerContext(principal) };
 * ```
 */
export function toAuthorizerContext(principal: Principal): AuthorizerContext {
  return {
    tenantId: principal.tenantId,
    keyId: principal.keyId,
    keyName: principal.keyName,
    scopes: principal.scopes.join(' '),
  };
}

/**
 * True when `value` names one of {@link SCOPES}.
 *
 * @example
 * ```ts
 * ['transfers:read', 'admin'].filter(isScope); // ['transfers:read']
 * ```
 */
export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/**
 * The principal the authorizer put on a request, or `undefined` when there is none (a public
 * route, or a context this version does not understand).
 *
 * @example
 * ```ts
 * const principal = principalFromEvent(event);
 * ```
 */
export function principalFromEvent(
  event: Pick<APIGatewayProxyEventV2, 'requestContext'>,
): Principal | undefined {
  const requestContext = event.requestContext as
    | { authorizer?: { lambda?: Record<string, unknown> } }
    | undefined;
  const context = requestContext?.authorizer?.lambda;
  if (!context) return undefined;
  const { tenantId, keyId, keyName, scopes } = context;
  if (typeof tenantId !== 'string' || !TENANT_ID_PATTERN.test(tenantId)) return undefined;
  if (typeof keyId !== 'string' || typeof keyName !== 'string' || typeof scopes !== 'string')
    return undefined;
  return { tenantId, keyId, keyName, scopes: scopes.split(' ').filter(isScope) };
}

/**
 * The caller's principal when its key carries `scope`; otherwise a 403 `Forbidden` naming the
 * scope (no effect has happened yet: call this before anything is read, written or sent).
 * A request without a principal is a 401, as if the authorizer had refused it.
 *
 * @example
 * ```ts
 * const principal = requireScope(event, 'transfers:write');
 * ```
 */
export function requireScope(
  event: Pick<APIGatewayProxyEventV2, 'requestContext'>,
  scope: Scope,
): Principal {
  const principal = principalFromEvent(event);
  if (!principal) throw new HttpError(401, { code: 'Unauthorized', message: 'Unauthorized' });
  if (!principal.scopes.includes(scope)) {
    throw new HttpError(403, {
      code: 'Forbidden',
      message: `This API key needs scope ${scope}.`,
    });
  }
  return principal;
}
