/**
 * The environment of the local stack's functions: what Lambda itself gives every function,
 * this stack's AWS endpoints, and the local values of the variables each function's
 * definition derives (`functionEnvironment`).
 */

import type { QueueName } from '../definition.js';
import type { EnvironmentValues } from '../function-environment.js';
import type { LocalConfig } from './config.js';
import type { DwollaTarget } from './dwolla-target.js';
import type { LocalDynamoDb } from './dynamodb.js';
import type { LocalKms } from './kms-server.js';
import type { LocalMessaging } from './queues.js';
import type { LocalSecretsManager } from './secrets-manager-server.js';
import { LOCAL_SECRET_IDS } from './seed.js';

/** The app table's name. */
export const TABLE_NAME = 'dwolla-serverless';
/** Credentials every local AWS client uses (the local servers accept any). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
/**
 * The functions' `AWS_SESSION_TOKEN`, which the local secrets extension requires as the real one
 * does (the other local servers ignore it).
 */
export const LOCAL_SESSION_TOKEN = 'local';

/**
 * What Lambda itself gives every function: region and credentials, the same for every local
 * stack (the SDK reads them at each call, so they stay in `process.env`).
 */
export const PLATFORM_ENVIRONMENT = {
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  AWS_SESSION_TOKEN: LOCAL_SESSION_TOKEN,
} as const;

/** This stack's AWS endpoints: read when a function builds its clients, at its import. */
export function endpointEnvironment(input: {
  ddb: LocalDynamoDb;
  messaging: LocalMessaging;
  secrets: LocalSecretsManager;
  kms: LocalKms;
}): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: input.ddb.endpoint,
    AWS_ENDPOINT_URL_SQS: input.messaging.endpoint,
    AWS_ENDPOINT_URL_SNS: input.messaging.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: input.secrets.endpoint,
    AWS_ENDPOINT_URL_KMS: input.kms.endpoint,
    // The local Secrets Manager answers as the Parameters and Secrets Lambda Extension too.
    PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(input.secrets.port),
  };
}

/**
 * The local values of the functions' variables; each function gets the ones its definition
 * derives (`functionEnvironment`), as the CDK app sets them in AWS.
 */
export function environmentValues(input: {
  config: LocalConfig;
  apiUrl: string;
  gatewayPort: number;
  messaging: LocalMessaging;
  kms: LocalKms;
  dwolla: DwollaTarget;
  notificationRetryDelaysSeconds: readonly number[];
}): EnvironmentValues {
  const { config, apiUrl, gatewayPort, messaging, dwolla } = input;
  return {
    tableName: TABLE_NAME,
    tokenRefreshWindowDays: String(config.TOKEN_REFRESH_WINDOW_DAYS),
    eventsTopicArn: messaging.topicArn,
    queueUrls: Object.fromEntries(
      Object.entries(messaging.queues).map(([name, queue]) => [name, queue.url]),
    ) as Record<QueueName, string>,
    appSecretId: LOCAL_SECRET_IDS.app,
    webhookSecretId: LOCAL_SECRET_IDS.webhook,
    dwolla: {
      apiUrl: dwolla.apiUrl,
      tokenUrl: dwolla.tokenUrl,
      authorizeUrl: dwolla.authorizeUrl,
      clientAuth: config.DWOLLA_CLIENT_AUTH,
      oauthRedirectUri: config.OAUTH_REDIRECT_URI ?? `${apiUrl}/oauth/callback`,
      oauthReturnUrlAllowlist:
        config.OAUTH_RETURN_URL_ALLOWLIST ??
        `http://127.0.0.1:${gatewayPort}/,http://localhost:${gatewayPort}/`,
    },
    accountSecretPrefix: LOCAL_SECRET_IDS.accountPrefix,
    tokenVault: { vault: config.TOKEN_VAULT, kmsKeyId: input.kms.keyArn },
    endpointSecretPrefix: LOCAL_SECRET_IDS.endpointPrefix,
    // The built-in receiver listens on the gateway's loopback address.
    webhookEndpointsAllowLoopback: 'true',
    notificationRetryDelaysSeconds: input.notificationRetryDelaysSeconds.join(','),
  };
}
