import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { QUEUE_ENTRIES, TABLE_STREAM_ENTRIES } from '../definition.js';
import type { StatefulResources } from '../stacks/stateful-stack.js';
import type { DwollaFunctions } from './functions.js';

/**
 * Connects every consumer of the definition to what feeds it: each queue of `QUEUES` to its
 * consumer function (partial batch responses), and each table stream of `TABLE_STREAMS` to its
 * function (filtered, bisected on error, failed batches described on the stream's DLQ). The
 * event-source mappings live under their functions, so their logical ids follow the functions'.
 *
 * @example
 * ```ts
 * addConsumers(functions, stateful);
 * ```
 */
export function addConsumers(functions: DwollaFunctions, stateful: StatefulResources): void {
  addQueueConsumers(functions, stateful);
  addStreamConsumers(functions, stateful);
}

function addQueueConsumers(functions: DwollaFunctions, stateful: StatefulResources): void {
  for (const [name, definition] of QUEUE_ENTRIES) {
    const { queue } = stateful.queues[name];
    functions[definition.consumer].function.addEventSource(
      new SqsEventSource(queue, {
        batchSize: definition.batchSize,
        // Lambda accepts no batching window on a FIFO queue.
        ...(definition.fifo
          ? {}
          : { maxBatchingWindow: Duration.seconds(definition.maxBatchingWindowSeconds) }),
        ...(definition.maxConcurrency ? { maxConcurrency: definition.maxConcurrency } : {}),
        reportBatchItemFailures: true,
      }),
    );
  }
}

function addStreamConsumers(functions: DwollaFunctions, stateful: StatefulResources): void {
  for (const [name, definition] of TABLE_STREAM_ENTRIES) {
    functions[definition.consumer].function.addEventSource(
      new DynamoEventSource(stateful.table, {
        // From the oldest record: changes stored before the mapping existed are not lost.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: definition.batchSize,
        maxBatchingWindow: Duration.seconds(definition.maxBatchingWindowSeconds),
        retryAttempts: definition.maxRetryAttempts,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(stateful.streamDlqs[name]),
        filters: definition.filterPatterns.map((pattern) => lambda.FilterCriteria.filter(pattern)),
      }),
    );
  }
}
