import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../infra/constructs/dwolla-function.js';
import { AUTHORIZER, FUNCTIONS, type FunctionName, ROUTES } from '../infra/definition.js';
import { signWebhookBody } from '../infra/local/dwolla-simulator/index.js';
import {
  compileRoute,
  toAuthorizerEventV2,
  toProxyEventV2,
} from '../infra/local/gateway-events.js';
import { toSqsEvent } from '../infra/local/pollers.js';
import { scheduledEvent } from '../infra/local/scheduler.js';
import { hashApiKey, keyIdOf } from '../shared/api-keys/index.js';
import { DEFAULT_TENANT_ID, SCOPES, toAuthorizerContext } from '../shared/tenancy/principal.js';
import { bundleEntry } from './bundles.js';
import type { BenchStack } from './local.js';
import { median } from './stats.js';

/** Facts from the corpus run that make the first requests realistic. */
export interface ColdInitSample {
  readonly transferId: string;
  readonly correlationId: string;
  /** One stored transfer event, as Dwolla sent it. */
  readonly transferEventBody: string;
  readonly transferEventTopic: string;
}

/** One function's cold-start figures, medians over the samples (milliseconds). */
export interface ColdInitFigures {
  /** Process start → module imported: what Lambda reports as Init Duration. */
  readonly initMedianMs: number;
  /** Process start → first response (the import and the whole first request). */
  readonly medianMs: number;
  /** The same request, warm: median of the repeats in the same process. */
  readonly warmMedianMs: number;
  /**
   * The cold-start cost: the import plus what the first request pays that a warm one does not
   * (first − warm, never below 0), so a request's own work is not charged as cold start.
   */
  readonly coldMedianMs: number;
  readonly statusCode: number | null;
}

/** Cold-start figures: per function, and the reference's. */
export interface ColdInitResult {
  readonly reference: ColdInitFigures;
  readonly functions: Record<string, ColdInitFigures>;
  readonly samples: number;
}

function httpEvent(
  name: FunctionName,
  url: string,
  body: string,
  headers: Record<string, string>,
  authorizer?: Record<string, unknown>,
) {
  const definition = ROUTES.find((route) => route.function === name)!;
  const route = compileRoute(definition);
  const path = url.split('?')[0]!;
  const request = {
    method: definition.method,
    url,
    headers: { host: 'bench.local', 'content-type': 'application/json', ...headers },
    body: Buffer.from(body),
    sourceIp: '127.0.0.1',
  };
  return toProxyEventV2(request, route, route.match(path) ?? {}, authorizer);
}

/** One representative first request per function (a real id where the function reads one). */
function firstRequests(bench: BenchStack, sample: ColdInitSample): Record<FunctionName, unknown> {
  // The local key's principal: tenant default, every scope (as the authorizer answers it).
  const auth = {
    ...toAuthorizerContext({
      tenantId: DEFAULT_TENANT_ID,
      keyId: keyIdOf(hashApiKey(bench.stack.info.apiKey)),
      keyName: 'local',
      scopes: SCOPES,
    }),
  };
  const webhookBody = JSON.stringify({
    id: crypto.randomUUID(),
    resourceId: crypto.randomUUID(),
    topic: 'customer_created',
    created: new Date().toISOString(),
    _links: {
      self: { href: 'https://api-sandbox.dwolla.com/events/x' },
      resource: { href: 'https://api-sandbox.dwolla.com/customers/x' },
      account: { href: 'https://api-sandbox.dwolla.com/accounts/x' },
    },
  });
  const message = (body: string, topic: string) => ({
    MessageId: crypto.randomUUID(),
    ReceiptHandle: 'bench',
    Body: body,
    MessageAttributes: { topic: { DataType: 'String', StringValue: topic } },
  });
  const authorizerRoute = compileRoute(ROUTES.find((r) => r.function === 'transferGet')!);
  return {
    authorizer: toAuthorizerEventV2(
      {
        method: 'GET',
        url: `/transfers/${sample.transferId}`,
        headers: { host: 'bench.local', [AUTHORIZER.identityHeader]: bench.stack.info.apiKey },
        body: Buffer.alloc(0),
        sourceIp: '127.0.0.1',
      },
      authorizerRoute,
      { id: sample.transferId },
      AUTHORIZER.identityHeader,
    ),
    health: httpEvent('health', '/health', '', {}),
    openapi: httpEvent('openapi', '/openapi.json', '', {}),
    oauthAuthorize: httpEvent('oauthAuthorize', '/oauth/authorize', '{}', {}, auth),
    oauthCallback: httpEvent('oauthCallback', '/oauth/callback?code=x&state=unknown', '', {}),
    accountGet: httpEvent('accountGet', `/accounts/${bench.accountId}`, '', {}, auth),
    // An unknown account: the cold start and the 404 path, without disconnecting anything.
    accountDisconnect: httpEvent('accountDisconnect', '/accounts/unknown-account', '', {}, auth),
    // An invalid body: the cold start and validation path, without creating a transfer.
    transferCreate: httpEvent('transferCreate', '/transfers', '{"amount":"x"}', {}, auth),
    transferGet: httpEvent('transferGet', `/transfers/${sample.transferId}`, '', {}, auth),
    transferSearch: httpEvent(
      'transferSearch',
      `/transfers?correlationId=${sample.correlationId}`,
      '',
      {},
      auth,
    ),
    // A processed leg: Dwolla refuses the cancel, the function answers 4xx.
    transferCancel: httpEvent(
      'transferCancel',
      `/transfers/${sample.transferId}/cancel`,
      '',
      {},
      auth,
    ),
    webhookIntake: httpEvent('webhookIntake', '/webhooks/dwolla', webhookBody, {
      'x-request-signature-sha-256': signWebhookBody(bench.webhookSecret, webhookBody),
    }),
    eventStore: toSqsEvent(
      [message(sample.transferEventBody, sample.transferEventTopic)],
      'arn:aws:sqs:us-east-1:000000000000:bench',
    ),
    transferChain: toSqsEvent(
      [message(sample.transferEventBody, sample.transferEventTopic)],
      'arn:aws:sqs:us-east-1:000000000000:bench',
    ),
    paymentRecords: toSqsEvent(
      [message(sample.transferEventBody, sample.transferEventTopic)],
      'arn:aws:sqs:us-east-1:000000000000:bench',
    ),
    tokenRefreshScheduler: scheduledEvent('token-refresh'),
    tokenRefreshWorker: toSqsEvent(
      [message(JSON.stringify({ accountId: bench.accountId }), 'token-refresh')],
      'arn:aws:sqs:us-east-1:000000000000:bench',
    ),
    reconcile: scheduledEvent('reconcile'),
    webhookEndpoints: httpEvent('webhookEndpoints', '/webhook-endpoints', '', {}, auth),
    // Cold start only: an empty stream batch and an empty queue batch.
    notificationOutbox: { Records: [] },
    notificationDelivery: toSqsEvent([], 'arn:aws:sqs:us-east-1:000000000000:bench'),
  };
}

/** What `bench/cold-driver.ts` prints for one fresh process. */
interface DriverRun {
  readonly initMs: number;
  readonly totalMs: number;
  readonly warmMs: number[];
  readonly statusCode: number | null;
}

/** The figures of one function from its samples (one driver run each). */
function figures(runs: readonly DriverRun[]): ColdInitFigures {
  const warm = runs.map((run) => median(run.warmMs));
  return {
    initMedianMs: median(runs.map((run) => run.initMs)),
    medianMs: median(runs.map((run) => run.totalMs)),
    warmMedianMs: median(warm),
    coldMedianMs: median(
      runs.map((run, index) => run.initMs + Math.max(0, run.totalMs - run.initMs - warm[index]!)),
    ),
    statusCode: runs.at(-1)?.statusCode ?? null,
  };
}

function runDriver(
  driver: string,
  bundle: string,
  eventFile: string,
  memoryMb: number,
  env: NodeJS.ProcessEnv,
): Promise<DriverRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [driver, bundle, eventFile, String(memoryMb)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', () => {
      const line = stdout.split('\n').find((text) => text.startsWith('BENCH_COLD '));
      if (!line) {
        reject(new Error(`cold start of ${bundle} printed no result: ${stderr.slice(0, 500)}`));
        return;
      }
      resolve(JSON.parse(line.slice('BENCH_COLD '.length)));
    });
  });
}

/**
 * Cold init: for each function, `samples` fresh `node` processes that import its bundle and serve
 * one representative request against the running local stack, then the same request warm a few
 * times, interleaved with the same number of runs of the reference function (SQS client + one
 * SendMessage). Medians. `names` narrows the run to some functions (all by default).
 *
 * @example
 * ```ts
 * const cold = await measureColdInit(bench, sample, 'bench/.tmp', 10);
 * cold.functions.webhookIntake.coldMedianMs / cold.reference.coldMedianMs;
 * ```
 */
export async function measureColdInit(
  bench: BenchStack,
  sample: ColdInitSample,
  tmpDir: string,
  samples: number,
  names: readonly FunctionName[] = Object.keys(FUNCTIONS) as FunctionName[],
): Promise<ColdInitResult> {
  const dir = join(tmpDir, 'cold');
  await mkdir(dir, { recursive: true });
  const driver = join(dir, 'cold-driver.mjs');
  await build({
    entryPoints: [join(PROJECT_ROOT, 'bench/cold-driver.ts')],
    outfile: driver,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
  const reference = join(dir, 'reference.mjs');
  await bundleEntry('bench/reference-function.ts', reference);
  const { QueueUrl } = await bench.sqs.send(
    new CreateQueueCommand({ QueueName: 'dwolla-serverless-bench-reference' }),
  );
  // Each process gets what Lambda would give it: region and credentials (this process's), the
  // function's own variables and the stack's endpoints, as the local runtime imports it with.
  const platform = {
    ...process.env,
    POWERTOOLS_METRICS_DISABLED: 'true',
    LOG_LEVEL: 'SILENT',
  };
  const referenceEnv = {
    ...platform,
    AWS_ENDPOINT_URL_SQS: bench.stack.info.sqsEndpoint,
    BENCH_REFERENCE_QUEUE_URL: QueueUrl,
  };
  const envOf = (name: FunctionName) => ({ ...platform, ...bench.stack.environmentOf(name) });
  const events = firstRequests(bench, sample);
  const referenceEvent = join(dir, 'reference.json');
  await writeFile(referenceEvent, '{}');
  const eventFiles = new Map<FunctionName, string>();
  for (const name of names) {
    const file = join(dir, `${name}.json`);
    await writeFile(file, JSON.stringify(events[name]));
    eventFiles.set(name, file);
  }
  const runs = new Map<string, DriverRun[]>();
  const record = (key: string, run: DriverRun) => {
    runs.set(key, [...(runs.get(key) ?? []), run]);
  };
  // The intake first, then the others: every round is reference, intake, reference, the rest,
  // so the intake/reference pair is interleaved and any drift hits both alike.
  const ordered: FunctionName[] = [
    ...names.filter((n) => n === 'webhookIntake'),
    ...names.filter((n) => n !== 'webhookIntake'),
  ];
  for (let round = 0; round < samples; round++) {
    for (const [index, name] of ordered.entries()) {
      if (index < 2) {
        record('reference', await runDriver(driver, reference, referenceEvent, 128, referenceEnv));
      }
      const run = await runDriver(
        driver,
        join(tmpDir, `${name}.mjs`),
        eventFiles.get(name)!,
        FUNCTIONS[name].memoryMb,
        envOf(name),
      );
      record(name, run);
    }
  }
  return {
    reference: figures(runs.get('reference')!),
    functions: Object.fromEntries(names.map((name) => [name, figures(runs.get(name)!)])),
    samples,
  };
}

/** One of the cold-start measures of {@link ColdInitFigures}. */
export type ColdMeasure = 'coldMedianMs' | 'initMedianMs' | 'medianMs';

/**
 * The function with the highest ratio to the reference on one measure.
 *
 * @example
 * ```ts
 * const { name, ratio } = worstRatio(cold, 'coldMedianMs');
 * ```
 */
export function worstRatio(
  cold: ColdInitResult,
  measure: ColdMeasure,
): { name: string; ratio: number } {
  return Object.entries(cold.functions)
    .map(([name, value]) => ({ name, ratio: value[measure] / cold.reference[measure] }))
    .reduce((worst, next) => (next.ratio > worst.ratio ? next : worst));
}
