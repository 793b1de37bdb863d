import type { SecretStringReader } from '../ports/secret-reader.js';
import { WebhookSecretUnavailableError } from './errors.js';
import { parseWebhookSecrets, type WebhookSecrets } from './webhook-secrets.js';

/**
 * Reads the webhook secret for the intake, which only reads it: through any
 * {@link SecretStringReader} (the Parameters and Secrets Lambda Extension in the deployed intake),
 * so the intake bundles no Secrets Manager client. A read that fails or finds another shape
 * throws {@link WebhookSecretUnavailableError}, which names the secret id, never its value.
 * Writing (rotation) stays with `SecretsManagerWebhookSecretStore`.
 *
 * @example
 * ```ts
 * const reader = new WebhookSecretReader({ secrets: new SecretsExtensionClient(), secretId });
 * const cache = createWebhookSecretCache(() => reader.read());
 * ```
 */
export class WebhookSecretReader {
  readonly #secrets: SecretStringReader;
  readonly #secretId: string;

  constructor(options: { secrets: SecretStringReader; secretId: string }) {
    this.#secrets = options.secrets;
    this.#secretId = options.secretId;
  }

  async read(): Promise<WebhookSecrets> {
    let text: string | undefined;
    try {
      text = await this.#secrets.getSecretString(this.#secretId);
    } catch (error) {
      throw new WebhookSecretUnavailableError(this.#secretId, { cause: error });
    }
    return parseWebhookSecrets(this.#secretId, text);
  }
}
