import { SNSClient } from '@aws-sdk/client-sns';
import { endpointFor } from './aws-endpoint.js';
import { withHostHook } from './sdk-client-hook.js';

/**
 * An SNS client honouring `AWS_ENDPOINT_URL_SNS`. Its own module so a function that needs only
 * SNS (the webhook intake) does not bundle the DynamoDB clients of `aws-clients.ts`
 * (`@aws-sdk/lib-dynamodb` is not marked side-effect free).
 *
 * @example
 * ```ts
 * const sns = snsClient();
 * ```
 */
export function snsClient(): SNSClient {
  return withHostHook(new SNSClient({ endpoint: endpointFor('SNS') }));
}
