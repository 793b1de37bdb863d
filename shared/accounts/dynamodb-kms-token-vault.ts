import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { KMSClient } from '@aws-sdk/client-kms';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { keys, TABLE } from '../adapters/dynamodb/table-design.js';
import type { StoredTokenPair, TokenSecretLifecycle, TokenVault } from '../ports/tokens.js';
import { TokenVaultCorruptError } from './errors.js';
import { KmsEnvelope, type Sealed } from './kms-envelope.js';
import { storedTokenPairSchema } from './token-pair-schema.js';

/**
 * {@link TokenVault} in the table, under envelope encryption with a customer-managed KMS key:
 * the cheaper vault (one key for every account instead of one $0.40 secret each; README
 * "Performance"). Each write seals the pair with {@link KmsEnvelope}, so reading a pair needs
 * `kms:Decrypt` on the key, which only the token functions are granted, and a sealed pair copied
 * onto another account's item never opens.
 *
 * The item (`keys.accountTokens(accountId)`) keeps `current` and `previous`, the same two
 * versions Secrets Manager keeps as AWSCURRENT and AWSPREVIOUS, for the refresher's recovery
 * after a lost write. Reads are strongly consistent: a rotated refresh token must be seen at once.
 * A disconnect schedules the item's deletion as Secrets Manager schedules a secret's: the pair
 * is unreadable at once, the table's TTL removes it after the recovery window, and a reconnect
 * within the window restores it.
 *
 * @example
 * ```ts
 * const vault = new DynamoDbKmsTokenVault({ ddb, kms: new KMSClient({}), tableName, keyId });
 * ```
 */
export class DynamoDbKmsTokenVault implements TokenVault, TokenSecretLifecycle {
  private readonly ddb: DynamoDBDocumentClient;
  private readonly envelope: KmsEnvelope;
  private readonly tableName: string;

  constructor(options: {
    ddb: DynamoDBDocumentClient;
    kms: KMSClient;
    tableName: string;
    keyId: string;
  }) {
    this.ddb = options.ddb;
    this.envelope = new KmsEnvelope({ kms: options.kms, keyId: options.keyId });
    this.tableName = options.tableName;
  }

  get(accountId: string): Promise<StoredTokenPair | undefined> {
    return this.read(accountId, 'current');
  }

  getPrevious(accountId: string): Promise<StoredTokenPair | undefined> {
    return this.read(accountId, 'previous');
  }

  async put(accountId: string, pair: StoredTokenPair): Promise<void> {
    const sealed = await this.envelope.seal(accountId, storedTokenPairSchema.parse(pair));
    const updatedAt = new Date().toISOString();
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        // The common case, a rotation: the former current version becomes the previous one.
        await this.ddb.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.accountTokens(accountId),
            UpdateExpression:
              'SET #previous = #current, #current = :sealed, updatedAt = :at REMOVE #deletion, #ttl',
            ConditionExpression: 'attribute_exists(#current)',
            ExpressionAttributeNames: {
              '#current': 'current',
              '#previous': 'previous',
              '#deletion': 'deletionDate',
              '#ttl': TABLE.ttlAttribute,
            },
            ExpressionAttributeValues: { ':sealed': sealed, ':at': updatedAt },
          }),
        );
        return;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      try {
        await this.ddb.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.accountTokens(accountId), current: sealed, updatedAt },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return;
      } catch (error) {
        // Created meanwhile by a concurrent first write: rotate over it instead.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new TokenVaultCorruptError(accountId, 'the pair could not be written');
  }

  async scheduleDeletion(accountId: string, recoveryWindowDays: number): Promise<void> {
    const deletionDate = new Date(Date.now() + recoveryWindowDays * 86_400_000);
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.accountTokens(accountId),
          UpdateExpression: 'SET #deletion = :date, #ttl = :epoch',
          // Already scheduled keeps its first date, as Secrets Manager does.
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#deletion)',
          ExpressionAttributeNames: { '#deletion': 'deletionDate', '#ttl': TABLE.ttlAttribute },
          ExpressionAttributeValues: {
            ':date': deletionDate.toISOString(),
            ':epoch': Math.floor(deletionDate.getTime() / 1000),
          },
        }),
      );
    } catch (error) {
      // No pair, or already scheduled: done.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async restore(accountId: string): Promise<void> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.accountTokens(accountId),
          UpdateExpression: 'REMOVE #deletion, #ttl',
          // Past its deletion date the pair is gone for good (TTL may lag): the connect writes a new one.
          ConditionExpression: 'attribute_exists(#deletion) AND #deletion > :now',
          ExpressionAttributeNames: { '#deletion': 'deletionDate', '#ttl': TABLE.ttlAttribute },
          ExpressionAttributeValues: { ':now': new Date().toISOString() },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private async read(
    accountId: string,
    version: 'current' | 'previous',
  ): Promise<StoredTokenPair | undefined> {
    const { Item } = await this.ddb.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.accountTokens(accountId),
        ProjectionExpression: '#version, #deletion',
        ExpressionAttributeNames: { '#version': version, '#deletion': 'deletionDate' },
        ConsistentRead: true,
      }),
    );
    // Scheduled for deletion (a disconnected account): no usable pair, as in Secrets Manager.
    if (Item?.deletionDate !== undefined) return undefined;
    const sealed = Item?.[version] as Partial<Sealed> | undefined;
    if (!sealed) return undefined;
    if (!(sealed.key instanceof Uint8Array) || !(sealed.blob instanceof Uint8Array)) {
      throw new TokenVaultCorruptError(accountId, `the ${version} version is malformed`);
    }
    return this.envelope.open(accountId, { key: sealed.key, blob: sealed.blob });
  }
}

// The key policy in `infra/` reads the purpose from here, beside the vault that needs it.
export { TOKEN_VAULT_CONTEXT_PURPOSE } from './kms-envelope.js';
