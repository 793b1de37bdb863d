import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/** How a poller hands a batch to its function. */
export type BatchInvoker = (event: SQSEvent) => Promise<unknown>;

/** One queue's event-source mapping. */
export interface QueuePollerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  /** Records per invocation at most (Lambda's `BatchSize`). */
  readonly batchSize: number;
  readonly invoke: BatchInvoker;
  /** Long-poll wait per receive; short so that stopping is quick. */
  readonly waitTimeSeconds?: number;
  /** Concurrent receive loops (Lambda runs several pollers per queue). */
  readonly concurrency?: number;
  readonly onError?: (error: unknown) => void;
}

/** A running event-source mapping: a queue's here, a table stream's in `stream-poller.ts`. */
export interface EventSourcePoller {
  /** True while a batch is in hand (received or fetched, and not yet handled and settled). */
  readonly busy: boolean;
  stop(): Promise<void>;
}

const SQS_MAX_PER_RECEIVE = 10;

/**
 * The SQS event Lambda would build for these messages.
 *
 * @example
 * ```ts
 * const event = toSqsEvent(messages, queueArn);
 * ```
 */
export function toSqsEvent(messages: readonly Message[], queueArn: string): SQSEvent {
  return {
    Records: messages.map(
      (message): SQSRecord => ({
        messageId: message.MessageId!,
        receiptHandle: message.ReceiptHandle!,
        body: message.Body ?? '',
        attributes: {
          ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
          SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
          SenderId: message.Attributes?.SenderId ?? '000000000000',
          ApproximateFirstReceiveTimestamp:
            message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
        },
        messageAttributes: Object.fromEntries(
          Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
            name,
            {
              dataType: value.DataType ?? 'String',
              ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
              ...(value.BinaryValue !== undefined
                ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
                : {}),
              stringListValues: [],
              binaryListValues: [],
            },
          ]),
        ),
        md5OfBody: message.MD5OfBody ?? '',
        ...(message.MD5OfMessageAttributes
          ? { md5OfMessageAttributes: message.MD5OfMessageAttributes }
          : {}),
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: queueArn.split(':')[3] ?? 'us-east-1',
      }),
    ),
  };
}

/**
 * Which messages of a batch succeeded, by Lambda's partial-batch rules: a throw fails the whole
 * batch; `batchItemFailures` fails the listed ids; a failure entry that names no message of the
 * batch (empty or unknown id) fails the whole batch.
 *
 * @example
 * ```ts
 * succeededMessages(batch, { batchItemFailures: [{ itemIdentifier: 'm2' }] }); // every message but m2
 * ```
 */
export function succeededMessages(
  messages: readonly Message[],
  outcome: { ok: true; result: unknown } | { ok: false },
): Message[] {
  if (!outcome.ok) return [];
  const response = outcome.result as Partial<SQSBatchResponse> | null;
  const failures = response?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return [...messages];
  const ids = new Set(messages.map((message) => message.MessageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = failure?.itemIdentifier;
    if (typeof id !== 'string' || !ids.has(id)) return [];
    failed.add(id);
  }
  return messages.filter((message) => !failed.has(message.MessageId!));
}

/**
 * Starts polling a queue with Lambda event-source-mapping semantics: up to `batchSize` records
 * per invocation, successes deleted, failures left to reappear after the visibility timeout
 * (the queue's RedrivePolicy moves them to the DLQ after `maxReceiveCount` receives).
 *
 * @example
 * ```ts
 * const poller = startQueuePoller({ sqs, queueUrl, queueArn, batchSize: 10, invoke });
 * await poller.stop();
 * ```
 */
export function startQueuePoller(options: QueuePollerOptions): EventSourcePoller {
  const { sqs, queueUrl, queueArn, batchSize } = options;
  const abort = new AbortController();
  let running = true;
  let busyLoops = 0;

  const receive = async (max: number, waitTimeSeconds: number) => {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(max, SQS_MAX_PER_RECEIVE),
        WaitTimeSeconds: waitTimeSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    return Messages ?? [];
  };

  const runBatch = async (batch: Message[]) => {
    let outcome: { ok: true; result: unknown } | { ok: false };
    try {
      outcome = { ok: true, result: await options.invoke(toSqsEvent(batch, queueArn)) };
    } catch (error) {
      options.onError?.(error);
      outcome = { ok: false };
    }
    const done = succeededMessages(batch, outcome);
    for (let i = 0; i < done.length; i += SQS_MAX_PER_RECEIVE) {
      const chunk = done.slice(i, i + SQS_MAX_PER_RECEIVE);
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle!,
          })),
        }),
      );
    }
  };

  const loop = async () => {
    while (running) {
      try {
        const first = await receive(batchSize, options.waitTimeSeconds ?? 1);
        if (first.length === 0) {
          // Yield to timers and I/O even when an empty receive answers at once.
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        busyLoops += 1;
        try {
          const batch = [...first];
          // Fill the batch up to batchSize with what is already waiting (SQS gives 10 per call).
          while (running && batch.length < batchSize) {
            const more = await receive(batchSize - batch.length, 0);
            if (more.length === 0) break;
            batch.push(...more);
          }
          await runBatch(batch);
        } finally {
          busyLoops -= 1;
        }
      } catch (error) {
        if (!running) return;
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };

  const loops = Array.from({ length: options.concurrency ?? 1 }, () => loop());
  return {
    get busy() {
      return busyLoops > 0;
    },
    async stop() {
      running = false;
      abort.abort();
      await Promise.allSettled(loops);
    },
  };
}
