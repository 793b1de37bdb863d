import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { EndpointSecretReader, EndpointSecretVault } from './ports.js';

/**
 * Endpoint secrets in Secrets Manager, one secret per endpoint named
 * `<prefix>/<tenantId>/<endpointId>`. IAM splits the two sides: the endpoints API may create and
 * delete these secrets but not read them; only the delivery function reads them. A secret never
 * changes, so the reader caches it for the container's life.
 *
 * @example
 * ```ts
 * const vault = new SecretsManagerEndpointSecrets({ client: secretsManagerClient(), prefix });
 * ```
 */
export class SecretsManagerEndpointSecrets implements EndpointSecretVault, EndpointSecretReader {
  readonly #client: SecretsManagerClient;
  readonly #prefix: string;
  readonly #cache = new Map<string, string>();

  constructor(options: { client: SecretsManagerClient; prefix: string }) {
    this.#client = options.client;
    this.#prefix = options.prefix;
  }

  #name(tenantId: string, endpointId: string): string {
    return `${this.#prefix}/${tenantId}/${endpointId}`;
  }

  async create(tenantId: string, endpointId: string, secret: string): Promise<void> {
    await this.#client.send(
      new CreateSecretCommand({
        Name: this.#name(tenantId, endpointId),
        Description: 'Signing secret of one app webhook endpoint (Standard Webhooks)',
        SecretString: secret,
        Tags: [
          { Key: 'tenantId', Value: tenantId },
          { Key: 'endpointId', Value: endpointId },
        ],
      }),
    );
  }

  async delete(tenantId: string, endpointId: string): Promise<void> {
    try {
      await this.#client.send(
        new DeleteSecretCommand({
          SecretId: this.#name(tenantId, endpointId),
          ForceDeleteWithoutRecovery: true,
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }

  async read(tenantId: string, endpointId: string): Promise<string> {
    const name = this.#name(tenantId, endpointId);
    const cached = this.#cache.get(name);
    if (cached !== undefined) return cached;
    const { SecretString } = await this.#client.send(new GetSecretValueCommand({ SecretId: name }));
    const secret = SecretString ?? '';
    this.#cache.set(name, secret);
    return secret;
  }
}
