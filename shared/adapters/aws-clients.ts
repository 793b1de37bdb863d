import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * SDK client factories used by the entry files at module scope (one client per container).
 * In AWS the endpoints come from the region; locally the runner sets the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, which are passed explicitly because the SQS client
 * would otherwise send to the queue URL's host (fauxqs's does not resolve).
 *
 * @example
 * ```ts
 * const ddb = documentClient();
 * ```
 */
function endpointFor(service: 'DYNAMODB' | 'SQS' | 'SNS' | 'SECRETS_MANAGER'): string | undefined {
  return process.env[`AWS_ENDPOINT_URL_${service}`] || undefined;
}

export function documentClient(): DynamoDBDocumentClient {
  const client = new DynamoDBClient({ endpoint: endpointFor('DYNAMODB') });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function sqsClient(): SQSClient {
  const endpoint = endpointFor('SQS');
  return new SQSClient(endpoint ? { endpoint, useQueueUrlAsEndpoint: false } : {});
}

export function snsClient(): SNSClient {
  return new SNSClient({ endpoint: endpointFor('SNS') });
}

export function secretsManagerClient(): SecretsManagerClient {
  return new SecretsManagerClient({ endpoint: endpointFor('SECRETS_MANAGER') });
}
