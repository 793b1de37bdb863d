import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys, TABLE } from '../adapters/dynamodb/table-design.js';
import { DEFAULT_TENANT_ID } from '../tenancy/principal.js';
import { DynamoDbAccountRefreshStore } from './dynamodb-account-refresh-store.js';
import { AccountUnavailableError } from './errors.js';
import type { AccountStore, ConnectionFacts } from './ports.js';

export type { AccountItem } from './dynamodb-account-refresh-store.js';

/**
 * {@link AccountStore} on the single table: the {@link DynamoDbAccountRefreshStore} reads and
 * writes plus connecting, disconnecting and listing the accounts due for a refresh.
 *
 * @example
 * ```ts
 * const accounts = new DynamoDbAccountStore({ client: documentClient(), tableName });
 * ```
 */
export class DynamoDbAccountStore extends DynamoDbAccountRefreshStore implements AccountStore {
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
}
