import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { FunctionName } from '../infra/definition.js';
import { SCENARIO_NAMES, type ScenarioResult } from '../infra/local/dwolla-simulator/index.js';
import { forEachConcurrently } from '../shared/concurrency.js';
import type { AwsCall, InvocationStats } from './instrumentation.js';
import { diffStats, snapshotStats } from './instrumentation.js';
import { type BenchStack, runScenario, settle, simView } from './local.js';

/** What one pass over the scenario corpus cost, in operations and time. */
export interface CorpusRun {
  readonly scenarios: readonly ScenarioResult[];
  /** Distinct Dwolla events the simulator emitted (and delivered once each). */
  readonly events: number;
  readonly deliveries: number;
  readonly legs: number;
  readonly failedLegs: number;
  readonly elapsedMs: number;
  readonly calls: readonly AwsCall[];
  readonly dwollaGets: number;
  readonly dwollaGetPaths: Record<string, number>;
  readonly invocations: Map<FunctionName, InvocationStats>;
}

interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/** `/transfers/<uuid>/failure` → `/transfers/{id}/failure`, to group the Dwolla GETs by kind. */
function pathKind(path: string): string {
  return path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '{id}').split('?')[0]!;
}

/**
 * Runs every scenario of the simulator `rounds` times for the connected account (no chaos: each
 * event delivered once), all at once or one scenario at a time (`sequential`: the functions'
 * durations are then not inflated by sharing this process with dozens of concurrent
 * invocations), waits for the pipeline to drain, and returns what it took: the AWS calls
 * the functions made (from `calls`, the live list {@link instrumentAwsSdk} appends to), the Dwolla
 * GETs the simulator served, and the invocations.
 *
 * @example
 * ```ts
 * const run = await runCorpus(bench, calls, stats, { rounds: 5 });
 * run.calls.length / run.events;
 * ```
 */
export async function runCorpus(
  bench: BenchStack,
  calls: AwsCall[],
  stats: Map<FunctionName, InvocationStats>,
  options: { rounds: number; sequential?: boolean },
): Promise<CorpusRun> {
  const requestsBefore = (await simView<SimRequest[]>(bench, '/__sim/requests')).length;
  const eventsBefore = (await simView<unknown[]>(bench, '/__sim/events')).length;
  const callsBefore = calls.length;
  const statsBefore = snapshotStats(stats);
  const started = performance.now();
  const scenarios: ScenarioResult[] = [];
  for (let round = 0; round < options.rounds; round++) {
    for (const name of SCENARIO_NAMES) {
      scenarios.push(await runScenario(bench, name));
      if (options.sequential) await settle(bench);
    }
  }
  await settle(bench);
  const elapsedMs = performance.now() - started;
  const requests = (await simView<SimRequest[]>(bench, '/__sim/requests')).slice(requestsBefore);
  const events = (await simView<unknown[]>(bench, '/__sim/events')).length - eventsBefore;
  const gets = requests.filter((request) => request.method === 'GET');
  const dwollaGetPaths: Record<string, number> = {};
  for (const request of gets) {
    const kind = pathKind(request.path);
    dwollaGetPaths[kind] = (dwollaGetPaths[kind] ?? 0) + 1;
  }
  const invocations = diffStats(statsBefore, snapshotStats(stats));
  const legs = scenarios.flatMap((scenario) => scenario.legs);
  return {
    scenarios,
    events,
    deliveries: invocations.get('webhookIntake')?.invocations ?? 0,
    legs: legs.length,
    failedLegs: legs.filter((leg) => leg.status === 'failed').length,
    elapsedMs,
    calls: calls.slice(callsBefore),
    dwollaGets: gets.length,
    dwollaGetPaths,
    invocations,
  };
}

/** Operations per webhook event, the figures `bench/results.json` keeps under `perEvent`. */
export interface PerEventCounts {
  readonly dynamodbWrites: number;
  readonly dynamodbReads: number;
  readonly dynamodbWriteUnits: number;
  readonly dynamodbReadUnits: number;
  /** `GET /transfers/{id}` and `GET /transfers/{id}/failure` per transfer leg. */
  readonly dwollaGetsPerLeg: number;
  /** Other Dwolla GETs (bill payments), per event. */
  readonly otherDwollaGets: number;
  /** DynamoDB writes per event, by the function that made them. */
  readonly dynamodbWritesByFunction: Record<string, number>;
  /** DynamoDB writes per event, by what each is for (`dynamodbWriteKind`), largest first. */
  readonly dynamodbWritesByKind: Record<string, number>;
  /** Of those, the conditional writes whose condition failed (they cost a write all the same). */
  readonly dynamodbConditionFailuresByKind: Record<string, number>;
  /**
   * Every DynamoDB, DynamoDB Streams, SQS and SNS request per event, by the functions and by the
   * event-source pollers (receives and reads that returned nothing excluded: idle polling).
   */
  readonly storeRequests: number;
  /** {@link storeRequests} by `<client> <command>`, largest first. */
  readonly storeRequestsByCommand: Record<string, number>;
  /** The target's bound for this corpus: (legs + failed legs) / legs. */
  readonly dwollaGetsPerLegBound: number;
  /** SNS publishes + SQS sends made by our functions. */
  readonly queueSends: number;
  /** SNS → SQS deliveries (the subscriptions' filter policies), per event. */
  readonly fanOutDeliveries: number;
  readonly sqsReceives: number;
  readonly sqsDeletes: number;
  readonly secretsReads: number;
  readonly invocations: number;
}

const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);
const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);

const STORE_CLIENTS = new Set([
  'DynamoDBClient',
  'DynamoDBStreamsClient',
  'SQSClient',
  'SNSClient',
]);

/** A receive or a stream read that returned nothing: polling while idle, not work for an event. */
function idlePoll(call: AwsCall): boolean {
  return (
    (call.command === 'ReceiveMessageCommand' && call.messages === 0) ||
    (call.command === 'GetRecordsCommand' && call.messages === 0)
  );
}

/** `count` of each key of `items`, divided by `events`, largest first. */
function tally(items: readonly string[], events: number): Record<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return Object.fromEntries(
    [...counts].sort((a, b) => b[1] - a[1]).map(([key, count]) => [key, count / events]),
  );
}

/**
 * Divides a corpus run's operations by its events (and Dwolla GETs by its legs).
 *
 * @example
 * ```ts
 * const perEvent = perEventCounts(run);
 * ```
 */
export function perEventCounts(run: CorpusRun): PerEventCounts {
  const count = (predicate: (call: AwsCall) => boolean) => run.calls.filter(predicate).length;
  const dynamo = run.calls.filter((call) => call.client === 'DynamoDBClient');
  const writes = dynamo.filter((call) => WRITES.has(call.command));
  const reads = dynamo.filter((call) => READS.has(call.command));
  const sum = (calls: readonly AwsCall[]) => calls.reduce((s, c) => s + c.capacityUnits, 0);
  const processorRecords =
    (run.invocations.get('eventStore')?.records ?? 0) +
    (run.invocations.get('transferChain')?.records ?? 0) +
    (run.invocations.get('paymentRecords')?.records ?? 0);
  const invocations = [...run.invocations.values()].reduce((s, e) => s + e.invocations, 0);
  const perEvent = (value: number) => value / run.events;
  const transferGets = Object.entries(run.dwollaGetPaths)
    .filter(([path]) => path.startsWith('/transfers/'))
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    dynamodbWrites: perEvent(writes.length),
    dynamodbReads: perEvent(reads.length),
    dynamodbWriteUnits: perEvent(sum(writes)),
    dynamodbReadUnits: perEvent(sum(reads)),
    dwollaGetsPerLeg: transferGets / run.legs,
    otherDwollaGets: perEvent(run.dwollaGets - transferGets),
    dynamodbWritesByFunction: Object.fromEntries(
      [...new Set(writes.map((call) => call.fn))].map((fn) => [
        fn,
        perEvent(writes.filter((call) => call.fn === fn).length),
      ]),
    ),
    dynamodbWritesByKind: tally(
      writes.map((call) => call.kind ?? call.command),
      run.events,
    ),
    dynamodbConditionFailuresByKind: tally(
      writes.filter((call) => call.failed).map((call) => call.kind ?? call.command),
      run.events,
    ),
    ...storeRequestCounts(run),
    dwollaGetsPerLegBound: (run.legs + run.failedLegs) / run.legs,
    queueSends: perEvent(
      count(
        (call) =>
          !call.failed &&
          (call.command === 'PublishCommand' ||
            call.command === 'SendMessageCommand' ||
            call.command === 'SendMessageBatchCommand'),
      ),
    ),
    fanOutDeliveries: perEvent(processorRecords),
    sqsReceives: perEvent(
      count((call) => call.command === 'ReceiveMessageCommand' && call.messages > 0),
    ),
    sqsDeletes: perEvent(count((call) => call.command === 'DeleteMessageBatchCommand')),
    secretsReads: perEvent(count((call) => call.command === 'GetSecretValueCommand')),
    invocations: perEvent(invocations),
  };
}

function storeRequestCounts(
  run: CorpusRun,
): Pick<PerEventCounts, 'storeRequests' | 'storeRequestsByCommand'> {
  const requests = run.calls.filter((call) => STORE_CLIENTS.has(call.client) && !idlePoll(call));
  return {
    storeRequests: requests.length / run.events,
    storeRequestsByCommand: tally(
      requests.map(
        (call) => `${call.client.replace(/Client$/, '')} ${call.command.replace(/Command$/, '')}`,
      ),
      run.events,
    ),
  };
}

/**
 * DynamoDB Local's raw rate for the pipeline's basic write: a conditional `PutItem`
 * (`attribute_not_exists(pk)`, as the event store does), `count` of them, `concurrency` at once.
 *
 * @example
 * ```ts
 * const putsPerSecond = await rawConditionalPutRate(bench, 2000, 10);
 * ```
 */
export async function rawConditionalPutRate(
  bench: BenchStack,
  count: number,
  concurrency: number,
): Promise<number> {
  const client = new DynamoDBClient({
    endpoint: bench.stack.info.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const putOne = (runId: string, index: number) =>
    client.send(
      new PutItemCommand({
        TableName: bench.stack.info.tableName,
        Item: {
          pk: { S: `BENCH#${runId}#${index}` },
          sk: { S: `EVENT#${index}` },
          payload: { S: '{"bench":true}' },
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  // Warm the connection pool and DynamoDB Local's JIT first.
  const warmId = randomUUID();
  for (let index = 0; index < 100; index++) await putOne(warmId, index);
  const runId = randomUUID();
  const started = performance.now();
  await forEachConcurrently(
    Array.from({ length: count }, (_, index) => index),
    concurrency,
    (index) => putOne(runId, index).then(() => undefined),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  client.destroy();
  return count / elapsedSeconds;
}
