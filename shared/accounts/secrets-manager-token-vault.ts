import {
  DeleteSecretCommand,
  InvalidRequestException,
  ResourceNotFoundException,
  RestoreSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import type { TokenSecretLifecycle } from '../ports/tokens.js';
import { SecretsManagerTokenPairs } from './secrets-manager-token-pairs.js';

/**
 * The {@link SecretsManagerTokenPairs} vault that also retires an account's secret on
 * `DELETE /accounts/{id}` (deletion scheduled with a recovery window) and revives it on a
 * reconnect within that window.
 *
 * @example
 * ```ts
 * const vault = new SecretsManagerTokenVault({ client: secretsManagerClient(), prefix: 'dwolla-serverless/accounts' });
 * ```
 */
export class SecretsManagerTokenVault
  extends SecretsManagerTokenPairs
  implements TokenSecretLifecycle
{
  async scheduleDeletion(accountId: string, recoveryWindowDays: number): Promise<void> {
    try {
      await this.client.send(
        new DeleteSecretCommand({
          SecretId: this.secretName(accountId),
          RecoveryWindowInDays: recoveryWindowDays,
        }),
      );
    } catch (error) {
      // No secret, or already scheduled (Secrets Manager answers InvalidRequestException): done.
      if (error instanceof ResourceNotFoundException) return;
      if (error instanceof InvalidRequestException) return;
      throw error;
    }
  }

  async restore(accountId: string): Promise<void> {
    try {
      await this.client.send(new RestoreSecretCommand({ SecretId: this.secretName(accountId) }));
    } catch (error) {
      // Deleted for good after the window: the connect creates a new secret.
      if (error instanceof ResourceNotFoundException) return;
      throw error;
    }
  }
}
