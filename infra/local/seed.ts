import {
  CreateSecretCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  ApiKeyExistsError,
  DynamoDbApiKeyStore,
  registerApiKey,
} from '../../shared/api-keys/index.js';
import { systemClock } from '../../shared/ports/clock.js';
import { DEFAULT_TENANT_ID } from '../../shared/tenancy/principal.js';

/** Names of the secrets the local stack creates (same shapes as the AWS secrets). */
export const LOCAL_SECRET_IDS = {
  app: 'dwolla-serverless/dwolla-app',
  webhook: 'dwolla-serverless/webhook-secret',
  accountPrefix: 'dwolla-serverless/accounts',
  endpointPrefix: 'dwolla-serverless/webhook-endpoints',
} as const;

async function upsertSecret(client: SecretsManagerClient, name: string, value: string) {
  try {
    await client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  } catch (error) {
    if (!(error instanceof ResourceExistsException)) throw error;
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
  }
}

/**
 * Seeds what the functions expect to find: the Dwolla app credentials secret
 * `{clientId, clientSecret}`, the webhook secret `{current}`, and the hash of the local app API
 * key (named `local`, tenant `default`, every scope). Safe to run again (persisted table, restarted Secrets Manager).
 *
 * @example
 * ```ts
 * await seedLocalStack({ secretsManager, ddb, tableName, clientId, clientSecret, webhookSecret, apiKey });
 * ```
 */
export async function seedLocalStack(input: {
  secretsManager: SecretsManagerClient;
  ddb: DynamoDBDocumentClient;
  tableName: string;
  clientId: string;
  clientSecret: string;
  webhookSecret: string;
  apiKey: string;
}): Promise<void> {
  await upsertSecret(
    input.secretsManager,
    LOCAL_SECRET_IDS.app,
    JSON.stringify({ clientId: input.clientId, clientSecret: input.clientSecret }),
  );
  await upsertSecret(
    input.secretsManager,
    LOCAL_SECRET_IDS.webhook,
    JSON.stringify({ current: input.webhookSecret }),
  );
  const store = new DynamoDbApiKeyStore({ client: input.ddb, tableName: input.tableName });
  try {
    await registerApiKey(
      store,
      systemClock,
      { name: 'local', tenantId: DEFAULT_TENANT_ID },
      input.apiKey,
    );
  } catch (error) {
    if (!(error instanceof ApiKeyExistsError)) throw error;
  }
}
