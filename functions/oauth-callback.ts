import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { awsTokenLifecycle } from '../shared/accounts/aws.js';
import { DynamoDbOAuthStateStore } from '../shared/accounts/dynamodb-oauth-state-store.js';
import { callbackQuery, callbackResponse } from '../shared/accounts/http-edge.js';
import { completeAuthorization } from '../shared/accounts/oauth-callback.js';
import { documentClient } from '../shared/adapters/aws-clients.js';
import { loadConfig } from '../shared/config/load.js';
import {
  accountTokensConfig,
  oauthConfig,
  tableConfig,
  tokenRefreshWindowConfig,
} from '../shared/config/runtime.js';
import { httpHandler } from '../shared/observability/handler.js';

/**
 * `GET /oauth/callback` (public; authenticated by `state`): consumes the state, exchanges the
 * code once, stores the pair in Secrets Manager and the metadata in DynamoDB, then sends the
 * browser back to `returnTo` with `accountId` and `status`. A bad state is a 400 and Dwolla's
 * token endpoint is not called.
 *
 * @example
 * ```ts
 * await handler(event, context); // { statusCode: 302, headers: { location: 'https://app/…?accountId=…&status=connected' } }
 * ```
 */
const config = loadConfig(
  z.object({ ...tableConfig, ...accountTokensConfig, ...oauthConfig, ...tokenRefreshWindowConfig }),
);
const ddb = documentClient();
const { auth, vault, accounts } = awsTokenLifecycle(config, { ddb });
const deps = {
  states: new DynamoDbOAuthStateStore({ client: ddb, tableName: config.TABLE_NAME }),
  auth,
  vault,
  secrets: vault,
  accounts,
  redirectUri: config.OAUTH_REDIRECT_URI,
  refreshWindowDays: config.TOKEN_REFRESH_WINDOW_DAYS,
};

async function callback(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  return callbackResponse(await completeAuthorization(deps, callbackQuery(event)));
}

export const handler = httpHandler(callback);
