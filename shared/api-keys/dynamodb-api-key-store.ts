import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../adapters/dynamodb/table-design.js';
import type { ApiKeyRecord, ApiKeyStore } from './api-key-store.js';
import { ApiKeyExistsError } from './errors.js';

/**
 * {@link ApiKeyStore} on the single table: one item per key at `keys.apiKey(sha256hex)`.
 *
 * @example
 * ```ts
 * const store = new DynamoDbApiKeyStore({ client: documentClient(), tableName: 'app' });
 * ```
 */
export class DynamoDbApiKeyStore implements ApiKeyStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async put(record: ApiKeyRecord): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.apiKey(record.keyHash),
            keyHash: record.keyHash,
            name: record.name,
            createdAt: record.createdAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ApiKeyExistsError();
      throw error;
    }
  }

  async findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.apiKey(keyHash) }),
    );
    if (!Item) return undefined;
    return {
      keyHash: String(Item.keyHash),
      name: String(Item.name),
      createdAt: String(Item.createdAt),
    };
  }
}
