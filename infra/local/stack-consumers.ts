/**
 * What feeds the local stack's consumers, as Lambda's event-source mappings do when deployed:
 * pollers of every queue of `QUEUES` and of every table stream of `TABLE_STREAMS` (with the
 * stream's on-failure queue), and the wait until all of them are idle.
 */

import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import {
  type FunctionName,
  QUEUE_ENTRIES,
  type QueueDefinition,
  TABLE_STREAM_ENTRIES,
} from '../../infra/definition.js';
import type { LambdaRuntime } from './lambda-runtime.js';
import { type EventSourcePoller, startQueuePoller } from './pollers.js';
import type { LocalMessaging } from './queues.js';
import { TABLE_NAME } from './stack-environment.js';
import type { LocalClients } from './stack-services.js';
import { RESOURCE_PREFIX } from './stack-services.js';
import { startStreamPoller } from './stream-poller.js';

/**
 * Concurrent pollers of a queue: its `maxConcurrency` (capped: every local poller long-polls
 * fauxqs in this one process), else the stack's default.
 */
const MAX_LOCAL_POLLERS = 8;
function pollersFor(definition: QueueDefinition, fallback: number): number {
  return definition.maxConcurrency === undefined
    ? fallback
    : Math.min(definition.maxConcurrency, MAX_LOCAL_POLLERS);
}

/**
 * Creates the on-failure queue of every table stream mapping (Lambda's on-failure destination:
 * a plain queue of described batches); their URLs keyed `<name>StreamDlq`.
 *
 * @example
 * ```ts
 * const streamDlqUrls = await createStreamDlqs(clients.sqs);
 * ```
 */
export async function createStreamDlqs(sqs: LocalClients['sqs']): Promise<Record<string, string>> {
  const streamDlqUrls: Record<string, string> = {};
  for (const [name] of TABLE_STREAM_ENTRIES) {
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: `${RESOURCE_PREFIX}-${name}-stream-dlq` }),
    );
    streamDlqUrls[`${name}StreamDlq`] = QueueUrl!;
  }
  return streamDlqUrls;
}

/** What the consumers' pollers need. */
export interface ConsumersInput {
  readonly clients: LocalClients;
  readonly messaging: LocalMessaging;
  readonly runtime: LambdaRuntime;
  readonly streamDlqUrls: Readonly<Record<string, string>>;
  /** Concurrent pollers of a queue without a `maxConcurrency` of its own. */
  readonly pollerConcurrency: number;
  readonly log: (line: string) => void;
}

/**
 * Starts a poller for every queue and every table stream, each invoking its consumer, adding
 * each one to `pollers` as soon as it runs (so a failure part-way still lets them be stopped).
 *
 * @example
 * ```ts
 * await startConsumers({ clients, messaging, runtime, streamDlqUrls, pollerConcurrency: 2, log }, pollers);
 * ```
 */
export async function startConsumers(
  input: ConsumersInput,
  pollers: EventSourcePoller[],
): Promise<void> {
  const { clients, messaging, runtime, log } = input;
  for (const [name, definition] of QUEUE_ENTRIES) {
    const queue = messaging.queues[name];
    const consumer: FunctionName = definition.consumer;
    pollers.push(
      startQueuePoller({
        sqs: clients.sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        batchSize: queue.definition.batchSize,
        concurrency: pollersFor(queue.definition, input.pollerConcurrency),
        invoke: (event) => runtime.invoke(consumer, event),
        onError: (error) => log(`${consumer} batch failed: ${(error as Error).message}`),
      }),
    );
  }
  const { Table } = await clients.dynamodb.send(
    new DescribeTableCommand({ TableName: TABLE_NAME }),
  );
  for (const [name, stream] of TABLE_STREAM_ENTRIES) {
    const consumer: FunctionName = stream.consumer;
    pollers.push(
      startStreamPoller({
        streams: clients.dynamodbStreams,
        streamArn: Table!.LatestStreamArn!,
        batchSize: stream.batchSize,
        maxRetryAttempts: stream.maxRetryAttempts,
        filterPatterns: stream.filterPatterns,
        invoke: (event) => runtime.invoke(consumer, event),
        onFailure: { sqs: clients.sqs, queueUrl: input.streamDlqUrls[`${name}StreamDlq`]! },
        onError: (error) => log(`${consumer} stream batch failed: ${(error as Error).message}`),
      }),
    );
  }
}

/**
 * The stack's `waitForIdle`: resolves `true` once every queue is empty and no function or poller
 * runs (three checks in a row, 50 ms apart), `false` if that did not happen within `timeoutMs`.
 *
 * @example
 * ```ts
 * const waitForIdle = idleWaiter(runtime, pollers, messaging);
 * await waitForIdle(10_000);
 * ```
 */
export function idleWaiter(
  runtime: LambdaRuntime,
  pollers: readonly EventSourcePoller[],
  messaging: LocalMessaging,
): (timeoutMs?: number) => Promise<boolean> {
  const queues = Object.values(messaging.queues);
  return async (timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    let quietChecks = 0;
    while (Date.now() < deadline) {
      const busy =
        runtime.inFlight > 0 ||
        pollers.some((poller) => poller.busy) ||
        queues.some((queue) => messaging.pendingCount(queue.physicalName, queue.definition) > 0);
      quietChecks = busy ? 0 : quietChecks + 1;
      if (quietChecks >= 3) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  };
}
