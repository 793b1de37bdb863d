import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { BatchGetCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { PROJECT_ROOT } from '../infra/constructs/dwolla-function.js';
import { QUEUES, type QueueName } from '../infra/definition.js';
import { redriveDlq } from '../infra/local/dlq-redrive.js';
import { SCENARIO_NAMES, type ScenarioResult } from '../infra/local/dwolla-simulator/index.js';
import { keys } from '../shared/adapters/dynamodb/table-design.js';
import { CHAOS_RECEIVER, startChaosInbox } from './chaos-notifications.js';
import { InjectedFaultError, ProcessorCrashError } from './errors.js';
import { type AwsCall, type InvokeInterceptor, instrumentRuntime } from './instrumentation.js';
import { type BenchStack, runScenario, simControl, simView } from './local.js';
import { note, out, printTable, zeroRow } from './report.js';

/** The chaos settings: at least 10,000 deliveries, shuffled, duplicated and delayed. */
export const CHAOS = {
  targetDeliveries: 10_000,
  duplicateRate: 0.3,
  /** Dwolla 429/500 on this share of enrichment GETs (simulator `failRate`). */
  dwollaFailRate: 0.05,
  /** SNS Publish failures at intake: the intake answers 5xx and the simulator retries. */
  publishFailRate: 0.01,
  /** Processor crashes mid-batch (transfer-chain batches of at least 4 records). */
  processorCrashes: 3,
} as const;

/** `bench/chaos.json`. */
export interface ChaosReport {
  readonly deliveries: number;
  readonly distinctEvents: number;
  readonly stored: number;
  readonly storedTwice: number;
  readonly lost: number;
  readonly wrongLegs: number;
  readonly dlqAfterRedrive: number;
  readonly notificationsMissing: number;
  readonly notificationsRedeliveredAfter2xx: number;
  readonly [detail: string]: unknown;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the simulator has nothing left to deliver (including its compressed retries of
 * refused deliveries) and the stack is idle: two quiet checks in a row with no new delivery.
 */
async function waitForQuiet(bench: BenchStack, deliveries: () => number): Promise<void> {
  let last = -1;
  let quiet = 0;
  while (quiet < 2) {
    await simControl(bench, '/__sim/flush');
    await bench.stack.waitForIdle(300_000);
    await sleep(2_000);
    const now = deliveries();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

async function dlqDepth(bench: BenchStack): Promise<number> {
  let total = 0;
  for (const name of Object.keys(QUEUES) as QueueName[]) {
    const { Attributes } = await bench.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: bench.stack.info.queueUrls[`${name}Dlq`],
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    total +=
      Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  }
  return total;
}

/**
 * `npm run bench -- --chaos`: ~10,000 signed webhook deliveries generated from the simulator's
 * scenarios, 30 % duplicated, shuffled, 10 at a time (the simulator's sender), with Dwolla
 * 429/500 on 5 % of enrichment GETs, 1 % of intake publishes failing (the simulator retries) and
 * processor crashes mid-batch; every leg owned by the bench tenant, whose endpoint (the chaos
 * receiver) refuses each notification once and answers late; then drain, redrive the DLQs, and
 * count from DynamoDB and from what the receiver acknowledged.
 *
 * @example
 * ```ts
 * const report = await runChaos(bench, calls, fault);
 * report.lost; // 0
 * ```
 */
export async function runChaos(
  bench: BenchStack,
  calls: AwsCall[],
  fault: { current?: (client: string, command: string) => Error | undefined },
): Promise<ChaosReport> {
  const log = (line: string) => note(`chaos: ${line}`);
  const interceptor: { current?: InvokeInterceptor } = {};
  const stats = instrumentRuntime(bench.stack.runtime, interceptor);
  const deliveries = () => stats.get('webhookIntake')?.invocations ?? 0;
  const eventsBefore = (await simView<unknown[]>(bench, '/__sim/events')).length;
  const callsBefore = calls.length;
  const started = performance.now();
  const inbox = await startChaosInbox(bench);

  let crashes = 0;
  interceptor.current = (name, event, invoke) => {
    const records = (event as SQSEvent).Records;
    if (name !== 'transferChain' || crashes >= CHAOS.processorCrashes || records.length < 4) {
      return undefined;
    }
    crashes += 1;
    const processed = Math.floor(records.length / 2);
    return invoke({ Records: records.slice(0, processed) }).then(() => {
      throw new ProcessorCrashError(name, processed, records.length);
    });
  };
  let injectedPublishFailures = 0;
  fault.current = (client, command) => {
    if (client !== 'SNSClient' || command !== 'PublishCommand') return undefined;
    if (Math.random() >= CHAOS.publishFailRate) return undefined;
    injectedPublishFailures += 1;
    return new InjectedFaultError(client, command);
  };
  await simControl(bench, '/__sim/chaos', {
    duplicateRate: CHAOS.duplicateRate,
    shuffle: true,
    failRate: CHAOS.dwollaFailRate,
  });

  // Scenarios are generated until the events they emitted (the customers they create emit
  // events too), each delivered once plus the duplicates, make the target number of deliveries.
  const scenarios: ScenarioResult[] = [];
  const emitted = async () =>
    (await simView<{ events: number }>(bench, '/__sim')).events - eventsBefore;
  while ((await emitted()) * (1 + CHAOS.duplicateRate) < CHAOS.targetDeliveries) {
    for (const name of SCENARIO_NAMES) scenarios.push(await runScenario(bench, name));
    if (scenarios.length % (SCENARIO_NAMES.length * 10) === 0) {
      log(`${scenarios.length} scenarios, ${deliveries()} deliveries so far`);
    }
  }
  log(`generated ${scenarios.length} scenarios; waiting for the pipeline to drain`);
  await waitForQuiet(bench, deliveries);

  fault.current = undefined;
  interceptor.current = undefined;
  await simControl(bench, '/__sim/chaos', {});
  const dlqBeforeRedrive = await dlqDepth(bench);
  let redriven = 0;
  for (const name of Object.keys(QUEUES) as QueueName[]) {
    redriven += await redriveDlq({
      sqs: bench.sqs,
      dlqUrl: bench.stack.info.queueUrls[`${name}Dlq`]!,
      queueUrl: bench.stack.info.queueUrls[name]!,
    });
  }
  await bench.stack.waitForIdle(300_000);
  const dlqAfterRedrive = await dlqDepth(bench);
  const elapsedMs = performance.now() - started;

  log('counting from DynamoDB');
  const emittedEvents = (await simView<{ id: string }[]>(bench, '/__sim/events')).slice(
    eventsBefore,
  );
  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: bench.stack.info.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const storedCount = new Map<string, number>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new ScanCommand({
        TableName: bench.stack.info.tableName,
        FilterExpression: 'begins_with(sk, :event)',
        ExpressionAttributeValues: { ':event': 'EVENT#' },
        ProjectionExpression: 'eventId',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const id = item.eventId as string;
      storedCount.set(id, (storedCount.get(id) ?? 0) + 1);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const distinct = new Set(emittedEvents.map((event) => event.id));
  let stored = 0;
  let storedTwice = 0;
  for (const id of distinct) {
    const count = storedCount.get(id) ?? 0;
    if (count > 0) stored += 1;
    if (count > 1) storedTwice += 1;
  }

  const legs = scenarios.flatMap((scenario) => scenario.legs);
  const finalStatus = new Map<string, string>();
  for (let i = 0; i < legs.length; i += 100) {
    const chunk = legs.slice(i, i + 100);
    let pending: Record<string, unknown>[] = chunk.map((leg) => keys.transfer(leg.id));
    while (pending.length > 0) {
      const page = await ddb.send(
        new BatchGetCommand({
          RequestItems: {
            [bench.stack.info.tableName]: {
              Keys: pending,
              ProjectionExpression: 'id, #status',
              ExpressionAttributeNames: { '#status': 'status' },
            },
          },
        }),
      );
      for (const item of page.Responses?.[bench.stack.info.tableName] ?? []) {
        finalStatus.set(item.id as string, item.status as string);
      }
      pending = page.UnprocessedKeys?.[bench.stack.info.tableName]?.Keys ?? [];
    }
  }
  const wrong = legs.filter((leg) => finalStatus.get(leg.id) !== leg.status);
  ddb.destroy();
  log('judging the notifications the chaos receiver acknowledged');
  const notifications = await inbox.judge(legs);

  const chaosCalls = calls.slice(callsBefore);
  const requests = await simView<{ method: string; status: number }[]>(bench, '/__sim/requests');
  const dwollaFailures = requests.filter(
    (request) => request.status === 429 || request.status === 500,
  ).length;
  const report: ChaosReport = {
    deliveries: deliveries(),
    distinctEvents: distinct.size,
    stored,
    storedTwice,
    lost: distinct.size - stored,
    wrongLegs: wrong.length,
    dlqAfterRedrive,
    dlqBeforeRedrive,
    redriven,
    notificationsMissing: notifications.notificationsMissing,
    notificationsRedeliveredAfter2xx: notifications.notificationsRedeliveredAfter2xx,
    notifications: { ...notifications, receiver: CHAOS_RECEIVER },
    scenarioRuns: scenarios.length,
    legs: legs.length,
    injected: {
      duplicateRate: CHAOS.duplicateRate,
      shuffle: true,
      concurrency: 10,
      dwollaFailRate: CHAOS.dwollaFailRate,
      dwollaFailures,
      publishFailures: injectedPublishFailures,
      processorCrashes: crashes,
    },
    elapsedSeconds: Math.round(elapsedMs / 100) / 10,
    sdkCalls: chaosCalls.length,
  };
  await writeFile(join(PROJECT_ROOT, 'bench/chaos.json'), `${JSON.stringify(report, null, 2)}\n`);

  printTable('npm run bench -- --chaos', [
    {
      metric: 'deliveries (incl. duplicates and retries)',
      target: '~10,000',
      measured: String(report.deliveries),
    },
    { metric: 'distinct events', target: '', measured: String(report.distinctEvents) },
    {
      metric: 'events stored',
      target: '= distinct',
      measured: String(report.stored),
      ok: report.stored === report.distinctEvents,
    },
    zeroRow('events lost', report.lost),
    zeroRow('events stored twice', report.storedTwice),
    zeroRow(
      'legs with a wrong final status',
      report.wrongLegs,
      `${report.wrongLegs} of ${legs.length}`,
    ),
    zeroRow(
      'messages in DLQs after redrive',
      dlqAfterRedrive,
      `${dlqAfterRedrive} (before: ${dlqBeforeRedrive})`,
    ),
    zeroRow(
      'legs whose final status no notification carried',
      notifications.notificationsMissing,
      `${notifications.notificationsMissing} of ${legs.length}`,
    ),
    zeroRow(
      'notifications redelivered after a 2xx',
      notifications.notificationsRedeliveredAfter2xx,
      `${notifications.notificationsRedeliveredAfter2xx} (${notifications.received} requests, ${notifications.acknowledged} acknowledged, ${notifications.unverified} unverified)`,
    ),
    { metric: 'faults injected', target: '', measured: JSON.stringify(report.injected) },
    {
      metric: 'elapsed',
      target: '< 10 min',
      measured: `${report.elapsedSeconds} s`,
      ok: elapsedMs < 600_000,
    },
  ]);
  if (wrong.length > 0) {
    out(
      `wrong legs (first 5): ${JSON.stringify(wrong.slice(0, 5).map((leg) => ({ id: leg.id, expected: leg.status, stored: finalStatus.get(leg.id) })))}\n`,
    );
  }
  out('wrote bench/chaos.json\n');
  return report;
}
