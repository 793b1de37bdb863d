/**
 * Run by `node` in a fresh process for each cold-start sample: imports one bundle, invokes its
 * `handler` once with the event file, and prints one `BENCH_COLD {json}` line. Times are from the
 * process's own time origin, so Node's boot is inside both our figure and the reference's.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundlePath, eventPath, memoryMb] = process.argv.slice(2);
const event: unknown = JSON.parse(readFileSync(eventPath!, 'utf8'));
const imported = (await import(pathToFileURL(bundlePath!).href)) as {
  handler: (event: unknown, context: unknown) => Promise<unknown>;
};
const initMs = performance.now();
const context = {
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench',
  memoryLimitInMB: memoryMb ?? '512',
  awsRequestId: 'bench-cold-start',
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'bench',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 30_000,
};
const result = (await imported.handler(event, context)) as { statusCode?: number } | null;
const totalMs = performance.now();
process.stdout.write(
  `BENCH_COLD ${JSON.stringify({ initMs, totalMs, statusCode: result?.statusCode ?? null })}\n`,
);
process.exit(0);
