import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { awsTokenLifecycle } from '../../../shared/accounts/aws.js';
import { refreshDueDate } from '../../../shared/accounts/refresh-schedule.js';
import { keys } from '../../../shared/adapters/dynamodb/table-design.js';
import { localAwsClients, stackInfo } from './local-stack.js';

const DAY = 86_400_000;

/**
 * The token lifecycle (vault, account store, lease, token endpoint, refresher) wired as the
 * functions wire it, against the local stack's DynamoDB, Secrets Manager and Dwolla.
 *
 * @example
 * ```ts
 * const { vault, refresher } = tokenLifecycle();
 * ```
 */
export function tokenLifecycle() {
  const info = stackInfo();
  const { ddb, secretsManager } = localAwsClients();
  return awsTokenLifecycle(
    {
      TABLE_NAME: info.tableName,
      DWOLLA_TOKEN_URL: info.dwollaTokenUrl,
      DWOLLA_CLIENT_AUTH: 'basic',
      DWOLLA_APP_SECRET_ID: info.appSecretId,
      ACCOUNT_SECRET_PREFIX: info.accountSecretPrefix,
    },
    { ddb, secretsManager },
  );
}

/**
 * Moves the account's refresh-token expiry to `daysLeft` days from now in our records (vault
 * and metadata, due bucket included), as if it had been connected 60 − daysLeft days ago.
 * Dwolla's own expiry is left alone.
 *
 * @example
 * ```ts
 * await pretendRefreshExpiresIn(accountId, 5);
 * ```
 */
export async function pretendRefreshExpiresIn(accountId: string, daysLeft: number): Promise<void> {
  const { ddb } = localAwsClients();
  const { vault } = tokenLifecycle();
  const pair = await vault.get(accountId);
  if (!pair) throw new Error(`no token pair for ${accountId}`);
  const refreshTokenExpiresAt = new Date(Date.now() + daysLeft * DAY).toISOString();
  await vault.put(accountId, { ...pair, refreshTokenExpiresAt });
  const due = keys.refreshDueGsi(refreshDueDate(refreshTokenExpiresAt, 15), accountId);
  await ddb.send(
    new UpdateCommand({
      TableName: stackInfo().tableName,
      Key: keys.account(accountId),
      UpdateExpression: 'SET refreshTokenExpiresAt = :exp, gsi2pk = :pk, gsi2sk = :sk',
      ExpressionAttributeValues: {
        ':exp': refreshTokenExpiresAt,
        ':pk': due.gsi2pk,
        ':sk': due.gsi2sk,
      },
    }),
  );
}
