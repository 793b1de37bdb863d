import { KMSClient } from '@aws-sdk/client-kms';
import { endpointFor } from './aws-endpoint.js';
import { withHostHook } from './sdk-client-hook.js';

/**
 * A KMS client honouring `AWS_ENDPOINT_URL_KMS`, in its own module so only the functions that
 * open the table vault bundle it.
 *
 * @example
 * ```ts
 * const kms = kmsClient();
 * ```
 */
export function kmsClient(): KMSClient {
  return withHostHook(new KMSClient({ endpoint: endpointFor('KMS') }));
}
