import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { WebhookSecretUnavailableError } from './errors.js';
import {
  parseWebhookSecrets,
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

  constructor(options: { client: SecretsManagerClient; secretId: string }) {
    this.#client = options.client;
    this.#secretId = options.secretId;
  }

  async read(): Promise<WebhookSecrets> {
    const secretId = this.#secretId;
    let text: string | undefined;
    try {
      const output = await this.#client.send(new GetSecretValueCommand({ SecretId: secretId }));
      text = output.SecretString;
    } catch (error) {
      throw new WebhookSecretUnavailableError(secretId, { cause: error });
    }
    return parseWebhookSecrets(secretId, text);
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
