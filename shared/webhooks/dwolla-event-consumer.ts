import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { type AwsAccountTokensConfig, awsAccountTokens } from '../accounts/aws.js';
import { buildDwollaClient, type DwollaOperation } from '../dwolla/index.js';
import { lambdaHandler } from '../observability/handler.js';
import { logger } from '../observability/logger.js';
import { metrics } from '../observability/metrics.js';
import { systemClock } from '../ports/clock.js';
import type { DwollaApi } from '../ports/dwolla-api.js';
import type { DwollaEventProcessor } from './event-processor.js';
import { processDwollaEventBatch } from './transfer-chain-sqs.js';

/** What {@link queueConsumerDependencies} reads of the environment. */
export interface QueueConsumerConfig extends AwsAccountTokensConfig {
  readonly DWOLLA_API_URL: string;
}

/**
 * What every Dwolla event processor is built from besides its stores: the Dwolla client (only the
 * operations the processor names, so its bundle leaves the others out), the
 * account tokens, the clock, the logger and the metrics. A throttled or failing Dwolla gets a
 * short in-call budget: the record then goes back to SQS, whose redelivery is the long backoff
 * (and the DLQ the end of it).
 *
 * @example
 * ```ts
 * const processor = createTransferChainProcessor({
 *   legs,
 *   owners,
 *   ...queueConsumerDependencies(config, ddb, { getTransfer, getTransferFailure }),
 * });
 * ```
 */
export function queueConsumerDependencies<K extends keyof DwollaApi>(
  config: QueueConsumerConfig,
  ddb: DynamoDBDocumentClient,
  dwollaOperations: { readonly [P in K]: DwollaOperation<P> },
) {
  return {
    dwolla: buildDwollaClient(
      { apiUrl: config.DWOLLA_API_URL, retry: { totalBudgetMs: 5_000 }, metrics },
      dwollaOperations,
    ),
    tokens: awsAccountTokens(config, { ddb }),
    clock: systemClock,
    logger,
    metrics,
  };
}

/**
 * The Lambda handler of an SQS consumer of Dwolla events: each record goes to
 * `processor.process`, and only the records worth retrying are reported
 * (`reportBatchItemFailures`, {@link processDwollaEventBatch}).
 *
 * @example
 * ```ts
 * export const handler = dwollaEventQueueHandler(createTransferChainProcessor(deps));
 * ```
 */
export function dwollaEventQueueHandler(processor: DwollaEventProcessor<unknown>) {
  return lambdaHandler((event: SQSEvent) =>
    processDwollaEventBatch(event, (payload) => processor.process(payload), { logger, metrics }),
  );
}
