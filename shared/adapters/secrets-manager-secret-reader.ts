import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretStringReader } from '../ports/secret-reader.js';

/**
 * {@link SecretStringReader} on the Secrets Manager SDK client (`GetSecretValue`), for the
 * functions that bundle the client anyway; the others read through the secrets extension
 * (`secrets-extension-client.ts`). Errors are the SDK's, for the caller to wrap.
 *
 * @example
 * ```ts
 * const secrets = new SecretsManagerSecretReader(secretsManagerClient());
 * const text = await secrets.getSecretString('dwolla-serverless/dwolla-app');
 * ```
 */
export class SecretsManagerSecretReader implements SecretStringReader {
  readonly #client: SecretsManagerClient;

  constructor(client: SecretsManagerClient) {
    this.#client = client;
  }

  async getSecretString(secretId: string): Promise<string | undefined> {
    const output = await this.#client.send(new GetSecretValueCommand({ SecretId: secretId }));
    return output.SecretString;
  }
}
