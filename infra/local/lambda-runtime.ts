import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, type FunctionDefinition, type FunctionName } from '../../infra/definition.js';
import { type SdkClientHook, setSdkClientHook } from '../../shared/adapters/sdk-client-hook.js';
import { FUNCTION_ENV_NAMES } from '../function-environment.js';
import { LambdaTimeoutError } from './errors.js';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** Runs the functions of `infra/definition.ts` in this process, the way Lambda would. */
export interface LambdaRuntime {
  /**
   * Invokes a function: imports its entry file on first use (a cold start, then cached), builds a
   * Lambda `context`, enforces the timeout and returns the result as Lambda would serialise it.
   */
  invoke(name: FunctionName, event: unknown): Promise<unknown>;
  /** Invocations currently running. */
  readonly inFlight: number;
  /** Invocations started per function since the runtime was created. */
  invocationCounts(): Readonly<Partial<Record<FunctionName, number>>>;
}

/**
 * A Lambda-like `context`: request id, names, memory and a `getRemainingTimeInMillis` that
 * honours the function's timeout.
 *
 * @example
 * ```ts
 * const context = lambdaContext('health', FUNCTIONS.health, Date.now());
 * ```
 */
export function lambdaContext(
  name: string,
  definition: Pick<FunctionDefinition, 'timeoutSeconds' | 'memoryMb'>,
  startedAt: number,
): Context {
  const functionName = `dwolla-serverless-${name}`;
  const awsRequestId = randomUUID();
  const deadline = startedAt + definition.timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: String(definition.memoryMb),
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${awsRequestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The variables one function is started with (`functionEnvironment` of its definition). */
export type FunctionEnvironmentOf = (name: string) => Readonly<Record<string, string | undefined>>;

/** Imports run one after another (see `importWithEnvironment`). */
let importQueue: Promise<unknown> = Promise.resolve();

/**
 * Imports `url` with exactly `environment` as the function variables of `process.env` (every
 * other function variable unset) and with `clientHook` given every SDK client the module builds,
 * then puts both back. Entry files read their configuration and build their clients once, at
 * import, as a Lambda container does at its cold start; imports are run one at a time so no two
 * functions ever see each other's variables or hooks.
 *
 * @example
 * ```ts
 * const module = await importWithEnvironment(url, { TABLE_NAME: 'dwolla-serverless' });
 * ```
 */
export function importWithEnvironment<T>(
  url: string,
  environment: Readonly<Record<string, string | undefined>>,
  clientHook?: SdkClientHook,
): Promise<T> {
  const run = async (): Promise<T> => {
    const names = new Set([...FUNCTION_ENV_NAMES, ...Object.keys(environment)]);
    const saved = new Map([...names].map((name) => [name, process.env[name]]));
    for (const name of names) delete process.env[name];
    for (const [name, value] of Object.entries(environment)) {
      if (value !== undefined) process.env[name] = value;
    }
    setSdkClientHook(clientHook);
    try {
      return (await import(url)) as T;
    } finally {
      setSdkClientHook(undefined);
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  };
  const result = importQueue.then(run, run);
  importQueue = result.catch(() => undefined);
  return result;
}

/**
 * Creates the in-process runtime. With `environmentOf`, each function is imported with only its
 * own variables (`importWithEnvironment`), as the CDK app sets them on the deployed function;
 * without it, with whatever `process.env` holds at its first invocation.
 *
 * @example
 * ```ts
 * const runtime = createLambdaRuntime({ rootDir: process.cwd() });
 * await runtime.invoke('health', event);
 * ```
 */
export function createLambdaRuntime(options: {
  rootDir: string;
  functions?: Readonly<Record<string, FunctionDefinition>>;
  environmentOf?: FunctionEnvironmentOf;
  /** What to do with each SDK client a function builds (the local access check). */
  clientHookOf?: (name: string) => SdkClientHook | undefined;
}): LambdaRuntime {
  const functions: Readonly<Record<string, FunctionDefinition>> = options.functions ?? FUNCTIONS;
  const handlers = new Map<string, Promise<Handler>>();
  const counts: Partial<Record<FunctionName, number>> = {};
  let inFlight = 0;

  const load = (name: string, definition: FunctionDefinition): Promise<Handler> => {
    let handler = handlers.get(name);
    if (!handler) {
      const url = pathToFileURL(resolve(options.rootDir, definition.entry)).href;
      const imported = options.environmentOf
        ? importWithEnvironment<{ handler?: unknown }>(
            url,
            options.environmentOf(name),
            options.clientHookOf?.(name),
          )
        : (import(url) as Promise<{ handler?: unknown }>);
      handler = imported.then((module) => {
        if (typeof module.handler !== 'function') {
          throw new TypeError(`${definition.entry} does not export a handler function`);
        }
        return module.handler as Handler;
      });
      // A failed import is not cached: the next invocation retries, like a new container.
      handler.catch(() => handlers.delete(name));
      handlers.set(name, handler);
    }
    return handler;
  };

  return {
    get inFlight() {
      return inFlight;
    },
    invocationCounts: () => ({ ...counts }),
    async invoke(name, event) {
      const definition = functions[name];
      if (!definition) throw new TypeError(`Unknown function: ${name}`);
      counts[name] = (counts[name] ?? 0) + 1;
      inFlight += 1;
      let timer: NodeJS.Timeout | undefined;
      try {
        const handler = await load(name, definition);
        const context = lambdaContext(name, definition, Date.now());
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new LambdaTimeoutError(name, definition.timeoutSeconds)),
            definition.timeoutSeconds * 1000,
          );
        });
        const result = await Promise.race([handler(event, context), timeout]);
        // Lambda hands back JSON: what cannot survive serialisation does not reach the caller.
        return result === undefined ? null : JSON.parse(JSON.stringify(result));
      } finally {
        clearTimeout(timer);
        inFlight -= 1;
      }
    },
  };
}
