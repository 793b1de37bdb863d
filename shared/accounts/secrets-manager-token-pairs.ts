import {
  CreateSecretCommand,
  GetSecretValueCommand,
  InvalidRequestException,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { StoredTokenPair, TokenVault } from '../ports/tokens.js';
import { storedTokenPairSchema } from './token-pair-schema.js';

/**
 * {@link TokenVault} in AWS Secrets Manager, without retiring and reviving secrets
 * (`SecretsManagerTokenVault` adds those), so entry files that only use tokens carry neither: one secret per account named
 * `<prefix>/<accountId>`, tagged with the account id. A new pair is a new version
 * (`PutSecretValue`): Secrets Manager moves AWSCURRENT to it and keeps the replaced one as
 * AWSPREVIOUS, which the refresher falls back on after a lost write. Locally the same adapter
 * talks to the stack's wire-compatible Secrets Manager server.
 *
 * @example
 * ```ts
 * const vault = new SecretsManagerTokenPairs({ client: secretsManagerClient(), prefix: 'dwolla-serverless/accounts' });
 * ```
 */
export class SecretsManagerTokenPairs implements TokenVault {
  protected readonly client: SecretsManagerClient;
  private readonly prefix: string;
  private readonly kmsKeyId: string | undefined;

  /** `kmsKeyId`: the customer-managed key new secrets are created under (the AWS default otherwise). */
  constructor(options: { client: SecretsManagerClient; prefix: string; kmsKeyId?: string }) {
    this.client = options.client;
    this.prefix = options.prefix.replace(/\/+$/, '');
    this.kmsKeyId = options.kmsKeyId;
  }

  /** The secret name of an account. */
  secretName(accountId: string): string {
    return `${this.prefix}/${accountId}`;
  }

  get(accountId: string): Promise<StoredTokenPair | undefined> {
    return this.read(accountId, undefined);
  }

  getPrevious(accountId: string): Promise<StoredTokenPair | undefined> {
    return this.read(accountId, 'AWSPREVIOUS');
  }

  async put(accountId: string, pair: StoredTokenPair): Promise<void> {
    const SecretString = JSON.stringify(storedTokenPairSchema.parse(pair));
    const SecretId = this.secretName(accountId);
    try {
      await this.client.send(new PutSecretValueCommand({ SecretId, SecretString }));
      return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    try {
      await this.client.send(
        new CreateSecretCommand({
          Name: SecretId,
          SecretString,
          Description: 'Dwolla OAuth token pair of one account (dwolla-serverless)',
          ...(this.kmsKeyId === undefined ? {} : { KmsKeyId: this.kmsKeyId }),
          Tags: [
            { Key: 'app', Value: 'dwolla-serverless' },
            { Key: 'dwolla-account-id', Value: accountId },
          ],
        }),
      );
    } catch (error) {
      // A concurrent first write created it: ours becomes the newest version.
      if (!(error instanceof ResourceExistsException)) throw error;
      await this.client.send(new PutSecretValueCommand({ SecretId, SecretString }));
    }
  }

  private async read(
    accountId: string,
    stage: 'AWSPREVIOUS' | undefined,
  ): Promise<StoredTokenPair | undefined> {
    try {
      const { SecretString } = await this.client.send(
        new GetSecretValueCommand({
          SecretId: this.secretName(accountId),
          ...(stage ? { VersionStage: stage } : {}),
        }),
      );
      if (!SecretString) return undefined;
      return storedTokenPairSchema.parse(JSON.parse(SecretString));
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      // Scheduled for deletion (a disconnected account): no usable pair.
      if (error instanceof InvalidRequestException) return undefined;
      throw error;
    }
  }
}
