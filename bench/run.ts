/**
 * `npm run bench`: bundle sizes, cold init, warm intake latency, operations per event,
 * throughput and cost, measured in one run on this machine; prints a table and writes
 * `bench/results.json`. `npm run bench -- --chaos`: the chaos run (`bench/chaos.ts`), written to
 * `bench/chaos.json`. `npm run bench -- --scale [--accounts N]`: the token lifecycle at platform
 * scale (`bench/token-refresh-scale.ts`), written to `bench/scale.json`. Figures are reported
 * against their targets, never asserted.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../infra/constructs/dwolla-function.js';
import { bundleFunctions } from './bundles.js';
import { runChaos } from './chaos.js';
import { measureColdInit, worstRatio } from './cold-init.js';
import { perEventCounts, rawConditionalPutRate, runCorpus } from './corpus.js';
import { costPerMillionEvents } from './cost.js';
import { type AwsCall, instrumentAwsSdk, instrumentRuntime } from './instrumentation.js';
import { measureIntakeLatency } from './intake-latency.js';
import { type BenchStack, simView, startBenchStack } from './local.js';
import { measureNotificationLatency } from './notifications.js';
import { muteFunctionOutput, note, out, printTable, type Row } from './report.js';
import { runScaleAllVaults, runScaleOneVault, scaleOptions } from './scale.js';
import { round } from './stats.js';
import { measureVisibilityLatency } from './visibility.js';

const TMP_DIR = join(PROJECT_ROOT, 'bench/.tmp');
const KIB = 1024;

const roundAll = (values: Record<string, number>) =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, round(value)]));

async function runBench(bench: BenchStack, calls: AwsCall[]): Promise<void> {
  const stats = instrumentRuntime(bench.stack.runtime);
  const log = note;

  log('1/8 bundling every function with the CDK settings');
  const bundles = await bundleFunctions(TMP_DIR);

  log('4/8 scenario corpus, one scenario at a time (operation counts and durations for the cost)');
  // One untimed burst first: every function imported (cold start) and warm before measuring.
  await runCorpus(bench, calls, stats, { rounds: 1 });
  const corpus = await runCorpus(bench, calls, stats, { rounds: 2, sequential: true });
  const perEvent = perEventCounts(corpus);

  log('5/8 throughput: the corpus 15 times at once, then DynamoDB Local conditional puts');
  const cpuBefore = process.cpuUsage();
  const burst = await runCorpus(bench, calls, stats, { rounds: 15 });
  const cpu = process.cpuUsage(cpuBefore);
  const eventsPerSecond = burst.events / (burst.elapsedMs / 1000);
  const burstCounts = perEventCounts(burst);
  const cpuMsPerEvent = (cpu.user + cpu.system) / 1000 / burst.events;
  const putsPerSecond = await rawConditionalPutRate(bench, 3000, 10);

  log('2/8 cold init (fresh node processes, interleaved with the reference)');
  const processed = burst.scenarios
    .flatMap((scenario) => scenario.legs.map((leg) => ({ scenario, leg })))
    .find(({ leg }) => leg.status === 'processed')!;
  const events = await simView<{ id: string; topic: string; resourceId: string }[]>(
    bench,
    '/__sim/events',
  );
  const transferEvent = events.find((event) => event.resourceId === processed.leg.id)!;
  const cold = await measureColdInit(
    bench,
    {
      transferId: processed.leg.id,
      correlationId: processed.scenario.correlationId,
      transferEventBody: JSON.stringify(transferEvent),
      transferEventTopic: transferEvent.topic,
    },
    TMP_DIR,
    10,
  );

  log('3/8 warm intake latency against a bare Publish');
  const latency = await measureIntakeLatency(bench, 1000);

  log('6/8 cost');
  const cost = costPerMillionEvents(corpus, perEvent);

  log(
    '7/8 app notifications: webhook accepted → app endpoint received (corpus once, one endpoint)',
  );
  const notifications = await measureNotificationLatency(bench, calls, stats);
  const withNotifications = perEventCounts(notifications.run);
  const costWithNotifications = costPerMillionEvents(notifications.run, withNotifications);

  log('8/8 webhook accepted → status visible in GET /transfers/{id} (corpus once, polled)');
  const visible = await measureVisibilityLatency(bench, calls, stats);

  const worstCold = worstRatio(cold, 'coldMedianMs');
  const worstImport = worstRatio(cold, 'initMedianMs');
  const worstFirst = worstRatio(cold, 'medianMs');
  const { reference } = cold;
  const results = {
    measuredAt: new Date().toISOString(),
    machine: { node: process.version, platform: process.platform, arch: process.arch },
    bundles: Object.fromEntries(
      Object.entries(bundles).map(([name, size]) => [
        name,
        { minifiedBytes: size.minifiedBytes, gzipBytes: size.gzipBytes },
      ]),
    ),
    coldInit: {
      // The import plus the one-time part of the first request (first − warm median of the same
      // request), against the same for the reference: a request's own work is not cold start.
      maxRatio: round(worstCold.ratio),
      worstFunction: worstCold.name,
      referenceColdMedianMs: round(reference.coldMedianMs, 1),
      intakeRatio: round(cold.functions.webhookIntake!.coldMedianMs / reference.coldMedianMs),
      // The import alone (Lambda's Init Duration).
      importOnly: {
        maxRatio: round(worstImport.ratio),
        worstFunction: worstImport.name,
        referenceMedianMs: round(reference.initMedianMs, 1),
      },
      // Process start → first response, the request's own work included (the former maxRatio).
      firstRequest: {
        maxRatio: round(worstFirst.ratio),
        worstFunction: worstFirst.name,
        referenceMedianMs: round(reference.medianMs, 1),
      },
      samplesPerFunction: cold.samples,
      functions: Object.fromEntries(
        Object.entries(cold.functions).map(([name, value]) => [
          name,
          {
            coldMedianMs: round(value.coldMedianMs, 1),
            ratio: round(value.coldMedianMs / reference.coldMedianMs),
            initMedianMs: round(value.initMedianMs, 1),
            importOnlyRatio: round(value.initMedianMs / reference.initMedianMs),
            firstRequestMedianMs: round(value.medianMs, 1),
            firstRequestRatio: round(value.medianMs / reference.medianMs),
            warmMedianMs: round(value.warmMedianMs, 1),
            firstStatusCode: value.statusCode,
          },
        ]),
      ),
    },
    intake: {
      p50Ratio: round(latency.p50Ratio),
      p99Ratio: round(latency.p99Ratio),
      intakeP50Ms: round(latency.intake.p50Ms, 3),
      intakeP99Ms: round(latency.intake.p99Ms, 3),
      publishP50Ms: round(latency.barePublish.p50Ms, 3),
      publishP99Ms: round(latency.barePublish.p99Ms, 3),
      samples: latency.samples,
    },
    perEvent: {
      dynamodbWrites: round(perEvent.dynamodbWrites),
      dynamodbWritesWithNotifications: round(withNotifications.dynamodbWrites),
      dynamodbWritesByFunctionWithNotifications: Object.fromEntries(
        Object.entries(withNotifications.dynamodbWritesByFunction).map(([fn, value]) => [
          fn,
          round(value),
        ]),
      ),
      // What each write is for, read from the command the store sent (`bench/write-kinds.ts`);
      // a conditional write whose condition failed costs a write too (counted in both).
      dynamodbWritesByKind: roundAll(perEvent.dynamodbWritesByKind),
      dynamodbWritesByKindWithNotifications: roundAll(withNotifications.dynamodbWritesByKind),
      dynamodbConditionFailuresByKindWithNotifications: roundAll(
        withNotifications.dynamodbConditionFailuresByKind,
      ),
      dwollaGetsPerLeg: round(perEvent.dwollaGetsPerLeg),
      queueSends: round(perEvent.queueSends),
      secretsReads: round(perEvent.secretsReads, 4),
      dynamodbReads: round(perEvent.dynamodbReads),
      dynamodbWriteUnits: round(perEvent.dynamodbWriteUnits),
      dynamodbReadUnits: round(perEvent.dynamodbReadUnits),
      dwollaGetsPerLegBound: round(perEvent.dwollaGetsPerLegBound),
      otherDwollaGets: round(perEvent.otherDwollaGets),
      dynamodbWritesByFunction: Object.fromEntries(
        Object.entries(perEvent.dynamodbWritesByFunction).map(([fn, value]) => [fn, round(value)]),
      ),
      fanOutDeliveries: round(perEvent.fanOutDeliveries),
      invocations: round(perEvent.invocations),
      corpus: {
        scenarioRuns: corpus.scenarios.length,
        events: corpus.events,
        deliveries: corpus.deliveries,
        legs: corpus.legs,
        failedLegs: corpus.failedLegs,
        dwollaGets: corpus.dwollaGetPaths,
      },
    },
    throughput: {
      eventsPerSecond: round(eventsPerSecond, 1),
      ratioToStore: round(eventsPerSecond / putsPerSecond),
      conditionalPutsPerSecond: round(putsPerSecond, 1),
      // Every DynamoDB, DynamoDB Streams, SQS and SNS request per event in the burst (idle polls
      // excluded): if each costs the local stores at least one conditional put, ratioToStore
      // cannot exceed 1 / storeRequestsPerEvent.
      storeRequestsPerEvent: round(burstCounts.storeRequests),
      ratioToStoreBound: round(1 / burstCounts.storeRequests),
      storeRequestsByCommand: roundAll(burstCounts.storeRequestsByCommand),
      // CPU of this one process (functions, gateway, pollers and the SQS/SNS emulator) per event.
      // When the share of elapsed time is near 1 the burst is bound by this one thread:
      // eventsPerSecond ≤ 1000 / cpuMsPerEvent, so ratioToStore ≤ ratioToStoreCpuBound.
      cpuMsPerEvent: round(cpuMsPerEvent),
      cpuShareOfElapsed: round((cpu.user + cpu.system) / 1000 / burst.elapsedMs),
      ratioToStoreCpuBound: round(1000 / cpuMsPerEvent / putsPerSecond),
      events: burst.events,
      elapsedSeconds: round(burst.elapsedMs / 1000, 1),
      recordsRetried: Object.fromEntries(
        [...burst.invocations].map(([name, value]) => [name, value.failedRecords]),
      ),
    },
    latency: {
      visibleP50Ms: round(visible.p50Ms, 1),
      visibleP99Ms: round(visible.p99Ms, 1),
      samples: visible.samples,
      timedOut: visible.timedOut,
    },
    notifications: {
      latencyP50Ms: round(notifications.p50Ms, 1),
      latencyP99Ms: round(notifications.p99Ms, 1),
      samples: notifications.samples,
    },
    costPerMillionUsd: round(cost.total, 2),
    // The corpus once with one endpoint subscribed to every notification type, through the last
    // delivery (outbox relay, delivery function, their queue and writes included).
    costPerMillionWithNotificationsUsd: round(costWithNotifications.total, 2),
    costBreakdownPerMillionWithNotificationsUsd: Object.fromEntries(
      Object.entries(costWithNotifications).map(([key, value]) => [key, round(value, 3)]),
    ),
    costBreakdownPerMillionUsd: Object.fromEntries(
      Object.entries(cost).map(([key, value]) => [key, round(value, 3)]),
    ),
  };
  await writeFile(
    join(PROJECT_ROOT, 'bench/results.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );

  const rows: Row[] = [
    ...Object.entries(bundles).map(
      ([name, size]): Row => ({
        metric: `bundle ${name} (min / gzip)`,
        target: name === 'webhookIntake' ? '≤ 200 KiB min' : '≤ 300 KiB min',
        measured: `${(size.minifiedBytes / KIB).toFixed(1)} / ${(size.gzipBytes / KIB).toFixed(1)} KiB`,
        ok: size.minifiedBytes <= (name === 'webhookIntake' ? 200 : 300) * KIB,
      }),
    ),
    ...Object.entries(cold.functions).map(
      ([name, value]): Row => ({
        metric: `cold init ${name} (import + first − warm; import alone; first request)`,
        target: '≤ 1.3× reference',
        measured: [
          `${value.coldMedianMs.toFixed(0)} ms (${(value.coldMedianMs / reference.coldMedianMs).toFixed(2)}×)`,
          `${value.initMedianMs.toFixed(0)} ms (${(value.initMedianMs / reference.initMedianMs).toFixed(2)}×)`,
          `${value.medianMs.toFixed(0)} ms (${(value.medianMs / reference.medianMs).toFixed(2)}×, warm ${value.warmMedianMs.toFixed(0)} ms)`,
        ].join('; '),
        ok: value.coldMedianMs / reference.coldMedianMs <= 1.3,
      }),
    ),
    {
      metric: 'cold init reference (SQSClient + SendMessage; import alone; first request)',
      target: '',
      measured: `${reference.coldMedianMs.toFixed(0)} ms; ${reference.initMedianMs.toFixed(0)} ms; ${reference.medianMs.toFixed(0)} ms (worst: ${worstCold.name} ${worstCold.ratio.toFixed(2)}×; import alone ${worstImport.name} ${worstImport.ratio.toFixed(2)}×; first request ${worstFirst.name} ${worstFirst.ratio.toFixed(2)}×)`,
    },
    {
      metric: 'intake warm p50 vs bare Publish',
      target: '≤ 1.25×',
      measured: `${latency.intake.p50Ms.toFixed(2)} / ${latency.barePublish.p50Ms.toFixed(2)} ms = ${latency.p50Ratio.toFixed(2)}×`,
      ok: latency.p50Ratio <= 1.25,
    },
    {
      metric: 'intake warm p99 vs bare Publish',
      target: '≤ 1.25×',
      measured: `${latency.intake.p99Ms.toFixed(2)} / ${latency.barePublish.p99Ms.toFixed(2)} ms = ${latency.p99Ratio.toFixed(2)}×`,
      ok: latency.p99Ratio <= 1.25,
    },
    {
      metric: 'DynamoDB writes per event',
      target: '≤ 2',
      measured: `${perEvent.dynamodbWrites.toFixed(2)} (${perEvent.dynamodbWriteUnits.toFixed(2)} WCU; ${Object.entries(
        perEvent.dynamodbWritesByFunction,
      )
        .map(([fn, value]) => `${fn} ${value.toFixed(2)}`)
        .join(', ')})`,
      ok: perEvent.dynamodbWrites <= 2,
    },
    {
      metric: 'DynamoDB writes per event, notifications on (outbox and deliveries counted)',
      target: '≤ 2',
      measured: `${withNotifications.dynamodbWrites.toFixed(2)} (${Object.entries(
        withNotifications.dynamodbWritesByFunction,
      )
        .map(([fn, value]) => `${fn} ${value.toFixed(2)}`)
        .join(', ')})`,
      ok: withNotifications.dynamodbWrites <= 2,
    },
    {
      metric: 'DynamoDB writes per event by kind, notifications on',
      target: '',
      measured: Object.entries(withNotifications.dynamodbWritesByKind)
        .map(([kind, value]) => `${kind} ${value.toFixed(2)}`)
        .join(', '),
    },
    {
      metric: 'DynamoDB reads per event',
      target: '',
      measured: `${perEvent.dynamodbReads.toFixed(2)} (${perEvent.dynamodbReadUnits.toFixed(2)} RCU)`,
    },
    {
      metric: 'Dwolla transfer GETs per leg (+ bill-payment GETs per event)',
      target: `≤ 1 (+1 per failed leg) = ${perEvent.dwollaGetsPerLegBound.toFixed(2)}`,
      measured: `${perEvent.dwollaGetsPerLeg.toFixed(2)} (+${perEvent.otherDwollaGets.toFixed(3)})`,
      ok: perEvent.dwollaGetsPerLeg <= perEvent.dwollaGetsPerLegBound,
    },
    {
      metric: 'SNS/SQS sends per event (+ fan-out deliveries)',
      target: '',
      measured: `${perEvent.queueSends.toFixed(2)} (+${perEvent.fanOutDeliveries.toFixed(2)})`,
    },
    {
      metric: 'Secrets Manager reads per event',
      target: '',
      measured: perEvent.secretsReads.toFixed(4),
    },
    {
      metric: 'throughput end to end vs conditional puts',
      target: '≥ 0.3×',
      measured: `${eventsPerSecond.toFixed(0)} / ${putsPerSecond.toFixed(0)} per s = ${(eventsPerSecond / putsPerSecond).toFixed(2)}×`,
      ok: eventsPerSecond / putsPerSecond >= 0.3,
    },
    {
      metric:
        'store requests per event (DynamoDB, Streams, SQS, SNS) → bound; CPU per event → bound',
      target: '',
      measured: `${burstCounts.storeRequests.toFixed(2)} → ≤ ${(1 / burstCounts.storeRequests).toFixed(2)}×; ${cpuMsPerEvent.toFixed(2)} ms CPU per event (${((100 * (cpu.user + cpu.system)) / 1000 / burst.elapsedMs).toFixed(0)} % of the elapsed time) → ≤ ${(1000 / cpuMsPerEvent / putsPerSecond).toFixed(2)}×`,
    },
    {
      metric: 'notification latency p50 / p99 (webhook accepted → endpoint received)',
      target: '',
      measured: `${notifications.p50Ms.toFixed(0)} / ${notifications.p99Ms.toFixed(0)} ms (${notifications.samples} notifications)`,
    },
    {
      metric: 'status visible p50 / p99 (webhook accepted → GET /transfers/{id})',
      target: '',
      measured: `${visible.p50Ms.toFixed(0)} / ${visible.p99Ms.toFixed(0)} ms (${visible.samples} statuses, ${visible.timedOut} timed out)`,
    },
    {
      metric: 'cost per million webhook events (us-east-1; with notifications on)',
      target: '',
      measured: `$${cost.total.toFixed(2)}; $${costWithNotifications.total.toFixed(2)}`,
    },
  ];
  printTable('npm run bench', rows);
  out(
    `cost breakdown per million events: ${Object.entries(cost)
      .map(([key, value]) => `${key} $${value.toFixed(3)}`)
      .join(', ')}\nwrote bench/results.json\n`,
  );
}

async function main(): Promise<void> {
  const chaos = process.argv.includes('--chaos');
  const scale = process.argv.includes('--scale') ? scaleOptions(process.argv) : undefined;
  const started = Date.now();
  if (scale && !scale.vault) {
    // One child process per vault: functions read their configuration once per process.
    await runScaleAllVaults(scale.accounts);
    note(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return;
  }
  const calls: AwsCall[] = [];
  const fault: { current?: (client: string, command: string) => Error | undefined } = {};
  const uninstall = instrumentAwsSdk({
    onCall: (call) => {
      calls.push(call);
    },
    fault: (client, command) => fault.current?.(client, command),
  });
  const restoreOutput = muteFunctionOutput();
  const bench = await startBenchStack(scale?.vault ? { tokenVault: scale.vault } : {});
  try {
    if (chaos) await runChaos(bench, calls, fault);
    else if (scale) await runScaleOneVault(bench, calls, scale.accounts);
    else await runBench(bench, calls);
  } finally {
    await bench.stop();
    uninstall();
    restoreOutput();
  }
  note(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

await main();
// Keep-alive sockets of in-process clients must not hold the process open.
process.exit(0);
