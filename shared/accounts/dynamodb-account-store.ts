import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { keys, TABLE } from '../adapters/dynamodb/table-design.js';
import { AccountNotFoundError } from './errors.js';
import type { AccountRecord, AccountStore, TokenTimes } from './ports.js';

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
export class DynamoDbAccountStore implements AccountStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

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
      scopes: item.scopes ?? [],
      accessTokenExpiresAt: item.accessTokenExpiresAt,
      refreshTokenExpiresAt: item.refreshTokenExpiresAt,
      connectedAt: item.connectedAt,
      ...(item.lastRefreshedAt ? { lastRefreshedAt: item.lastRefreshedAt } : {}),
    };
  }

  async recordConnection(
    input: TokenTimes & { scopes: readonly string[]; connectedAt: string },
  ): Promise<void> {
    const due = keys.refreshDueGsi(input.refreshDueDate, input.accountId);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.account(input.accountId),
        UpdateExpression:
          'SET accountId = :accountId, #status = :active, scopes = :scopes, ' +
          'accessTokenExpiresAt = :accessExp, refreshTokenExpiresAt = :refreshExp, ' +
          'connectedAt = :connectedAt, updatedAt = :connectedAt, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk ' +
          'REMOVE lastRefreshedAt, reauthorizationRequiredAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':accountId': input.accountId,
          ':active': 'active',
          ':scopes': [...input.scopes],
          ':accessExp': input.accessTokenExpiresAt,
          ':refreshExp': input.refreshTokenExpiresAt,
          ':connectedAt': input.connectedAt,
          ':gsi2pk': due.gsi2pk,
          ':gsi2sk': due.gsi2sk,
        },
      }),
    );
  }

  async recordRefresh(input: TokenTimes & { refreshedAt: string }): Promise<void> {
    const due = keys.refreshDueGsi(input.refreshDueDate, input.accountId);
    await this.updateExisting(input.accountId, {
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
      },
    });
  }

  async markReauthorizationRequired(accountId: string, at: string): Promise<void> {
    await this.updateExisting(accountId, {
      // Leaving the sparse index stops the daily job from retrying a dead refresh token.
      UpdateExpression:
        'SET #status = :status, reauthorizationRequiredAt = :at, updatedAt = :at REMOVE gsi2pk, gsi2sk',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': 'reauthorization_required', ':at': at },
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
    >,
  ): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.account(accountId),
          ConditionExpression: 'attribute_exists(pk)',
          ...update,
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
