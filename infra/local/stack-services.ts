/**
 * The local stack's services (DynamoDB Local, fauxqs, the local Secrets Manager and KMS, the
 * gateway, the Dwolla target), started together, and the SDK clients the stack itself uses on
 * them.
 */

import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { LocalConfig } from './config.js';
import { type DwollaTarget, startDwollaTarget } from './dwolla-target.js';
import { type LocalDynamoDb, startDynamoDbLocal } from './dynamodb.js';
import { type LocalGateway, startGateway } from './gateway.js';
import { type LocalKms, startKmsServer } from './kms-server.js';
import { RECEIVER_PATH } from './notification-receiver.js';
import { type LocalMessaging, startMessaging } from './queues.js';
import { type LocalSecretsManager, startSecretsManagerServer } from './secrets-manager-server.js';
import { LOCAL_SECRET_IDS } from './seed.js';
import { LOCAL_CREDENTIALS, TABLE_NAME } from './stack-environment.js';
import type { LocalStackInfo } from './stack-file.js';

/** Prefix of the local physical names (queues, topic). */
export const RESOURCE_PREFIX = 'dwolla-serverless';

/** The running services of a local stack. */
export interface LocalServices {
  readonly ddb: LocalDynamoDb;
  readonly messaging: LocalMessaging;
  readonly secrets: LocalSecretsManager;
  readonly kms: LocalKms;
  readonly gateway: LocalGateway;
  readonly dwolla: DwollaTarget;
}

/** What the services are started with (a subset of the stack's options). */
export interface LocalServicesOptions {
  readonly config: LocalConfig;
  readonly port?: number;
  readonly persistDir?: string;
  readonly visibilityTimeoutSeconds?: number;
}

async function startAll<T extends readonly unknown[]>(
  starts: { [K in keyof T]: Promise<T[K]> },
  stopOf: (started: unknown) => Promise<void>,
): Promise<T> {
  const settled = await Promise.allSettled(starts);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.allSettled(
      settled.flatMap((result) => (result.status === 'fulfilled' ? [stopOf(result.value)] : [])),
    );
    throw (failed as PromiseRejectedResult).reason;
  }
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * Starts every service at once; if one fails, stops those that started and rethrows its error.
 *
 * @example
 * ```ts
 * const services = await startLocalServices({ config, port: 0 });
 * ```
 */
export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  const [ddb, messaging, secrets, kms, gateway, dwolla] = await startAll<
    [LocalDynamoDb, LocalMessaging, LocalSecretsManager, LocalKms, LocalGateway, DwollaTarget]
  >(
    [
      startDynamoDbLocal(options.persistDir ? { persistDir: options.persistDir } : {}),
      startMessaging({
        prefix: RESOURCE_PREFIX,
        ...(options.visibilityTimeoutSeconds !== undefined
          ? { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }
          : {}),
      }),
      startSecretsManagerServer({ port: 0 }),
      startKmsServer({
        port: 0,
        ...(options.persistDir ? { keyFile: join(options.persistDir, 'kms-key.json') } : {}),
      }),
      startGateway({ port: options.port ?? options.config.PORT }),
      startDwollaTarget(options.config),
    ],
    async (started) => {
      const component = started as { stop?: () => Promise<void>; close?: () => Promise<void> };
      if (component.stop) await component.stop();
      else if (component.close) await component.close();
      else await (started as DwollaTarget).simulator?.close();
    },
  );
  return { ddb, messaging, secrets, kms, gateway, dwolla };
}

/**
 * Stops every service (each one even if another fails to stop).
 *
 * @example
 * ```ts
 * await stopLocalServices(services);
 * ```
 */
export async function stopLocalServices(services: LocalServices): Promise<void> {
  await Promise.allSettled([
    services.gateway.close(),
    services.dwolla.simulator?.close() ?? Promise.resolve(),
    services.messaging.stop(),
    services.secrets.close(),
    services.kms.stop(),
    services.ddb.stop(),
  ]);
}

/** The SDK clients the stack itself uses on its services (to seed, create queues, poll). */
export interface LocalClients {
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
  readonly secretsManager: SecretsManagerClient;
  readonly dynamodbStreams: DynamoDBStreamsClient;
  destroy(): void;
}

/**
 * Builds the stack's own SDK clients on the services' endpoints, with the local credentials.
 *
 * @example
 * ```ts
 * const clients = localClients(services);
 * clients.destroy();
 * ```
 */
export function localClients(services: LocalServices): LocalClients {
  const local = { region: 'us-east-1', credentials: LOCAL_CREDENTIALS };
  const sqs = new SQSClient({
    endpoint: services.messaging.endpoint,
    ...local,
    useQueueUrlAsEndpoint: false,
  });
  const dynamodb = new DynamoDBClient({ endpoint: services.ddb.endpoint, ...local });
  const secretsManager = new SecretsManagerClient({
    endpoint: services.secrets.endpoint,
    ...local,
  });
  const dynamodbStreams = new DynamoDBStreamsClient({ endpoint: services.ddb.endpoint, ...local });
  return {
    sqs,
    dynamodb,
    secretsManager,
    dynamodbStreams,
    destroy() {
      sqs.destroy();
      dynamodb.destroy();
      dynamodbStreams.destroy();
      secretsManager.destroy();
    },
  };
}

function queueUrlsOf(messaging: LocalMessaging): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const queue of Object.values(messaging.queues)) {
    urls[queue.name] = queue.url;
    urls[`${queue.name}Dlq`] = queue.dlqUrl;
  }
  return urls;
}

/**
 * What the stack publishes about itself (`.local/stack.json`, `GET /__local/stack`): where its
 * services listen, its API key and its resources' names.
 *
 * @example
 * ```ts
 * const info = localStackInfo(config, services, { apiKey, streamDlqUrls, startedAt: Date.now() });
 * ```
 */
export function localStackInfo(
  config: LocalConfig,
  services: LocalServices,
  extra: { apiKey: string; streamDlqUrls: Record<string, string>; startedAt: number },
): LocalStackInfo {
  const { ddb, messaging, secrets, kms, gateway, dwolla } = services;
  return {
    apiUrl: gateway.url,
    apiKey: extra.apiKey,
    dynamodbEndpoint: ddb.endpoint,
    sqsEndpoint: messaging.endpoint,
    snsEndpoint: messaging.endpoint,
    secretsManagerEndpoint: secrets.endpoint,
    kmsEndpoint: kms.endpoint,
    tokenVault: config.TOKEN_VAULT,
    tokenKmsKeyId: kms.keyArn,
    tableName: TABLE_NAME,
    topicArn: messaging.topicArn,
    queueUrls: { ...queueUrlsOf(messaging), ...extra.streamDlqUrls },
    dwollaEnvironment: dwolla.environment,
    dwollaApiUrl: dwolla.apiUrl,
    dwollaTokenUrl: dwolla.tokenUrl,
    dwollaAuthorizeUrl: dwolla.authorizeUrl,
    ...(dwolla.simulator ? { simulatorUrl: dwolla.simulator.url } : {}),
    appSecretId: LOCAL_SECRET_IDS.app,
    webhookSecretId: LOCAL_SECRET_IDS.webhook,
    accountSecretPrefix: LOCAL_SECRET_IDS.accountPrefix,
    notificationReceiverUrl: `${gateway.url}${RECEIVER_PATH.replace(/\/$/, '')}`,
    pid: process.pid,
    startedAt: new Date(extra.startedAt).toISOString(),
  };
}
