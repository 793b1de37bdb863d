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

/** Cold-start figures: per function, and the intake against the reference. */
export interface ColdInitResult {
  readonly referenceMedianMs: number;
  /** The reference's import alone (Lambda's "Init Duration" part), median. */
  readonly referenceInitMedianMs: number;
  /**
   * Per function: process start → first response (`medianMs`), and → module imported
   * (`initMedianMs`: what Lambda reports as Init Duration, before any request work).
   */
  readonly functions: Record<
    string,
    { medianMs: number; initMedianMs: number; statusCode: number | null }
  >;
  readonly intakeRatio: number;
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

function runDriver(
  driver: string,
  bundle: string,
  eventFile: string,
  memoryMb: number,
  env: NodeJS.ProcessEnv,
): Promise<{ initMs: number; totalMs: number; statusCode: number | null }> {
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
 * one representative request against the running local stack, interleaved with the same number
 * of runs of the reference function (SQS client + one SendMessage). Medians.
 *
 * @example
 * ```ts
 * const cold = await measureColdInit(bench, sample, 'bench/.tmp', 10);
 * cold.intakeRatio;
 * ```
 */
export async function measureColdInit(
  bench: BenchStack,
  sample: ColdInitSample,
  tmpDir: string,
  samples: number,
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
  const env = {
    ...process.env,
    BENCH_REFERENCE_QUEUE_URL: QueueUrl,
    POWERTOOLS_METRICS_DISABLED: 'true',
    LOG_LEVEL: 'SILENT',
  };
  const events = firstRequests(bench, sample);
  const referenceEvent = join(dir, 'reference.json');
  await writeFile(referenceEvent, '{}');
  const names = Object.keys(FUNCTIONS) as FunctionName[];
  const eventFiles = new Map<FunctionName, string>();
  for (const name of names) {
    const file = join(dir, `${name}.json`);
    await writeFile(file, JSON.stringify(events[name]));
    eventFiles.set(name, file);
  }
  const timings = new Map<string, number[]>();
  const statuses = new Map<string, number | null>();
  const record = (key: string, totalMs: number) => {
    const list = timings.get(key) ?? [];
    list.push(totalMs);
    timings.set(key, list);
  };
  // The intake first, then the others: every round is reference, intake, reference, the rest,
  // so the intake/reference pair is interleaved and any drift hits both alike.
  const ordered: FunctionName[] = ['webhookIntake', ...names.filter((n) => n !== 'webhookIntake')];
  for (let round = 0; round < samples; round++) {
    for (const [index, name] of ordered.entries()) {
      if (index < 2) {
        const ref = await runDriver(driver, reference, referenceEvent, 128, env);
        record('reference', ref.totalMs);
        record('reference#init', ref.initMs);
      }
      const run = await runDriver(
        driver,
        join(tmpDir, `${name}.mjs`),
        eventFiles.get(name)!,
        FUNCTIONS[name].memoryMb,
        env,
      );
      record(name, run.totalMs);
      record(`${name}#init`, run.initMs);
      statuses.set(name, run.statusCode);
    }
  }
  const referenceMedianMs = median(timings.get('reference')!);
  const functions = Object.fromEntries(
    names.map((name) => [
      name,
      {
        medianMs: median(timings.get(name)!),
        initMedianMs: median(timings.get(`${name}#init`)!),
        statusCode: statuses.get(name) ?? null,
      },
    ]),
  );
  return {
    referenceMedianMs,
    referenceInitMedianMs: median(timings.get('reference#init')!),
    functions,
    intakeRatio: functions.webhookIntake!.medianMs / referenceMedianMs,
    samples,
  };
}
