import type { SQSBatchItemFailure, SQSBatchResponse } from 'aws-lambda';
import type { Observability } from './ports/observability.js';

/** The part of an SQS record a consumer reads. */
export interface SqsMessage {
  readonly messageId: string;
  readonly body: string;
}

/** What one queue's consumer does with a record. */
export interface SqsMessageConsumer<T, R extends SqsMessage = SqsMessage> {
  /** The message in a record body; throws when the body is not one (a poison message). */
  parse(body: string): T;
  /** Handles one message; a throw returns the record to the queue. */
  handle(message: T, record: R): Promise<unknown>;
  /** The ids that name a message in the failure log (never a token or a secret). */
  ids?(message: T): Record<string, unknown>;
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
 * code that refused it is fixed.
 *
 * @example
 * ```ts
 * return processSqsBatch(event.Records, { parse, handle: (message) => use(message) }, { logger, metrics });
 * // { batchItemFailures: [{ itemIdentifier: 'm-2' }] }: only m-2 failed
 * ```
 */
export async function processSqsBatch<T, R extends SqsMessage>(
  records: readonly R[],
  consumer: SqsMessageConsumer<T, R>,
  observability: Observability,
): Promise<SQSBatchResponse> {
  const results = await Promise.all(
    records.map((record) => processRecord(record, consumer, observability)),
  );
  const batchItemFailures = results.filter(
    (failure): failure is SQSBatchItemFailure => failure !== undefined,
  );
  return { batchItemFailures };
}

async function processRecord<T, R extends SqsMessage>(
  record: R,
  consumer: SqsMessageConsumer<T, R>,
  { logger, metrics }: Observability,
): Promise<SQSBatchItemFailure | undefined> {
  const failed = { itemIdentifier: record.messageId };
  let message: T;
  try {
    message = consumer.parse(record.body);
  } catch (error) {
    // The name only: a parser's message may quote the body, which stays in the DLQ to read.
    logger.error('poison message: reported as failed, to reach the DLQ', {
      messageId: record.messageId,
      error: error instanceof Error ? error.name : typeof error,
    });
    metrics.addMetric('PoisonMessages', 'Count', 1);
    return failed;
  }
  try {
    await consumer.handle(message, record);
    return undefined;
  } catch (error) {
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
function describe(error: unknown): { name: string; message: string } | string {
  return error instanceof Error ? { name: error.name, message: error.message } : String(error);
}
