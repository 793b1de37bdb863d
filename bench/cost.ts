import { FUNCTIONS, type FunctionName } from '../infra/definition.js';
import type { CorpusRun, PerEventCounts } from './corpus.js';
import { ESTIMATED_LOG_BYTES_PER_INVOCATION, PRICES_USD } from './prices.js';

/** Dollars per million webhook events, by line item. */
export interface CostBreakdown {
  readonly lambdaCompute: number;
  readonly lambdaRequests: number;
  readonly httpApi: number;
  readonly sns: number;
  readonly sqs: number;
  readonly dynamodb: number;
  readonly secretsManager: number;
  readonly logs: number;
  readonly total: number;
}

/**
 * Cost of one million webhook events on AWS, from the corpus run's per-event operation counts and
 * its measured in-process durations (each function billed at its configured memory on arm64;
 * durations measured locally, under the corpus's concurrency, so an upper-side estimate).
 *
 * @example
 * ```ts
 * const cost = costPerMillionEvents(run, perEventCounts(run));
 * cost.total;
 * ```
 */
export function costPerMillionEvents(run: CorpusRun, perEvent: PerEventCounts): CostBreakdown {
  const million = 1_000_000;
  let gbSeconds = 0;
  let invocations = 0;
  for (const [name, stats] of run.invocations) {
    const memoryGb = FUNCTIONS[name as FunctionName].memoryMb / 1024;
    // Lambda bills each invocation's duration rounded up to the millisecond.
    const billedMs = stats.totalMs + stats.invocations * 0.5;
    gbSeconds += (billedMs / 1000) * memoryGb;
    invocations += stats.invocations;
  }
  const perEventGbSeconds = gbSeconds / run.events;
  const perEventInvocations = invocations / run.events;
  const lambdaCompute = perEventGbSeconds * million * PRICES_USD.lambdaArmPerGbSecond;
  const lambdaRequests = perEventInvocations * PRICES_USD.lambdaPerMillionRequests;
  const httpApi = (run.deliveries / run.events) * PRICES_USD.httpApiPerMillionRequests;
  const publishes = run.calls.filter((c) => c.command === 'PublishCommand' && !c.failed).length;
  const sns =
    (publishes / run.events) * PRICES_USD.snsPublishPerMillion +
    perEvent.fanOutDeliveries * PRICES_USD.snsToSqsDeliveryPerMillion;
  // Each SNS → SQS delivery is one SQS send; the event source mapping receives and deletes.
  const sqsRequests =
    perEvent.fanOutDeliveries +
    perEvent.sqsReceives +
    perEvent.sqsDeletes +
    (perEvent.queueSends - publishes / run.events);
  const sqs = sqsRequests * PRICES_USD.sqsPerMillionRequests;
  const dynamodb =
    Math.max(perEvent.dynamodbWriteUnits, perEvent.dynamodbWrites) *
      PRICES_USD.dynamodbPerMillionWru +
    Math.max(perEvent.dynamodbReadUnits, perEvent.dynamodbReads * 0.5) *
      PRICES_USD.dynamodbPerMillionRru;
  const secretsManager = perEvent.secretsReads * 100 * PRICES_USD.secretsManagerPer10kCalls;
  const logs =
    ((perEventInvocations * ESTIMATED_LOG_BYTES_PER_INVOCATION * million) / 1024 ** 3) *
    PRICES_USD.cloudwatchLogsPerGbIngested;
  const total =
    lambdaCompute + lambdaRequests + httpApi + sns + sqs + dynamodb + secretsManager + logs;
  return {
    lambdaCompute,
    lambdaRequests,
    httpApi,
    sns,
    sqs,
    dynamodb,
    secretsManager,
    logs,
    total,
  };
}
