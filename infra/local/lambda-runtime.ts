import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, type FunctionDefinition, type FunctionName } from '../../infra/definition.js';
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

/**
 * Creates the in-process runtime. `process.env` must hold the functions' configuration before
 * the first invocation, because entry files read it once at import (cold start).
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
}): LambdaRuntime {
  const functions: Readonly<Record<string, FunctionDefinition>> = options.functions ?? FUNCTIONS;
  const handlers = new Map<string, Promise<Handler>>();
  const counts: Partial<Record<FunctionName, number>> = {};
  let inFlight = 0;

  const load = (name: string, definition: FunctionDefinition): Promise<Handler> => {
    let handler = handlers.get(name);
    if (!handler) {
      const url = pathToFileURL(resolve(options.rootDir, definition.entry)).href;
      handler = import(url).then((module: { handler?: unknown }) => {
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
