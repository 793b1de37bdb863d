import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  FUNCTIONS,
  type FunctionDefinition,
  type FunctionName,
  NOTIFICATION_RETRY_DELAYS_SECONDS,
  QUEUES,
  type QueueDefinition,
  type QueueName,
  SCHEDULES,
  type ScheduleName,
  TABLE_STREAMS,
} from '../../infra/definition.js';
import { generateApiKey } from '../../shared/api-keys/index.js';
import { functionEnvironment } from '../function-environment.js';
import { accessCheckHooks } from './access-check.js';
import { bundledFunctions } from './bundles.js';
import type { LocalConfig } from './config.js';
import { type DwollaTarget, startDwollaTarget } from './dwolla-target.js';
import { createAppTable, type LocalDynamoDb, startDynamoDbLocal } from './dynamodb.js';
import { UnknownNameError } from './errors.js';
import { type LocalGateway, startGateway } from './gateway.js';
import { type LocalKms, startKmsServer } from './kms-server.js';
import {
  createLambdaRuntime,
  type FunctionEnvironmentOf,
  type LambdaRuntime,
} from './lambda-runtime.js';
import { RECEIVER_PATH } from './notification-receiver.js';
import { LOCAL_PAGES } from './pages/index.js';
import { type QueuePoller, startQueuePoller } from './pollers.js';
import { type LocalMessaging, startMessaging } from './queues.js';
import { type LocalScheduler, scheduledEvent, startScheduler } from './scheduler.js';
import { type LocalSecretsManager, startSecretsManagerServer } from './secrets-manager-server.js';
import { LOCAL_SECRET_IDS, seedLocalStack } from './seed.js';
import {
  endpointEnvironment,
  environmentValues,
  LOCAL_CREDENTIALS,
  PLATFORM_ENVIRONMENT,
  TABLE_NAME,
} from './stack-environment.js';
import type { LocalStackInfo } from './stack-file.js';
import { type StreamPoller, startStreamPoller } from './stream-poller.js';

/** How to start the local stack. */
export interface LocalStackOptions {
  /** Validated `npm start` configuration (`loadLocalConfig`). */
  readonly config: LocalConfig;
  /** Project root: entry files of `infra/definition.ts` are resolved from here. */
  readonly rootDir: string;
  /** Gateway port; defaults to `config.PORT`; 0 picks a random free port. */
  readonly port?: number;
  /** Keep DynamoDB data in this directory instead of in memory. */
  readonly persistDir?: string;
  /** Run the schedules of `SCHEDULES` (default true; tests turn it off). */
  readonly scheduler?: boolean;
  /** Overrides every queue's visibility timeout (tests use a few seconds). */
  readonly visibilityTimeoutSeconds?: number;
  /** Concurrent pollers per queue (default 2: Lambda also runs batches in parallel). */
  readonly pollerConcurrency?: number;
  /**
   * Waits between notification attempts, seconds (default: the definition's local schedule;
   * tests compress it further). As many entries as the definition's schedules.
   */
  readonly notificationRetryDelaysSeconds?: readonly number[];
  /**
   * Run the esbuild bundles `cdk deploy` uploads (built with the construct's `LAMBDA_BUNDLING`,
   * into a fresh temporary directory) instead of the TypeScript sources.
   */
  readonly bundled?: boolean;
  /** Where the stack's own messages go (function logs go to stdout as in Lambda). */
  readonly log?: (line: string) => void;
}

/** A running local stack. */
export interface LocalStack {
  readonly info: LocalStackInfo;
  readonly runtime: LambdaRuntime;
  /** The variables a function is started with: its definition's and the stack's endpoints. */
  readonly environmentOf: FunctionEnvironmentOf;
  /** Milliseconds from start to ready. */
  readonly startupMs: number;
  /**
   * Resolves `true` once every queue is empty and no function runs (checked twice in a row),
   * `false` if that did not happen within `timeoutMs`.
   */
  waitForIdle(timeoutMs?: number): Promise<boolean>;
  /** Runs a scheduled job once, as its schedule would; resolves with the function's result. */
  runJob(name: string): Promise<unknown>;
  /** Stops everything it started; safe to call twice. */
  stop(): Promise<void>;
}

const RESOURCE_PREFIX = 'dwolla-serverless';

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
 * Concurrent pollers of a queue: its `maxConcurrency` (capped: every local poller long-polls
 * fauxqs in this one process), else the stack's default.
 */
const MAX_LOCAL_POLLERS = 8;
function pollersFor(definition: QueueDefinition, fallback: number): number {
  return definition.maxConcurrency === undefined
    ? fallback
    : Math.min(definition.maxConcurrency, MAX_LOCAL_POLLERS);
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
 * Starts the whole local stack from `infra/definition.ts`: DynamoDB Local, fauxqs (topic,
 * queues, DLQs, subscriptions), the local Secrets Manager, the Dwolla simulator (unless every
 * Dwolla URL is overridden), the gateway, the queue pollers and the scheduler. Used by
 * `npm start` and by the integration tests' global setup, so both run the same stack.
 *
 * @example
 * ```ts
 * const stack = await startLocalStack({ config: loadLocalConfig(), rootDir: process.cwd() });
 * console.log(stack.info.apiUrl);
 * await stack.stop();
 * ```
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const startedAt = Date.now();
  const { config } = options;
  const log = options.log ?? ((line: string) => console.log(`[local] ${line}`));

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
      startGateway({ port: options.port ?? config.PORT }),
      startDwollaTarget(config),
    ],
    async (started) => {
      const component = started as { stop?: () => Promise<void>; close?: () => Promise<void> };
      if (component.stop) await component.stop();
      else if (component.close) await component.close();
      else await (started as DwollaTarget).simulator?.close();
    },
  );

  const pollers: Array<QueuePoller | StreamPoller> = [];
  let scheduler: LocalScheduler | undefined;
  let stopped = false;
  let bundleDir: string | undefined;
  const sqs = new SQSClient({
    endpoint: messaging.endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    useQueueUrlAsEndpoint: false,
  });
  const dynamodb = new DynamoDBClient({
    endpoint: ddb.endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
  const secretsManager = new SecretsManagerClient({
    endpoint: secrets.endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
  const dynamodbStreams = new DynamoDBStreamsClient({
    endpoint: ddb.endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    scheduler?.stop();
    await Promise.allSettled(pollers.map((poller) => poller.stop()));
    await Promise.allSettled([
      gateway.close(),
      dwolla.simulator?.close() ?? Promise.resolve(),
      messaging.stop(),
      secrets.close(),
      kms.stop(),
      ddb.stop(),
    ]);
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
    sqs.destroy();
    dynamodb.destroy();
    dynamodbStreams.destroy();
    secretsManager.destroy();
  };

  try {
    const apiKey = config.APP_API_KEY ?? generateApiKey();
    await createAppTable(dynamodb, TABLE_NAME);
    await seedLocalStack({
      secretsManager,
      ddb: DynamoDBDocumentClient.from(dynamodb),
      tableName: TABLE_NAME,
      clientId: dwolla.clientId,
      clientSecret: dwolla.clientSecret,
      webhookSecret: dwolla.webhookSecret,
      apiKey,
    });

    Object.assign(process.env, PLATFORM_ENVIRONMENT);
    const endpoints = endpointEnvironment({ ddb, messaging, secrets, kms });
    const values = environmentValues({
      config,
      apiUrl: gateway.url,
      gatewayPort: gateway.port,
      messaging,
      kms,
      dwolla,
      notificationRetryDelaysSeconds:
        options.notificationRetryDelaysSeconds ?? NOTIFICATION_RETRY_DELAYS_SECONDS.local,
    });
    let functions: Readonly<Record<FunctionName, FunctionDefinition>> = FUNCTIONS;
    if (options.bundled) {
      const bundles = await bundledFunctions(config, log);
      bundleDir = bundles.dir;
      functions = bundles.functions;
    }
    const environmentOf: FunctionEnvironmentOf = (name) => ({
      ...endpoints,
      ...functionEnvironment(name as FunctionName, values),
    });
    // Entry files read their configuration once, at import: each with only its own variables.
    const runtime = createLambdaRuntime({
      rootDir: options.rootDir,
      functions,
      environmentOf,
      // Each function's SDK clients refuse what its definition does not grant, as its role would.
      clientHookOf: accessCheckHooks({ values, kmsTableVault: config.TOKEN_VAULT === 'kms-table' }),
    });

    // Lambda's on-failure destination of the stream mapping: a plain queue, described batches.
    const streamDlqUrls: Record<string, string> = {};
    for (const name of Object.keys(TABLE_STREAMS)) {
      const { QueueUrl } = await sqs.send(
        new CreateQueueCommand({ QueueName: `${RESOURCE_PREFIX}-${name}-stream-dlq` }),
      );
      streamDlqUrls[`${name}StreamDlq`] = QueueUrl!;
    }

    const info: LocalStackInfo = {
      apiUrl: gateway.url,
      apiKey,
      dynamodbEndpoint: ddb.endpoint,
      sqsEndpoint: messaging.endpoint,
      snsEndpoint: messaging.endpoint,
      secretsManagerEndpoint: secrets.endpoint,
      kmsEndpoint: kms.endpoint,
      tokenVault: config.TOKEN_VAULT,
      tokenKmsKeyId: kms.keyArn,
      tableName: TABLE_NAME,
      topicArn: messaging.topicArn,
      queueUrls: { ...queueUrlsOf(messaging), ...streamDlqUrls },
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
      startedAt: new Date(startedAt).toISOString(),
    };

    const queues = Object.values(messaging.queues);
    const waitForIdle = async (timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      let quietChecks = 0;
      while (Date.now() < deadline) {
        const busy =
          runtime.inFlight > 0 ||
          pollers.some((poller) => poller.busy) ||
          queues.some((queue) => messaging.pendingCount(queue.physicalName, queue.definition) > 0);
        quietChecks = busy ? 0 : quietChecks + 1;
        if (quietChecks >= 3) return true;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return false;
    };
    const jobNames = Object.keys(SCHEDULES);
    const runJob = async (name: string) => {
      const schedule = SCHEDULES[name as ScheduleName];
      if (!schedule) throw new UnknownNameError('job', name, jobNames);
      return runtime.invoke(schedule.function, scheduledEvent(name));
    };

    gateway.activate({
      runtime,
      stack: info,
      pages: LOCAL_PAGES,
      runJob,
      waitForIdle,
      jobNames,
      log,
    });

    if (dwolla.simulator) {
      await dwolla.simulator.subscribeWebhooks(
        `${gateway.url}/webhooks/dwolla`,
        dwolla.webhookSecret,
      );
    }

    for (const [name, queue] of Object.entries(messaging.queues) as Array<
      [QueueName, (typeof messaging.queues)[QueueName]]
    >) {
      const consumer: FunctionName = QUEUES[name].consumer;
      pollers.push(
        startQueuePoller({
          sqs,
          queueUrl: queue.url,
          queueArn: queue.arn,
          batchSize: queue.definition.batchSize,
          concurrency: pollersFor(queue.definition, options.pollerConcurrency ?? 2),
          invoke: (event) => runtime.invoke(consumer, event),
          onError: (error) => log(`${consumer} batch failed: ${(error as Error).message}`),
        }),
      );
    }
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: TABLE_NAME }));
    for (const [name, stream] of Object.entries(TABLE_STREAMS)) {
      const consumer: FunctionName = stream.consumer;
      pollers.push(
        startStreamPoller({
          streams: dynamodbStreams,
          streamArn: Table!.LatestStreamArn!,
          batchSize: stream.batchSize,
          maxRetryAttempts: stream.maxRetryAttempts,
          filterPatterns: stream.filterPatterns,
          invoke: (event) => runtime.invoke(consumer, event),
          onFailure: { sqs, queueUrl: streamDlqUrls[`${name}StreamDlq`]! },
          onError: (error) => log(`${consumer} stream batch failed: ${(error as Error).message}`),
        }),
      );
    }
    if (options.scheduler !== false) {
      scheduler = startScheduler({
        schedules: SCHEDULES,
        invoke: (name, event) => runtime.invoke(name, event),
        onError: (name, error) => log(`schedule ${name} failed: ${(error as Error).message}`),
      });
    }

    return {
      info,
      runtime,
      environmentOf,
      startupMs: Date.now() - startedAt,
      waitForIdle,
      runJob,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
