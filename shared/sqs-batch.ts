import type { SQSBatchItemFailure, SQSBatchResponse } from 'aws-lambda';
import type { Observability } from './ports/observability.js';

/** The part of an SQS record a consumer reads. */
export interface SqsMessage {
  readonly messageId: string;
  readonly body: string;
}

/** What one queue's consumer does with a record; `O` is what handling a message resolves to. */
export interface SqsMessageConsumer<T, R extends SqsMessage = SqsMessage, O = unknown> {
  /** The message in a record body; throws when the body is not one (a poison message). */
  parse(body: string): T;
  /** Handles one message; a throw returns the record to the queue. */
  handle(message: T, record: R): Promise<O>;
  /** The ids that name a message in the failure log (never a token or a secret). */
  ids?(message: T): Record<string, unknown>;
}

/**
 * How a queue's consumer differs from the default: every handled message acknowledged, and a
 * handling error logged with its name and message.
 *
 * @example
 * ```ts
 * const options: SqsBatchOptions<DeliveryOutcome> = {
 *   returnToQueue: (outcome) => outcome.kind === 'retry',
 *   errorDetail: 'name',
 * };
 * ```
 */
export interface SqsBatchOptions<O = unknown> {
  /**
   * Whether a message handled without an error still goes back to the queue: reported as failed
   * with no error log, because it is an expected outcome (a scheduled retry whose handler has
   * already set the message's visibility to its backoff), not a fault.
   */
  returnToQueue?(outcome: O): boolean;
  /**
   * How much of a handling error (and of its cause) the failure log shows: its name and message
   * (the default), or its name only, for a consumer whose errors can quote what must never be
   * logged (an app's endpoint URL).
   */
  readonly errorDetail?: 'message' | 'name';
}

/**
 * The one partial-batch loop of the SQS consumers (`reportBatchItemFailures`): every record is
 * parsed and handled concurrently, and only the records that failed are reported, so nothing
 * else in the batch is redone.
 *
 * A poison message (a body `parse` refuses) is reported as failed like any other failure, with
 * an error log naming its message id and a `PoisonMessages` count. Money moves through these
 * queues: a message must never be lost, and dropping it would lose it, while acknowledging it
 * and keeping it elsewhere would need a second store and alarm. Reported as failed, it is
 * received `maxReceiveCount` times (a parse costs no I/O) and then moved by SQS's redrive policy
 * to the queue's DLQ, whose alarm fires and from which `npm run redrive` replays it once the
 * code that refused it is fixed. {@link SqsBatchOptions} let a consumer return a handled message
 * to the queue quietly and keep error messages out of its logs.
 *
 * @example
 * ```ts
 * return processSqsBatch(event.Records, { parse, handle: (message) => use(message) }, { logger, metrics });
 * // { batchItemFailures: [{ itemIdentifier: 'm-2' }] }: only m-2 failed
 * ```
 */
export async function processSqsBatch<T, R extends SqsMessage, O>(
  records: readonly R[],
  consumer: SqsMessageConsumer<T, R, O>,
  observability: Observability,
  options: SqsBatchOptions<NoInfer<O>> = {},
): Promise<SQSBatchResponse> {
  const results = await Promise.all(
    records.map((record) => processRecord(record, consumer, observability, options)),
  );
  const batchItemFailures = results.filter(
    (failure): failure is SQSBatchItemFailure => failure !== undefined,
  );
  return { batchItemFailures };
}

async function processRecord<T, R extends SqsMessage, O>(
  record: R,
  consumer: SqsMessageConsumer<T, R, O>,
  { logger, metrics }: Observability,
  { returnToQueue, errorDetail = 'message' }: SqsBatchOptions<O>,
): Promise<SQSBatchItemFailure | undefined> {
  const failed = { itemIdentifier: record.messageId };
  let message: T;
  try {
    message = consumer.parse(record.body);
  } catch (error) {
    // The name only: a parser's message may quote the body, which stays in the DLQ to read.
    logger.error('poison message: reported as failed, to reach the DLQ', {
      messageId: record.messageId,
      error: errorName(error),
    });
    metrics.addMetric('PoisonMessages', 'Count', 1);
    return failed;
  }
  try {
    const outcome = await consumer.handle(message, record);
    return returnToQueue?.(outcome) ? failed : undefined;
  } catch (error) {
    const describe = errorDetail === 'name' ? errorName : nameAndMessage;
    logger.error('message processing failed; returned to the queue', {
      messageId: record.messageId,
      ...consumer.ids?.(message),
      error: describe(error),
      cause:
        error instanceof Error && error.cause !== undefined ? describe(error.cause) : undefined,
    });
    return failed;
  }
}

/** Name and message only: our errors never carry a token or a secret, and no stack is needed. */
function nameAndMessage(error: unknown): { name: string; message: string } | string {
  return error instanceof Error ? { name: error.name, message: error.message } : String(error);
}

/** The name only: what is not an `Error` is named by its type, since its text could be anything. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
