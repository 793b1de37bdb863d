import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { endpointFor } from './aws-endpoint.js';
import { withHostHook } from './sdk-client-hook.js';

/**
 * A Secrets Manager client honouring `AWS_ENDPOINT_URL_SECRETS_MANAGER`, in its own module for
 * the same bundle-size reason as `sns-client.ts`.
 *
 * @example
 * ```ts
 * const secretsManager = secretsManagerClient();
 * ```
 */
export function secretsManagerClient(): SecretsManagerClient {
  return withHostHook(new SecretsManagerClient({ endpoint: endpointFor('SECRETS_MANAGER') }));
}
