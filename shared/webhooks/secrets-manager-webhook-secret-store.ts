import { PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerSecretReader } from '../adapters/secrets-manager-secret-reader.js';
import { WebhookSecretReader } from './webhook-secret-reader.js';
import {
  type WebhookSecretStore,
  type WebhookSecrets,
  webhookSecretsSchema,
} from './webhook-secrets.js';

/**
 * The webhook secret in Secrets Manager, stored as the JSON `{ "current": "...", "previous"?: "..." }`.
 * A read that fails or finds another shape throws {@link WebhookSecretUnavailableError}
 * (which names the secret id, never its value).
 *
 * @example
 * ```ts
 * const store = new SecretsManagerWebhookSecretStore({
 *   client: secretsManagerClient(),
 *   secretId: config.DWOLLA_WEBHOOK_SECRET_ID,
 * });
 * const { current } = await store.read();
 * ```
 */
export class SecretsManagerWebhookSecretStore implements WebhookSecretStore {
  readonly #client: SecretsManagerClient;
  readonly #secretId: string;
  readonly #reader: WebhookSecretReader;

  constructor(options: { client: SecretsManagerClient; secretId: string }) {
    this.#client = options.client;
    this.#secretId = options.secretId;
    this.#reader = new WebhookSecretReader({
      secrets: new SecretsManagerSecretReader(options.client),
      secretId: options.secretId,
    });
  }

  read(): Promise<WebhookSecrets> {
    return this.#reader.read();
  }

  async write(secrets: WebhookSecrets): Promise<void> {
    await this.#client.send(
      new PutSecretValueCommand({
        SecretId: this.#secretId,
        SecretString: JSON.stringify(webhookSecretsSchema.parse(secrets)),
      }),
    );
  }
}
