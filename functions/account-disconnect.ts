import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { awsTokenVault } from '../shared/accounts/aws.js';
import { disconnectAccountUseCase } from '../shared/accounts/disconnect-account.js';
import { DynamoDbAccountStore } from '../shared/accounts/dynamodb-account-store.js';
import { AccountNotFoundError } from '../shared/accounts/errors.js';
import { accountView, isAccountId } from '../shared/accounts/http-edge.js';
import { documentClient, secretsManagerClient } from '../shared/adapters/aws-clients.js';
import { loadConfig } from '../shared/config/load.js';
import { accountSecretsConfig, tableConfig } from '../shared/config/runtime.js';
import { json } from '../shared/http/responses.js';
import { httpHandler } from '../shared/observability/handler.js';
import { systemClock } from '../shared/ports/clock.js';
import { requireScope } from '../shared/tenancy/principal.js';

/**
 * `DELETE /accounts/{accountId}` (API key with `accounts:write`): the caller's account becomes
 * `disconnected` and its token secret is scheduled for deletion (7-day recovery window); 200
 * with the account view. 404 for an account never connected or owned by another tenant.
 *
 * @example
 * ```ts
 * await handler(event, context); // { statusCode: 200, body: '{"accountId":"…","status":"disconnected",…}' }
 * ```
 */
const config = loadConfig(z.object({ ...tableConfig, ...accountSecretsConfig }));
const ddb = documentClient();
const disconnect = disconnectAccountUseCase({
  accounts: new DynamoDbAccountStore({ client: ddb, tableName: config.TABLE_NAME }),
  secrets: awsTokenVault(config, { ddb, secretsManager: secretsManagerClient() }),
  clock: systemClock,
});

async function disconnectAccount(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const principal = requireScope(event, 'accounts:write');
  const accountId = event.pathParameters?.accountId ?? '';
  if (!isAccountId(accountId)) throw new AccountNotFoundError(accountId);
  return json(200, accountView(await disconnect(accountId, principal)));
}

export const handler = httpHandler(disconnectAccount);
