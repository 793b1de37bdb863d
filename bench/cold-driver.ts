/**
 * Run by `node` in a fresh process for each cold-start sample: imports one bundle, invokes its
 * `handler` with the event file once (the cold invocation) and then `WARM_INVOCATIONS` more times
 * in the same process, and prints one `BENCH_COLD {json}` line. Times are from the process's own
 * time origin, so Node's boot is inside both our figure and the reference's. The warm repeats
 * tell the one-time work of the first invocation (lazy clients, connections, JIT) from the work
 * the request itself does every time (the refresh scheduler's queries, for one). The repeats do
 * the same work as the first: reconcile, told 30 s remain (under its 60-s deadline margin), reads
 * one page of `GET /events` per run, the first run as the others, so what its first run pays
 * beyond them is the one-time work (the app token's Secrets Manager read and grant, each client's
 * first call).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Warm invocations after the cold one; their median is the request's own cost. */
const WARM_INVOCATIONS = 5;

const [bundlePath, eventPath, memoryMb] = process.argv.slice(2);
const event: unknown = JSON.parse(readFileSync(eventPath!, 'utf8'));
const imported = (await import(pathToFileURL(bundlePath!).href)) as {
  handler: (event: unknown, context: unknown) => Promise<unknown>;
};
const initMs = performance.now();

function context(requestId: string) {
  return {
    functionName: 'bench',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench',
    memoryLimitInMB: memoryMb ?? '512',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/bench',
    logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
  };
}

const result = (await imported.handler(event, context('bench-cold-start'))) as {
  statusCode?: number;
} | null;
const totalMs = performance.now();
const warmMs: number[] = [];
for (let index = 0; index < WARM_INVOCATIONS; index++) {
  const start = performance.now();
  // A repeat may be refused where the first was not (a state already consumed): still timed,
  // it is the same request path up to the refusal.
  await imported.handler(event, context(`bench-warm-${index}`)).catch(() => undefined);
  warmMs.push(performance.now() - start);
}
process.stdout.write(
  `BENCH_COLD ${JSON.stringify({ initMs, totalMs, warmMs, statusCode: result?.statusCode ?? null })}\n`,
);
process.exit(0);
