import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { secretsManagerAppCredentials } from '../shared/accounts/app-credentials.js';
import { DynamoDbOAuthStateStore } from '../shared/accounts/dynamodb-oauth-state-store.js';
import { parseAuthorizeRequest } from '../shared/accounts/http-edge.js';
import { startAuthorization } from '../shared/accounts/oauth-connect.js';
import { documentClient, secretsManagerClient } from '../shared/adapters/aws-clients.js';
import { loadConfig } from '../shared/config/load.js';
import { dwollaConfig, oauthConfig, tableConfig } from '../shared/config/runtime.js';
import { parseJsonBody } from '../shared/http/error-handler.js';
import { json } from '../shared/http/responses.js';
import { httpHandler } from '../shared/observability/handler.js';
import { requireScope } from '../shared/tenancy/principal.js';

/**
 * `POST /oauth/authorize` (API key with `accounts:write`): `{ returnTo?, scope?, reference? }`
 * → 200 `{ authorizeUrl, state, expiresAt }`. The state is single use, lives 10 minutes and
 * remembers the caller's tenant: the account it connects belongs to that tenant.
 *
 * @example
 * ```ts
 * await handler(event, context); // { statusCode: 200, body: '{"authorizeUrl":"https://…","state":"…","expiresAt":"…"}' }
 * ```
 */
const config = loadConfig(
  z.object({
    ...tableConfig,
    ...oauthConfig,
    DWOLLA_APP_SECRET_ID: dwollaConfig.DWOLLA_APP_SECRET_ID,
  }),
);
const credentials = secretsManagerAppCredentials({
  client: secretsManagerClient(),
  secretId: config.DWOLLA_APP_SECRET_ID,
});
const deps = {
  states: new DynamoDbOAuthStateStore({ client: documentClient(), tableName: config.TABLE_NAME }),
  clientId: async () => (await credentials()).clientId,
  authorizeUrl: config.DWOLLA_AUTHORIZE_URL,
  redirectUri: config.OAUTH_REDIRECT_URI,
  returnUrlAllowlist: config.OAUTH_RETURN_URL_ALLOWLIST,
};

async function authorize(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const { tenantId } = requireScope(event, 'accounts:write');
  const input = parseAuthorizeRequest(parseJsonBody(event));
  return json(200, await startAuthorization(deps, { ...input, tenantId }));
}

export const handler = httpHandler(authorize);
