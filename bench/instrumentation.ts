import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { FunctionName } from '../infra/definition.js';
import type { LambdaRuntime } from '../infra/local/lambda-runtime.js';
import { dynamodbWriteKind, type WriteKind } from './write-kinds.js';

/** One AWS SDK call seen by the bench middleware. */
export interface AwsCall {
  /** The client, e.g. `DynamoDBClient`, `SNSClient`. */
  readonly client: string;
  /** The command, e.g. `PutItemCommand`, `PublishCommand`. */
  readonly command: string;
  /** DynamoDB capacity units the call consumed (DynamoDB Local reports them), else 0. */
  readonly capacityUnits: number;
  /** Messages a `ReceiveMessage` or records a stream `GetRecords` returned (0 for other commands). */
  readonly messages: number;
  readonly failed: boolean;
  /** The function whose invocation made the call (`instrumentRuntime`), or `harness`. */
  readonly fn: string;
  /** What a DynamoDB write is for ({@link dynamodbWriteKind}); undefined for other calls. */
  readonly kind?: WriteKind;
}

// The invocation a call belongs to: set by `instrumentRuntime` around every invocation.
const invocationScope = new AsyncLocalStorage<FunctionName>();
const currentFunction = (): string => invocationScope.getStore() ?? 'harness';

/** What {@link instrumentAwsSdk} calls: an observer, and an optional fault injector. */
export interface AwsInstrumentation {
  onCall(call: AwsCall): void;
  /** Returns an error to throw instead of sending the call (fault injection), or undefined. */
  fault?(client: string, command: string): Error | undefined;
}

const CAPACITY_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
  'TransactGetItemsCommand',
]);

interface SmithyClientLike {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { input: Record<string, unknown> }) => Promise<{ output: unknown }>,
        context: { clientName?: string; commandName?: string },
      ) => (args: { input: Record<string, unknown> }) => Promise<{ output: unknown }>,
      options: { step: 'initialize'; name: string; priority: 'high' },
    ): void;
  };
  send(...args: unknown[]): Promise<unknown>;
}

function capacityOf(output: unknown): number {
  const consumed = (output as { ConsumedCapacity?: unknown } | undefined)?.ConsumedCapacity;
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce(
    (sum: number, entry: { CapacityUnits?: number }) => sum + (entry.CapacityUnits ?? 0),
    0,
  );
}

/**
 * Attaches an `initialize`-step middleware to every AWS SDK client of this process the first time
 * it sends (the entry files build their clients at module scope, and the webhook intake builds
 * its own SNS/Secrets Manager clients outside `shared/adapters/aws-clients.ts` to stay small, so
 * hooking the shared smithy `Client.send` is the one place that sees them all). DynamoDB calls
 * ask for `ReturnConsumedCapacity: TOTAL` so capacity can be reported. Returns the uninstaller.
 *
 * @example
 * ```ts
 * const calls: AwsCall[] = [];
 * const uninstall = instrumentAwsSdk({ onCall: (call) => calls.push(call) });
 * ```
 */
export function instrumentAwsSdk(instrumentation: AwsInstrumentation): () => void {
  const prototype = Object.getPrototypeOf(DynamoDBClient.prototype) as SmithyClientLike;
  const originalSend = prototype.send;
  const instrumented = new WeakSet<object>();
  prototype.send = function send(this: SmithyClientLike, ...args: unknown[]) {
    if (!instrumented.has(this.middlewareStack)) {
      instrumented.add(this.middlewareStack);
      this.middlewareStack.add(
        (next, context) => async (callArgs) => {
          const client = context.clientName ?? 'unknown';
          const command = context.commandName ?? 'unknown';
          const kind =
            client === 'DynamoDBClient' ? dynamodbWriteKind(command, callArgs.input) : undefined;
          const recordFailed = () =>
            instrumentation.onCall({
              client,
              command,
              capacityUnits: 0,
              messages: 0,
              failed: true,
              fn: currentFunction(),
              kind,
            });
          const fault = instrumentation.fault?.(client, command);
          if (fault) {
            recordFailed();
            throw fault;
          }
          const withCapacity =
            client === 'DynamoDBClient' && CAPACITY_COMMANDS.has(command)
              ? { ...callArgs, input: { ...callArgs.input, ReturnConsumedCapacity: 'TOTAL' } }
              : callArgs;
          try {
            const result = await next(withCapacity);
            const output = result.output as
              | { Messages?: unknown[]; Records?: unknown[] }
              | undefined;
            const messages = output?.Messages ?? output?.Records;
            instrumentation.onCall({
              client,
              command,
              capacityUnits: capacityOf(result.output),
              messages: Array.isArray(messages) ? messages.length : 0,
              failed: false,
              fn: currentFunction(),
              kind,
            });
            return result;
          } catch (error) {
            recordFailed();
            throw error;
          }
        },
        { step: 'initialize', name: 'benchObserver', priority: 'high' },
      );
    }
    return originalSend.apply(this, args);
  };
  return () => {
    prototype.send = originalSend;
  };
}

/** Per-function invocation figures collected by {@link instrumentRuntime}. */
export interface InvocationStats {
  invocations: number;
  records: number;
  /** Records the function reported back as `batchItemFailures` (SQS redelivers them). */
  failedRecords: number;
  totalMs: number;
  errors: number;
}

/** What the runtime wrapper may do to one invocation (the chaos "processor crash"). */
export type InvokeInterceptor = (
  name: FunctionName,
  event: unknown,
  invoke: (event: unknown) => Promise<unknown>,
) => Promise<unknown> | undefined;

/**
 * Wraps the local stack's in-process Lambda runtime (`LocalStack.runtime`, which the gateway and
 * the queue pollers call for every invocation): times every invocation per function, counts SQS
 * records, and lets an interceptor replace an invocation (fault injection).
 *
 * @example
 * ```ts
 * const stats = instrumentRuntime(stack.runtime);
 * stats.get('webhookIntake')?.totalMs;
 * ```
 */
export function instrumentRuntime(
  runtime: LambdaRuntime,
  interceptor?: { current?: InvokeInterceptor },
): Map<FunctionName, InvocationStats> {
  const stats = new Map<FunctionName, InvocationStats>();
  const original = runtime.invoke.bind(runtime);
  runtime.invoke = async (name, event) => {
    const entry = stats.get(name) ?? {
      invocations: 0,
      records: 0,
      failedRecords: 0,
      totalMs: 0,
      errors: 0,
    };
    stats.set(name, entry);
    entry.invocations += 1;
    const records = (event as { Records?: unknown[] } | null)?.Records;
    entry.records += Array.isArray(records) ? records.length : 0;
    const started = performance.now();
    try {
      const result = await invocationScope.run(name, () => {
        const replaced = interceptor?.current?.(name, event, (e) => original(name, e));
        return replaced ?? original(name, event);
      });
      const failures = (result as { batchItemFailures?: unknown[] } | null)?.batchItemFailures;
      entry.failedRecords += Array.isArray(failures) ? failures.length : 0;
      return result;
    } catch (error) {
      entry.errors += 1;
      throw error;
    } finally {
      entry.totalMs += performance.now() - started;
    }
  };
  return stats;
}

/**
 * A snapshot copy of the stats, to subtract a phase's start from its end.
 *
 * @example
 * ```ts
 * const before = snapshotStats(stats);
 * ```
 */
export function snapshotStats(
  stats: Map<FunctionName, InvocationStats>,
): Map<FunctionName, InvocationStats> {
  return new Map([...stats].map(([name, entry]) => [name, { ...entry }]));
}

/**
 * `after - before`, per function.
 *
 * @example
 * ```ts
 * const phase = diffStats(before, snapshotStats(stats));
 * ```
 */
export function diffStats(
  before: Map<FunctionName, InvocationStats>,
  after: Map<FunctionName, InvocationStats>,
): Map<FunctionName, InvocationStats> {
  const result = new Map<FunctionName, InvocationStats>();
  for (const [name, entry] of after) {
    const base = before.get(name) ?? {
      invocations: 0,
      records: 0,
      failedRecords: 0,
      totalMs: 0,
      errors: 0,
    };
    result.set(name, {
      invocations: entry.invocations - base.invocations,
      records: entry.records - base.records,
      failedRecords: entry.failedRecords - base.failedRecords,
      totalMs: entry.totalMs - base.totalMs,
      errors: entry.errors - base.errors,
    });
  }
  return result;
}
