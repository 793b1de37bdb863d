import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { DynamoDbTableAdapter } from '../adapters/dynamodb/table-adapter.js';
import { keys } from '../adapters/dynamodb/table-design.js';
import { DEFAULT_TENANT_ID, isScope, SCOPES } from '../tenancy/principal.js';
import type { ApiKeyAdminStore, ApiKeyRecord } from './api-key-store.js';
import { ApiKeyExistsError, ApiKeyNotFoundError } from './errors.js';
import { keyIdOf } from './hash.js';

/**
 * A stored key item as a record. An item written before tenants existed has no tenant, id or
 * scopes: it keeps working as a key of tenant `default` with every scope, as it did.
 */
function toRecord(item: Record<string, unknown>): ApiKeyRecord {
  const keyHash = String(item.keyHash);
  const scopes = Array.isArray(item.scopes)
    ? (item.scopes as string[]).filter(isScope)
    : [...SCOPES];
  return {
    keyHash,
    keyId: typeof item.keyId === 'string' ? item.keyId : keyIdOf(keyHash),
    name: String(item.name),
    tenantId: typeof item.tenantId === 'string' ? item.tenantId : DEFAULT_TENANT_ID,
    scopes,
    createdAt: String(item.createdAt),
    ...(typeof item.expiresAt === 'string' ? { expiresAt: item.expiresAt } : {}),
    ...(typeof item.revokedAt === 'string' ? { revokedAt: item.revokedAt } : {}),
  };
}

/**
 * {@link ApiKeyAdminStore} on the single table: one item per key at `keys.apiKey(sha256hex)`
 * (the authorizer's one GetItem), and an id item at `keys.apiKeyId(keyId)` pointing at it, so
 * the CLI revokes a key by its id.
 *
 * @example
 * ```ts
 * const store = new DynamoDbApiKeyStore({ client: documentClient(), tableName: 'app' });
 * ```
 */
export class DynamoDbApiKeyStore extends DynamoDbTableAdapter implements ApiKeyAdminStore {
  async put(record: ApiKeyRecord): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.apiKey(record.keyHash), ...record, scopes: [...record.scopes] },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.apiKeyId(record.keyId),
                  keyId: record.keyId,
                  keyHash: record.keyHash,
                },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        throw new ApiKeyExistsError({ cause: error });
      }
      throw error;
    }
  }

  async findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.apiKey(keyHash) }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  async list(tenantId?: string): Promise<ApiKeyRecord[]> {
    // A Scan is fine here: only the CLI lists keys, and never from a Lambda function.
    const records: ApiKeyRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'sk = :sk',
          ExpressionAttributeValues: { ':sk': keys.apiKey('').sk },
          ExclusiveStartKey: startKey,
        }),
      );
      records.push(...(page.Items ?? []).map(toRecord));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return records
      .filter((record) => tenantId === undefined || record.tenantId === tenantId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId));
  }

  async revoke(keyId: string, at: string): Promise<ApiKeyRecord> {
    const { Item: pointer } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.apiKeyId(keyId),
        ConsistentRead: true,
      }),
    );
    if (typeof pointer?.keyHash !== 'string') throw new ApiKeyNotFoundError(keyId);
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.apiKey(pointer.keyHash),
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toRecord(Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ApiKeyNotFoundError(keyId);
      throw error;
    }
  }
}
