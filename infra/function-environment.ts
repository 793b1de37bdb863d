/**
 * Each function's environment, derived from its definition (`FunctionAccess` and the queues it
 * consumes) in one place: the CDK app sets exactly these variables on the deployed function and
 * the local runner imports the function with exactly these, so a handler that reads a variable
 * its definition does not provide fails under `npm start` as it would after `cdk deploy`.
 */

import { ENV, type EnvName } from '../shared/config/env-names.js';
import {
  FUNCTIONS,
  type FunctionAccess,
  type FunctionName,
  QUEUE_ENTRIES,
  type QueueDefinition,
  type QueueName,
} from './definition.js';

/** The environment variable carrying a queue's URL, for functions that send to it. */
export const QUEUE_URL_ENV: Partial<Record<QueueName, EnvName>> = {
  tokenRefresh: ENV.tokenRefreshQueueUrl,
  notifications: ENV.notificationsQueueUrl,
};

/**
 * The values of a deployment (CDK tokens) or of the local stack (plain strings). Optional ones
 * are set only where the deployment has them.
 */
export interface EnvironmentValues {
  readonly tableName: string;
  readonly tokenRefreshWindowDays: string;
  readonly eventsTopicArn: string;
  readonly queueUrls: Readonly<Record<QueueName, string>>;
  readonly appSecretId: string;
  readonly webhookSecretId: string;
  /** Dwolla and OAuth settings, given with the app credentials (who calls Dwolla needs them). */
  readonly dwolla: {
    readonly apiUrl: string;
    readonly tokenUrl: string;
    readonly authorizeUrl: string;
    readonly clientAuth: string;
    readonly oauthRedirectUri: string;
    readonly oauthReturnUrlAllowlist: string;
  };
  readonly accountSecretPrefix: string;
  /** The key new token secrets are created under (AWS only: the local server has no KMS). */
  readonly accountSecretKmsKeyId?: string;
  /** The token vault and its KMS key, when not the default Secrets Manager vault. */
  readonly tokenVault?: { readonly vault: string; readonly kmsKeyId: string };
  readonly endpointSecretPrefix: string;
  /** The local runner's receiver listens on loopback; deployed endpoints never may. */
  readonly webhookEndpointsAllowLoopback?: string;
  readonly notificationRetryDelaysSeconds: string;
}

/**
 * Which function variables the derivation can set at all (any other environment variable is
 * the platform's: region, credentials, endpoints, Powertools).
 */
export const FUNCTION_ENV_NAMES: readonly EnvName[] = Object.values(ENV);

/** Thrown when a function's definition asks for something no variable can carry. */
export class FunctionEnvironmentError extends Error {
  override readonly name = 'FunctionEnvironmentError';
}

export function consumedQueues(
  name: FunctionName,
): ReadonlyArray<readonly [QueueName, QueueDefinition]> {
  return QUEUE_ENTRIES.filter(([, queue]) => queue.consumer === name);
}

/**
 * The environment of one function: its table, topic, queues and secrets as its `access` grants
 * them, the Dwolla settings where it reads the app credentials, and what the queues it consumes
 * need (a FIFO consumer sets its own messages' backoff, so it gets that queue's URL and, for the
 * notifications, the retry schedule).
 *
 * @example
 * ```ts
 * const env = functionEnvironment('transferGet', values); // { TABLE_NAME: …, TOKEN_REFRESH_WINDOW_DAYS: … }
 * ```
 */
export function functionEnvironment(
  name: FunctionName,
  values: EnvironmentValues,
): Partial<Record<EnvName, string>> {
  const access: FunctionAccess = FUNCTIONS[name].access;
  const env: Partial<Record<EnvName, string>> = {};
  if (access.table) {
    env[ENV.tableName] = values.tableName;
    env[ENV.tokenRefreshWindowDays] = values.tokenRefreshWindowDays;
  }
  if (access.publishEvents) env[ENV.eventsTopicArn] = values.eventsTopicArn;
  for (const queueName of access.sendTo ?? []) {
    const envName = QUEUE_URL_ENV[queueName];
    if (!envName) {
      throw new FunctionEnvironmentError(
        `${name} sends to ${queueName}, which has no URL variable in QUEUE_URL_ENV`,
      );
    }
    env[envName] = values.queueUrls[queueName];
  }
  for (const [queueName, queue] of consumedQueues(name)) {
    const envName = QUEUE_URL_ENV[queueName];
    if (envName && queue.fifo) env[envName] = values.queueUrls[queueName];
    if (queueName === 'notifications') {
      env[ENV.notificationRetryDelays] = values.notificationRetryDelaysSeconds;
    }
  }
  if (access.appSecret) {
    env[ENV.dwollaAppSecretId] = values.appSecretId;
    env[ENV.dwollaApiUrl] = values.dwolla.apiUrl;
    env[ENV.dwollaTokenUrl] = values.dwolla.tokenUrl;
    env[ENV.dwollaAuthorizeUrl] = values.dwolla.authorizeUrl;
    env[ENV.dwollaClientAuth] = values.dwolla.clientAuth;
    env[ENV.oauthRedirectUri] = values.dwolla.oauthRedirectUri;
    env[ENV.oauthReturnUrlAllowlist] = values.dwolla.oauthReturnUrlAllowlist;
  }
  if (access.webhookSecret) {
    env[ENV.webhookSecretId] = values.webhookSecretId;
  }
  if (access.accountSecrets) {
    env[ENV.accountSecretPrefix] = values.accountSecretPrefix;
    if (access.accountSecrets.includes('write') && values.accountSecretKmsKeyId !== undefined) {
      env[ENV.accountSecretKmsKeyId] = values.accountSecretKmsKeyId;
    }
    if (values.tokenVault) {
      env[ENV.tokenVault] = values.tokenVault.vault;
      env[ENV.tokenKmsKeyId] = values.tokenVault.kmsKeyId;
    }
  }
  if (access.endpointSecrets) {
    env[ENV.endpointSecretPrefix] = values.endpointSecretPrefix;
    if (values.webhookEndpointsAllowLoopback !== undefined) {
      env[ENV.webhookEndpointsAllowLoopback] = values.webhookEndpointsAllowLoopback;
    }
  }
  return env;
}
