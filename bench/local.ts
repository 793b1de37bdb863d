import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { PROJECT_ROOT } from '../infra/constructs/dwolla-function.js';
import { loadLocalConfig } from '../infra/local/config.js';
import type { ScenarioName, ScenarioResult } from '../infra/local/dwolla-simulator/index.js';
import { type LocalStack, startLocalStack } from '../infra/local/stack.js';
import type { TokenVaultName } from '../shared/config/runtime.js';
import { decideAtSimulator, simControl as simulatorControl } from '../test/support/simulator.js';

/**
 * The bench's handle on the local stack (`infra/local/stack.ts`, the same stack `npm start`
 * runs): the stack, the simulator's control URL, and the connected Dwolla account.
 */
export interface BenchStack {
  readonly stack: LocalStack;
  readonly simulatorUrl: string;
  readonly accountId: string;
  readonly webhookSecret: string;
  readonly sqs: SQSClient;
  /** Stops the stack and the simulator process. */
  stop(): Promise<void>;
}

interface SimulatorProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly tokenUrl: string;
  readonly authorizeUrl: string;
}

/** Starts `bench/simulator-process.ts` under tsx and waits for its URLs. */
function startSimulatorProcess(credentials: {
  clientId: string;
  clientSecret: string;
  webhookSecret: string;
}): Promise<SimulatorProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(PROJECT_ROOT, 'bench/simulator-process.ts')],
    {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        BENCH_SIM_CLIENT_ID: credentials.clientId,
        BENCH_SIM_CLIENT_SECRET: credentials.clientSecret,
        BENCH_SIM_WEBHOOK_SECRET: credentials.webhookSecret,
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the simulator process exited (${code})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const line = buffered.split('\n').find((text) => text.startsWith('BENCH_SIM '));
      if (line) resolve({ child, ...JSON.parse(line.slice('BENCH_SIM '.length)) });
    });
  });
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/**
 * Starts the Dwolla simulator in its own process, then the local stack against it (random
 * ports, no scheduler, 5-s visibility timeouts so a crashed batch comes back quickly, 10
 * concurrent batches per queue), subscribes the stack's webhook URL, silences function logs and
 * EMF metrics (the bench prints its own table), and connects one Dwolla account through the
 * real OAuth flow.
 *
 * @example
 * ```ts
 * const bench = await startBenchStack();
 * await bench.stop();
 * ```
 */
export async function startBenchStack(
  options: { tokenVault?: TokenVaultName } = {},
): Promise<BenchStack> {
  process.env.LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const credentials = {
    clientId: `bench-${randomBytes(6).toString('hex')}`,
    clientSecret: randomBytes(24).toString('base64url'),
    webhookSecret: randomBytes(24).toString('base64url'),
  };
  const simulator = await startSimulatorProcess(credentials);
  const stack = await startLocalStack({
    config: loadLocalConfig({
      DWOLLA_API_URL: simulator.url,
      DWOLLA_TOKEN_URL: simulator.tokenUrl,
      DWOLLA_AUTHORIZE_URL: simulator.authorizeUrl,
      DWOLLA_CLIENT_ID: credentials.clientId,
      DWOLLA_CLIENT_SECRET: credentials.clientSecret,
      DWOLLA_WEBHOOK_SECRET: credentials.webhookSecret,
      ...(options.tokenVault ? { TOKEN_VAULT: options.tokenVault } : {}),
    }),
    rootDir: PROJECT_ROOT,
    port: 0,
    scheduler: false,
    visibilityTimeoutSeconds: 5,
    // Lambda runs many batches of a queue at once; the local default of 2 would make the
    // pollers, not the functions, the bottleneck of the throughput figure.
    pollerConcurrency: 10,
    log: () => undefined,
  });
  const simulatorUrl = simulator.url;
  const webhookSecret = credentials.webhookSecret;
  const subscribed = await fetch(`${simulatorUrl}/__sim/webhook-subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${stack.info.apiUrl}/webhooks/dwolla`, secret: webhookSecret }),
  });
  if (subscribed.status !== 201) throw new Error(`webhook subscription: ${subscribed.status}`);
  const accountId = await connectAccount(stack);
  const sqs = new SQSClient({
    endpoint: stack.info.sqsEndpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    useQueueUrlAsEndpoint: false,
  });
  const stop = async () => {
    await stack.stop();
    sqs.destroy();
    simulator.child.removeAllListeners('exit');
    simulator.child.stdin?.end();
    simulator.child.kill();
  };
  return { stack, simulatorUrl, accountId, webhookSecret, sqs, stop };
}

/** The OAuth connect flow, as a browser does it: our authorize → the simulator's Allow → our callback. */
async function connectAccount(stack: LocalStack): Promise<string> {
  const { apiUrl, apiKey } = stack.info;
  const started = await fetch(`${apiUrl}/oauth/authorize`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ returnTo: `${apiUrl}/connected` }),
  });
  if (started.status !== 200) throw new Error(`authorize answered ${started.status}`);
  const { authorizeUrl } = (await started.json()) as { authorizeUrl: string };
  const callback = await fetch(await decideAtSimulator(authorizeUrl), { redirect: 'manual' });
  const back = new URL(callback.headers.get('location') ?? '', apiUrl);
  const accountId = back.searchParams.get('accountId');
  if (!accountId) throw new Error(`OAuth connect failed: ${back.search}`);
  return accountId;
}

/**
 * A `POST` to one of the simulator's `/__sim` controls.
 *
 * @example
 * ```ts
 * await simControl(bench, '/__sim/chaos', { duplicateRate: 0.3 });
 * ```
 */
export function simControl<T>(bench: BenchStack, path: string, body: unknown = {}): Promise<T> {
  return simulatorControl<T>(bench.simulatorUrl, path, body);
}

/**
 * A `GET` of one of the simulator's `/__sim` views (`/__sim/requests`, `/__sim/events`).
 *
 * @example
 * ```ts
 * const events = await simView<unknown[]>(bench, '/__sim/events');
 * ```
 */
export async function simView<T>(bench: BenchStack, path: string): Promise<T> {
  return (await (await fetch(`${bench.simulatorUrl}${path}`)).json()) as T;
}

/**
 * Runs one documented scenario at the simulator for the connected account; its webhooks start
 * flowing to the local gateway at once.
 *
 * @example
 * ```ts
 * const result = await runScenario(bench, 'verified-to-verified');
 * ```
 */
export function runScenario(bench: BenchStack, name: ScenarioName): Promise<ScenarioResult> {
  return simControl<ScenarioResult>(bench, `/__sim/scenarios/${name}`, {
    accountId: bench.accountId,
    correlationId: `bench-${randomUUID()}`,
  });
}

/**
 * Lets the simulator deliver every due webhook, then waits for every queue to drain.
 *
 * @example
 * ```ts
 * await settle(bench);
 * ```
 */
export async function settle(bench: BenchStack, timeoutMs = 120_000): Promise<void> {
  await simControl(bench, '/__sim/flush');
  if (!(await bench.stack.waitForIdle(timeoutMs))) {
    throw new Error(`the local stack did not drain within ${timeoutMs} ms`);
  }
}
