import * as z from 'zod/mini';
import type { Readable } from '../http/response-schemas.js';
import type { accountView } from './http-edge.js';
import type { AuthorizationStarted } from './oauth-connect.js';

/**
 * The bodies of the accounts routes' successful answers, as JSON Schema sources for the OpenAPI
 * document; the type check at the end keeps them in step with what the handlers return.
 */

/** `POST /oauth/authorize` 200: where to send the user, and the single-use state. */
export const authorizationStartSchema = z.strictObject({
  authorizeUrl: z.string(),
  state: z.string(),
  expiresAt: z.string(),
});

/** `GET` and `DELETE /accounts/{accountId}` 200: an account's metadata, never a token. */
export const accountViewSchema = z.strictObject({
  accountId: z.string(),
  status: z.enum(['active', 'reauthorization_required', 'disconnected']),
  tenantId: z.string(),
  reference: z.nullable(z.string()),
  scopes: z.array(z.string()),
  accessTokenExpiresAt: z.string(),
  refreshTokenExpiresAt: z.string(),
  connectedAt: z.string(),
  lastRefreshedAt: z.nullable(z.string()),
  disconnectedAt: z.nullable(z.string()),
});

const _agree: {
  start: z.output<typeof authorizationStartSchema>;
  account: Readable<z.output<typeof accountViewSchema>>;
} = { start: {} as AuthorizationStarted, account: {} as ReturnType<typeof accountView> };
void _agree;
