import { rm } from 'node:fs/promises';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  FUNCTIONS,
  type FunctionDefinition,
  type FunctionName,
  NOTIFICATION_RETRY_DELAYS_SECONDS,
  SCHEDULES,
  type ScheduleName,
} from '../../infra/definition.js';
import { generateApiKey } from '../../shared/api-keys/index.js';
import { functionEnvironment } from '../function-environment.js';
import { accessCheckHooks } from './access-check.js';
import { createAppTable } from './app-table.js';
import { bundledFunctions } from './bundles.js';
import type { LocalConfig } from './config.js';
import type { DwollaTarget } from './dwolla-target.js';
import { UnknownNameError } from './errors.js';
import {
  createLambdaRuntime,
  type FunctionEnvironmentOf,
  type LambdaRuntime,
} from './lambda-runtime.js';
import { LOCAL_PAGES } from './pages/index.js';
import type { EventSourcePoller } from './pollers.js';
import { type LocalScheduler, scheduledEvent, startScheduler } from './scheduler.js';
import { seedLocalStack } from './seed.js';
import { createStreamDlqs, idleWaiter, startConsumers } from './stack-consumers.js';
import {
  endpointEnvironment,
  environmentValues,
  PLATFORM_ENVIRONMENT,
  TABLE_NAME,
} from './stack-environment.js';
import type { LocalStackInfo } from './stack-file.js';
import {
  type LocalClients,
  type LocalServices,
  localClients,
  localStackInfo,
  startLocalServices,
  stopLocalServices,
} from './stack-services.js';

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

/** Creates the app's table and seeds it and the secrets with the app's credentials and API key. */
async function seedData(
  clients: LocalClients,
  dwolla: DwollaTarget,
  apiKey: string,
): Promise<void> {
  await createAppTable(clients.dynamodb, TABLE_NAME);
  await seedLocalStack({
    secretsManager: clients.secretsManager,
    ddb: DynamoDBDocumentClient.from(clients.dynamodb),
    tableName: TABLE_NAME,
    clientId: dwolla.clientId,
    clientSecret: dwolla.clientSecret,
    webhookSecret: dwolla.webhookSecret,
    apiKey,
  });
}

/** The runtime of `functions` (the definition's, or their bundles), and each one's environment. */
function createRuntime(
  options: LocalStackOptions,
  services: LocalServices,
  functions: Readonly<Record<FunctionName, FunctionDefinition>>,
): { runtime: LambdaRuntime; environmentOf: FunctionEnvironmentOf } {
  const { config } = options;
  const { ddb, messaging, secrets, kms, gateway, dwolla } = services;
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
  return { runtime, environmentOf };
}

/** The stack's `runJob`: runs a scheduled job once, as its schedule would. */
function jobRunner(runtime: LambdaRuntime): (name: string) => Promise<unknown> {
  return async (name: string) => {
    const schedule = SCHEDULES[name as ScheduleName];
    if (!schedule) throw new UnknownNameError('job', name, Object.keys(SCHEDULES));
    return runtime.invoke(schedule.function, scheduledEvent(name));
  };
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

  const services = await startLocalServices(options);
  const { messaging, gateway, dwolla } = services;
  const clients = localClients(services);
  const pollers: EventSourcePoller[] = [];
  let scheduler: LocalScheduler | undefined;
  let stopped = false;
  let bundleDir: string | undefined;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    scheduler?.stop();
    await Promise.allSettled(pollers.map((poller) => poller.stop()));
    await stopLocalServices(services);
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
    clients.destroy();
  };

  try {
    const apiKey = config.APP_API_KEY ?? generateApiKey();
    await seedData(clients, dwolla, apiKey);
    Object.assign(process.env, PLATFORM_ENVIRONMENT);
    const bundles = options.bundled ? await bundledFunctions(config, log) : undefined;
    bundleDir = bundles?.dir;
    const { runtime, environmentOf } = createRuntime(
      options,
      services,
      bundles?.functions ?? FUNCTIONS,
    );
    const streamDlqUrls = await createStreamDlqs(clients.sqs);
    const info = localStackInfo(config, services, { apiKey, streamDlqUrls, startedAt });
    const waitForIdle = idleWaiter(runtime, pollers, messaging);
    const runJob = jobRunner(runtime);

    gateway.activate({
      runtime,
      stack: info,
      pages: LOCAL_PAGES,
      runJob,
      waitForIdle,
      jobNames: Object.keys(SCHEDULES),
      log,
    });
    if (dwolla.simulator) {
      await dwolla.simulator.subscribeWebhooks(
        `${gateway.url}/webhooks/dwolla`,
        dwolla.webhookSecret,
      );
    }
    await startConsumers(
      {
        clients,
        messaging,
        runtime,
        streamDlqUrls,
        pollerConcurrency: options.pollerConcurrency ?? 2,
        log,
      },
      pollers,
    );
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
