import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DecryptCommand,
  GenerateDataKeyCommand,
  InvalidCiphertextException,
  type KMSClient,
} from '@aws-sdk/client-kms';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { keys, TABLE } from '../adapters/dynamodb/table-design.js';
import type { StoredTokenPair, TokenSecretLifecycle, TokenVault } from '../ports/tokens.js';
import { TokenVaultCorruptError } from './errors.js';
import { storedTokenPairSchema } from './token-pair-schema.js';

/** One sealed pair: the KMS-encrypted data key and `iv | tag | ciphertext` under it. */
interface Sealed {
  readonly key: Uint8Array;
  readonly blob: Uint8Array;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * {@link TokenVault} in the table, under envelope encryption with a customer-managed KMS key:
 * the cheaper vault (one key for every account instead of one $0.40 secret each; README
 * "Performance"). Each write asks KMS for a fresh AES-256 data key and seals the pair with
 * AES-256-GCM; only the KMS-encrypted data key is stored beside it, so reading a pair needs
 * `kms:Decrypt` on the key, which only the token functions are granted. The account id is bound
 * twice — as the KMS encryption context and as the GCM additional data — so a sealed pair
 * copied onto another account's item never opens
 * (https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html).
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
  private readonly kms: KMSClient;
  private readonly tableName: string;
  private readonly keyId: string;

  constructor(options: {
    ddb: DynamoDBDocumentClient;
    kms: KMSClient;
    tableName: string;
    keyId: string;
  }) {
    this.ddb = options.ddb;
    this.kms = options.kms;
    this.tableName = options.tableName;
    this.keyId = options.keyId;
  }

  get(accountId: string): Promise<StoredTokenPair | undefined> {
    return this.read(accountId, 'current');
  }

  getPrevious(accountId: string): Promise<StoredTokenPair | undefined> {
    return this.read(accountId, 'previous');
  }

  async put(accountId: string, pair: StoredTokenPair): Promise<void> {
    const sealed = await this.seal(accountId, storedTokenPairSchema.parse(pair));
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
    return this.open(accountId, { key: sealed.key, blob: sealed.blob });
  }

  private async seal(accountId: string, pair: StoredTokenPair): Promise<Sealed> {
    const dataKey = await this.kms.send(
      new GenerateDataKeyCommand({
        KeyId: this.keyId,
        KeySpec: 'AES_256',
        EncryptionContext: encryptionContext(accountId),
      }),
    );
    if (!dataKey.Plaintext || !dataKey.CiphertextBlob) {
      throw new TokenVaultCorruptError(accountId, 'KMS returned no data key');
    }
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', dataKey.Plaintext, iv);
    cipher.setAAD(Buffer.from(accountId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(pair), 'utf8'), cipher.final()]);
    dataKey.Plaintext.fill(0);
    return {
      key: dataKey.CiphertextBlob,
      blob: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]),
    };
  }

  private async open(accountId: string, sealed: Sealed): Promise<StoredTokenPair> {
    let Plaintext: Uint8Array | undefined;
    try {
      ({ Plaintext } = await this.kms.send(
        new DecryptCommand({
          // Naming the key makes KMS refuse a data key sealed under any other key.
          KeyId: this.keyId,
          CiphertextBlob: sealed.key,
          EncryptionContext: encryptionContext(accountId),
        }),
      ));
    } catch (error) {
      // A data key sealed for another account (or key) is refused by KMS itself.
      if (error instanceof InvalidCiphertextException) {
        throw new TokenVaultCorruptError(accountId, 'KMS refused the data key');
      }
      throw error;
    }
    if (!Plaintext) throw new TokenVaultCorruptError(accountId, 'KMS returned no data key');
    try {
      const blob = Buffer.from(sealed.blob);
      const decipher = createDecipheriv('aes-256-gcm', Plaintext, blob.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(accountId, 'utf8'));
      decipher.setAuthTag(blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const json = Buffer.concat([
        decipher.update(blob.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
      return storedTokenPairSchema.parse(JSON.parse(json));
    } catch {
      // No cause attached: a parse error could quote what was decrypted.
      throw new TokenVaultCorruptError(accountId, 'the sealed pair does not open');
    } finally {
      Plaintext.fill(0);
    }
  }
}

/**
 * The `purpose` of every data key the table vault asks KMS for: the deployed key policy lets the
 * token functions use the key only with it (`kms:EncryptionContext:purpose`).
 *
 * @example
 * ```ts
 * conditions: { StringEquals: { 'kms:EncryptionContext:purpose': TOKEN_VAULT_CONTEXT_PURPOSE } }
 * ```
 */
export const TOKEN_VAULT_CONTEXT_PURPOSE = 'dwolla-account-tokens';

function encryptionContext(accountId: string): Record<string, string> {
  return { purpose: TOKEN_VAULT_CONTEXT_PURPOSE, accountId };
}
