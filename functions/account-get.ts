import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoDbAccountRefreshStore } from '../shared/accounts/dynamodb-account-refresh-store.js';
import { AccountNotFoundError } from '../shared/accounts/errors.js';
import { accountView, isAccountId } from '../shared/accounts/http-edge.js';
import { ownedAccount } from '../shared/accounts/owned-account.js';
import { documentClient } from '../shared/adapters/aws-clients.js';
import { loadConfig } from '../shared/config/load.js';
import { tableConfig } from '../shared/config/runtime.js';
import { json } from '../shared/http/responses.js';
import { httpHandler } from '../shared/observability/handler.js';
import { requireScope } from '../shared/tenancy/principal.js';

/**
 * `GET /accounts/{accountId}` (API key with `accounts:read`): the account's owner, reference,
 * connection status and token expiry times, from DynamoDB. Never a token; 404 for an account
 * never connected or owned by another tenant.
 *
 * @example
 * ```ts
 * await handler(event, context); // { statusCode: 200, body: '{"accountId":"…","status":"active",…}' }
 * ```
 */
const config = loadConfig(z.object(tableConfig));
const accounts = new DynamoDbAccountRefreshStore({
  client: documentClient(),
  tableName: config.TABLE_NAME,
});

async function getAccount(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const { tenantId } = requireScope(event, 'accounts:read');
  const accountId = event.pathParameters?.accountId ?? '';
  if (!isAccountId(accountId)) throw new AccountNotFoundError(accountId);
  return json(200, accountView(await ownedAccount(accounts, accountId, tenantId)));
}

export const handler = httpHandler(getAccount);
