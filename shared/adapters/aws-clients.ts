import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { endpointFor } from './aws-endpoint.js';
import { withHostHook } from './sdk-client-hook.js';

export { secretsManagerClient } from './secrets-manager-client.js';
export { snsClient } from './sns-client.js';

/**
 * SDK client factories used by the entry files at module scope (one client per container).
 * In AWS the endpoints come from the region; locally the runner sets the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables (see `aws-endpoint.ts`). SNS and Secrets Manager live
 * in their own modules so a function needing only those does not bundle the DynamoDB clients.
 *
 * @example
 * ```ts
 * const ddb = documentClient();
 * ```
 */
export function documentClient(): DynamoDBDocumentClient {
  const client = withHostHook(new DynamoDBClient({ endpoint: endpointFor('DYNAMODB') }));
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** An SQS client; with an endpoint override it stops using the queue URL's host. */
export function sqsClient(): SQSClient {
  const endpoint = endpointFor('SQS');
  return withHostHook(new SQSClient(endpoint ? { endpoint, useQueueUrlAsEndpoint: false } : {}));
}
