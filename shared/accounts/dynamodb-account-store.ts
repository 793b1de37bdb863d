import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbTableAdapter } from '../adapters/dynamodb/table-adapter.js';
import { keys, TABLE } from '../adapters/dynamodb/table-design.js';
import { DEFAULT_TENANT_ID } from '../tenancy/principal.js';
import { AccountNotFoundError, AccountUnavailableError } from './errors.js';
import type { AccountRecord, AccountStore, ConnectionFacts, TokenTimes } from './ports.js';

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
 * {@link AccountStore} on the single table. Every write is an `UpdateItem`, so a refresh never
 * erases what a connection wrote and the other way round.
 *
 * @example
 * ```ts
 * const accounts = new DynamoDbAccountStore({ client: documentClient(), tableName });
 * ```
 */
export class DynamoDbAccountStore extends DynamoDbTableAdapter implements AccountStore {
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

  async recordConnection(input: ConnectionFacts): Promise<void> {
    const due = keys.refreshDueGsi(input.refreshDueDate, input.accountId);
    // The first connect makes its tenant the owner; another tenant's connect changes nothing.
    // An account connected before tenants existed belongs to `default`.
    const ownerCondition =
      input.tenantId === DEFAULT_TENANT_ID
        ? 'attribute_not_exists(tenantId) OR tenantId = :tenantId'
        : 'attribute_not_exists(pk) OR tenantId = :tenantId';
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.account(input.accountId),
          UpdateExpression:
            'SET accountId = :accountId, tenantId = :tenantId, #status = :active, scopes = :scopes, ' +
            'accessTokenExpiresAt = :accessExp, refreshTokenExpiresAt = :refreshExp, ' +
            'connectedAt = :connectedAt, updatedAt = :connectedAt, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk' +
            (input.reference === undefined ? '' : ', #reference = :reference') +
            ' REMOVE lastRefreshedAt, reauthorizationRequiredAt, disconnectedAt' +
            (input.reference === undefined ? ', #reference' : ''),
          ConditionExpression: ownerCondition,
          ExpressionAttributeNames: { '#status': 'status', '#reference': 'reference' },
          ExpressionAttributeValues: {
            ':accountId': input.accountId,
            ':tenantId': input.tenantId,
            ':active': 'active',
            ':scopes': [...input.scopes],
            ':accessExp': input.accessTokenExpiresAt,
            ':refreshExp': input.refreshTokenExpiresAt,
            ':connectedAt': input.connectedAt,
            ':gsi2pk': due.gsi2pk,
            ':gsi2sk': due.gsi2sk,
            ...(input.reference === undefined ? {} : { ':reference': input.reference }),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new AccountUnavailableError(input.accountId, { cause: error });
      }
      throw error;
    }
  }

  async markDisconnected(accountId: string, at: string): Promise<void> {
    await this.updateExisting(accountId, {
      // Leaving the sparse index stops the daily job; the status stops on-demand refreshes.
      UpdateExpression:
        'SET #status = :status, disconnectedAt = if_not_exists(disconnectedAt, :at), updatedAt = :at ' +
        'REMOVE gsi2pk, gsi2sk',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': 'disconnected', ':at': at },
    });
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

  async *listDue(dueDate: string): AsyncIterable<readonly string[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: TABLE.refreshDueIndex.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE.refreshDueIndex.partitionKey },
          ExpressionAttributeValues: { ':pk': keys.refreshDuePk(dueDate) },
          ProjectionExpression: TABLE.refreshDueIndex.sortKey,
          ExclusiveStartKey: startKey,
        }),
      );
      const ids = (page.Items ?? []).map((item) => String(item[TABLE.refreshDueIndex.sortKey]));
      if (ids.length > 0) yield ids;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  private async updateExisting(
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
