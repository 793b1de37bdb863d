import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  DecryptCommand,
  GenerateDataKeyCommand,
  InvalidCiphertextException,
  type KMSClient,
} from '@aws-sdk/client-kms';
import type { StoredTokenPair } from '../ports/tokens.js';
import { TokenVaultCorruptError } from './errors.js';
import { storedTokenPairSchema } from './token-pair-schema.js';

/** One sealed pair: the KMS-encrypted data key and `iv | tag | ciphertext` under it. */
export interface Sealed {
  readonly key: Uint8Array;
  readonly blob: Uint8Array;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Envelope encryption of a token pair under a customer-managed KMS key: a fresh AES-256 data key
 * from KMS per seal, the pair under AES-256-GCM, and only the KMS-encrypted data key kept beside
 * it. The account id is bound twice — as the KMS encryption context and as the GCM additional
 * data — so a sealed pair copied onto another account never opens
 * (https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html).
 *
 * @example
 * ```ts
 * const envelope = new KmsEnvelope({ kms: new KMSClient({}), keyId });
 * const pair = await envelope.open(accountId, await envelope.seal(accountId, pair));
 * ```
 */
export class KmsEnvelope {
  private readonly kms: KMSClient;
  private readonly keyId: string;

  constructor(options: { kms: KMSClient; keyId: string }) {
    this.kms = options.kms;
    this.keyId = options.keyId;
  }

  async seal(accountId: string, pair: StoredTokenPair): Promise<Sealed> {
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

  async open(accountId: string, sealed: Sealed): Promise<StoredTokenPair> {
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
