/**
 * `npx tsx bench/profile-burst.ts`: what bounds throughput. Starts the bench stack, warms it with
 * the corpus once, then CPU-profiles this process (every function, the local gateway and the SQS
 * emulator run in it) while the corpus runs 15 times at once, as the bench's throughput step
 * does. Prints events/s, the CPU time per event by package (our Lambda code, `shared/`, apart
 * from the AWS SDK, the local emulators and Node), the functions of ours that cost the most, and
 * writes the profile to `bench/.tmp/burst.cpuprofile` (open it in Chrome DevTools).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../infra/constructs/dwolla-function.js';
import { runCorpus } from './corpus.js';
import { type AwsCall, instrumentAwsSdk, instrumentRuntime } from './instrumentation.js';
import { startBenchStack } from './local.js';
import { muteFunctionOutput, out } from './report.js';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
}

/** The package (or project folder, or V8 pseudo-frame) a profile node's time is charged to. */
function ownerOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (url === '') return `(${functionName || 'native'})`;
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return url.replace(`file://${PROJECT_ROOT}`, '').split('/').slice(0, 2).join('/');
}

/** Our Lambda code: `shared/` (the entry files in `functions/` only wire it). */
const isOurs = (owner: string) => /^\/?(shared|functions)\//.test(owner);

const calls: AwsCall[] = [];
const uninstall = instrumentAwsSdk({ onCall: (call) => calls.push(call) });
const restoreOutput = muteFunctionOutput();
const bench = await startBenchStack({});
try {
  const stats = instrumentRuntime(bench.stack.runtime);
  await runCorpus(bench, calls, stats, { rounds: 1 });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const burst = await runCorpus(bench, calls, stats, { rounds: 15 });
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const dir = join(PROJECT_ROOT, 'bench/.tmp');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'burst.cpuprofile'), JSON.stringify(profile));

  const sampled = new Map<number, number>();
  profile.samples?.forEach((id, index) => {
    sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas?.[index] ?? 0));
  });
  const byOwner = new Map<string, number>();
  const ourFunctions = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const micros = sampled.get(node.id) ?? 0;
    total += micros;
    byOwner.set(ownerOf(node), (byOwner.get(ownerOf(node)) ?? 0) + micros);
    if (isOurs(ownerOf(node)) && micros > 0) {
      // tsx compiles on load: line numbers do not match the sources, the file and name do.
      const { functionName, url } = node.callFrame;
      const where = `${functionName || '(anonymous)'} ${url.slice(url.search(/(shared|functions)\//))}`;
      ourFunctions.set(where, (ourFunctions.get(where) ?? 0) + micros);
    }
  }
  const msPerEvent = (micros: number) => (micros / 1000 / burst.events).toFixed(3);
  const ours = [...byOwner].filter(([owner]) => isOurs(owner));
  const oursMicros = ours.reduce((sum, [, micros]) => sum + micros, 0);
  const sdkCalls = burst.calls.filter((call) => call.fn !== 'harness').length;
  restoreOutput();
  out(
    `${burst.events} events in ${(burst.elapsedMs / 1000).toFixed(1)} s = ${(burst.events / (burst.elapsedMs / 1000)).toFixed(1)} events/s; ${(sdkCalls / burst.events).toFixed(2)} AWS SDK calls per event by the functions\n`,
  );
  out(
    `CPU ${msPerEvent(total)} ms per event in all; our Lambda code (shared/, self time) ${msPerEvent(oursMicros)} ms = ${((100 * oursMicros) / total).toFixed(1)} %\n`,
  );
  out('CPU time of this process by owner (top 20), share and ms per event:\n');
  for (const [owner, micros] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    out(
      `  ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${msPerEvent(micros)}  ${owner}\n`,
    );
  }
  out('our functions by self time (top 10), ms per event:\n');
  for (const [where, micros] of [...ourFunctions].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
    out(`  ${msPerEvent(micros)}  ${where}\n`);
  }
} finally {
  await bench.stop();
  uninstall();
  restoreOutput();
}
process.exit(0);
