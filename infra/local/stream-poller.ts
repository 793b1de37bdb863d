import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { matchesAnyFilter } from './event-filter.js';
import type { EventSourcePoller } from './pollers.js';

/** One table-stream event-source mapping. */
export interface StreamPollerOptions {
  readonly streams: DynamoDBStreamsClient;
  readonly streamArn: string;
  readonly batchSize: number;
  readonly maxRetryAttempts: number;
  readonly filterPatterns: readonly Record<string, unknown>[];
  readonly invoke: (event: DynamoDBStreamEvent) => Promise<unknown>;
  /** Where a batch that failed every retry is described (Lambda's on-failure destination). */
  readonly onFailure: { readonly sqs: SQSClient; readonly queueUrl: string };
  readonly pollIntervalMs?: number;
  readonly retryDelayMs?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * The Lambda stream record for a DynamoDB Streams record (creation time in epoch seconds).
 *
 * @example
 * ```ts
 * const record = toLambdaRecord(sdkRecord, streamArn);
 * ```
 */
export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb ?? {};
  const created = change.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? 'us-east-1',
    eventSourceARN: streamArn,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
      Keys: change.Keys as never,
      ...(change.NewImage ? { NewImage: change.NewImage as never } : {}),
      ...(change.OldImage ? { OldImage: change.OldImage as never } : {}),
      SequenceNumber: change.SequenceNumber,
      SizeBytes: change.SizeBytes,
      StreamViewType: change.StreamViewType as never,
    },
  };
}

/**
 * How many leading records of a batch succeeded, by Lambda's stream rules: a throw fails the
 * whole batch; `batchItemFailures` names the record to resume from (everything before it is
 * done); a failure naming no record of the batch fails the whole batch.
 *
 * @example
 * ```ts
 * succeededPrefix(batch, { ok: true, result: { batchItemFailures: [{ itemIdentifier: '3' }] } });
 * ```
 */
export function succeededPrefix(
  batch: readonly DynamoDBRecord[],
  outcome: { ok: true; result: unknown } | { ok: false },
): number {
  if (!outcome.ok) return 0;
  const failures = (outcome.result as Partial<DynamoDBBatchResponse> | null)?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return batch.length;
  const indexes = failures.map((failure) =>
    batch.findIndex((record) => record.dynamodb?.SequenceNumber === failure?.itemIdentifier),
  );
  if (indexes.some((index) => index < 0)) return 0;
  return Math.min(...indexes);
}

interface ShardState {
  iterator: string | undefined;
  done: boolean;
  parent: string | undefined;
}

/**
 * Polls a DynamoDB stream with Lambda's event-source-mapping semantics: every shard from its
 * start (`TRIM_HORIZON`), a parent shard before its children, records in order, the filter
 * patterns applied before the function sees a record, up to `batchSize` per invocation, a
 * failed batch retried from the failed record (`reportBatchItemFailures`) until
 * `maxRetryAttempts`, then described on the on-failure queue and skipped.
 *
 * @example
 * ```ts
 * const poller = startStreamPoller({ streams, streamArn, batchSize: 100, maxRetryAttempts: 10, filterPatterns, invoke, onFailure });
 * ```
 */
export function startStreamPoller(options: StreamPollerOptions): EventSourcePoller {
  const { streams, streamArn } = options;
  const shards = new Map<string, ShardState>();
  let running = true;
  let busy = false;
  let wake: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const refreshShards = async () => {
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        if (!shard.ShardId || shards.has(shard.ShardId)) continue;
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        shards.set(shard.ShardId, {
          iterator: ShardIterator,
          done: ShardIterator === undefined,
          parent: shard.ParentShardId,
        });
      }
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
  };

  const describeFailure = async (batch: readonly DynamoDBRecord[], attempts: number) => {
    await options.onFailure.sqs.send(
      new SendMessageCommand({
        QueueUrl: options.onFailure.queueUrl,
        MessageBody: JSON.stringify({
          requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: attempts },
          DDBStreamBatchInfo: {
            streamArn,
            startSequenceNumber: batch[0]?.dynamodb?.SequenceNumber,
            endSequenceNumber: batch.at(-1)?.dynamodb?.SequenceNumber,
            batchSize: batch.length,
          },
        }),
      }),
    );
  };

  const handle = async (records: DynamoDBRecord[]) => {
    let pending = records;
    let attempts = 0;
    while (pending.length > 0 && running) {
      const batch = pending.slice(0, options.batchSize);
      let outcome: { ok: true; result: unknown } | { ok: false };
      try {
        outcome = { ok: true, result: await options.invoke({ Records: batch }) };
      } catch (error) {
        options.onError?.(error);
        outcome = { ok: false };
      }
      const done = succeededPrefix(batch, outcome);
      if (done === batch.length) {
        pending = pending.slice(batch.length);
        attempts = 0;
        continue;
      }
      pending = pending.slice(done);
      attempts = done > 0 ? 1 : attempts + 1;
      if (attempts > options.maxRetryAttempts) {
        const failed = batch.slice(done);
        await describeFailure(failed, attempts);
        pending = pending.slice(failed.length);
        attempts = 0;
        continue;
      }
      await sleep(options.retryDelayMs ?? 500);
    }
  };

  const pollShard = async (state: ShardState) => {
    if (state.done || !state.iterator) return false;
    const parent = state.parent ? shards.get(state.parent) : undefined;
    if (parent && !parent.done) return false;
    const page = await streams.send(
      new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 1000 }),
    );
    state.iterator = page.NextShardIterator;
    if (!page.NextShardIterator) state.done = true;
    const records = (page.Records ?? [])
      .map((record) => toLambdaRecord(record, streamArn))
      .filter((record) => matchesAnyFilter(options.filterPatterns, record));
    if (records.length === 0) return (page.Records ?? []).length > 0;
    busy = true;
    try {
      await handle(records);
    } finally {
      busy = false;
    }
    return true;
  };

  const loop = async () => {
    let lastRefresh = 0;
    while (running) {
      try {
        if (Date.now() - lastRefresh > 1_000) {
          await refreshShards();
          lastRefresh = Date.now();
        }
        let progressed = false;
        for (const state of shards.values()) {
          if (!running) break;
          progressed = (await pollShard(state)) || progressed;
        }
        if (!progressed) await sleep(options.pollIntervalMs ?? 100);
      } catch (error) {
        if (!running) return;
        options.onError?.(error);
        await sleep(500);
      }
    }
  };

  const loopDone = loop();
  return {
    get busy() {
      return busy;
    },
    async stop() {
      running = false;
      wake?.();
      await loopDone;
    },
  };
}
