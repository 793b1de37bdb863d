import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbTableAdapter } from '../adapters/dynamodb/table-adapter.js';
import { keys } from '../adapters/dynamodb/table-design.js';
import { AccountNotFoundError } from './errors.js';
import type { AccountRecord, AccountRefreshStore, TokenTimes } from './ports.js';

/**
 * The account metadata item (`keys.account(id)`); in the sparse `byRefreshDue` index while
 * active. It never holds a token: those live in the vault.
 */
export interface AccountItem extends AccountRecord {
  readonly pk: string;
  readonly sk: 'ACCOUNT';
  readonly updatedAt: string;
  readonly reauthorizationRequiredAt?: string;
  readonly gsi2pk?: string;
  readonly gsi2sk?: string;
}

/**
 * {@link AccountRefreshStore} on the single table: what the token lifecycle reads and writes, so
 * an entry file that only uses tokens carries no connect, disconnect or scheduling code
 * (`DynamoDbAccountStore` adds those). Every write is an `UpdateItem`, so a refresh never
 * erases what a connection wrote and the other way round.
 *
 * @example
 * ```ts
 * const accounts = new DynamoDbAccountRefreshStore({ client: documentClient(), tableName });
 * ```
 */
export class DynamoDbAccountRefreshStore
  extends DynamoDbTableAdapter
  implements AccountRefreshStore
{
  async get(accountId: string): Promise<AccountRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.account(accountId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const item = Item as AccountItem;
    return {
      accountId: item.accountId,
      status: item.status,
      ...(item.tenantId ? { tenantId: item.tenantId } : {}),
      ...(item.reference ? { reference: item.reference } : {}),
      scopes: item.scopes ?? [],
      accessTokenExpiresAt: item.accessTokenExpiresAt,
      refreshTokenExpiresAt: item.refreshTokenExpiresAt,
      connectedAt: item.connectedAt,
      ...(item.lastRefreshedAt ? { lastRefreshedAt: item.lastRefreshedAt } : {}),
      ...(item.disconnectedAt ? { disconnectedAt: item.disconnectedAt } : {}),
    };
  }

  async recordRefresh(input: TokenTimes & { refreshedAt: string }): Promise<void> {
    const due = keys.refreshDueGsi(input.refreshDueDate, input.accountId);
    // A refresh racing a disconnect must not make the account active again.
    await this.updateExisting(input.accountId, {
      extraCondition: '#status <> :disconnected',
      UpdateExpression:
        'SET #status = :active, accessTokenExpiresAt = :accessExp, ' +
        'refreshTokenExpiresAt = :refreshExp, lastRefreshedAt = :refreshedAt, ' +
        'updatedAt = :refreshedAt, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk ' +
        'REMOVE reauthorizationRequiredAt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':active': 'active',
        ':accessExp': input.accessTokenExpiresAt,
        ':refreshExp': input.refreshTokenExpiresAt,
        ':refreshedAt': input.refreshedAt,
        ':gsi2pk': due.gsi2pk,
        ':gsi2sk': due.gsi2sk,
        ':disconnected': 'disconnected',
      },
    });
  }

  async markReauthorizationRequired(accountId: string, at: string): Promise<void> {
    await this.updateExisting(accountId, {
      // Leaving the sparse index stops the daily job from retrying a dead refresh token.
      UpdateExpression:
        'SET #status = :status, reauthorizationRequiredAt = :at, updatedAt = :at REMOVE gsi2pk, gsi2sk',
      extraCondition: '#status <> :disconnected',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': 'reauthorization_required',
        ':at': at,
        ':disconnected': 'disconnected',
      },
    });
  }

  protected async updateExisting(
    accountId: string,
    update: Pick<
      ConstructorParameters<typeof UpdateCommand>[0],
      'UpdateExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    > & { extraCondition?: string },
  ): Promise<void> {
    const { extraCondition, ...expression } = update;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.account(accountId),
          ConditionExpression:
            extraCondition === undefined
              ? 'attribute_exists(pk)'
              : `attribute_exists(pk) AND ${extraCondition}`,
          ...expression,
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new AccountNotFoundError(accountId, { cause: error });
      }
      throw error;
    }
  }
}
