import type { SQSEvent } from 'aws-lambda';
import { createDwollaClient } from '../dwolla/index.js';
import { lambdaHandler } from '../observability/handler.js';
import { logger } from '../observability/logger.js';
import { metrics } from '../observability/metrics.js';
import type { DwollaApi } from '../ports/dwolla-api.js';
import type { DwollaEventProcessor } from './event-processor.js';
import { processDwollaEventBatch } from './transfer-chain-sqs.js';

/**
 * The Dwolla client of a queue consumer. A throttled or failing Dwolla gets a short in-call
 * budget: the record then goes back to SQS, whose redelivery is the long backoff (and the DLQ
 * the end of it).
 *
 * @example
 * ```ts
 * const dwolla = queueConsumerDwollaClient(config.DWOLLA_API_URL);
 * ```
 */
export function queueConsumerDwollaClient(apiUrl: string): DwollaApi {
  return createDwollaClient({ apiUrl, retry: { totalBudgetMs: 5_000 }, metrics });
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
