import type { SQSBatchResponse } from 'aws-lambda';
import * as z from 'zod/mini';
import { forEachConcurrently } from '../concurrency.js';
import { logger } from '../observability/logger.js';
import { metrics as powertoolsMetrics } from '../observability/metrics.js';
import { type Clock, systemClock } from '../ports/clock.js';
import type { Metrics } from '../ports/observability.js';
import { processSqsBatch, type SqsMessage } from '../sqs-batch.js';
import { AccountNotFoundError, ReauthorizationRequiredError } from './errors.js';
import type { AccountStore, RefreshQueue } from './ports.js';
import { DEFAULT_REFRESH_WINDOW_DAYS, dueBuckets, isRefreshDue } from './refresh-schedule.js';
import type { TokenRefresher } from './token-refresher.js';

/**
 * How many days of refresh-due buckets the scheduler reads. Refresh tokens live 60 days
 * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html): a bucket older than
 * that only holds accounts whose token is long dead, which the worker would mark
 * `reauthorization_required` anyway.
 */
const DEFAULT_LOOKBACK_DAYS = 60;

/** Day buckets read at once by the scheduled step. */
const BUCKET_CONCURRENCY = 8;

/** What one scheduled run did. */
export interface ScheduledRefreshSummary {
  readonly buckets: number;
  readonly queued: number;
}

/**
 * The scheduled step: reads the sparse `byRefreshDue` buckets from `lookbackDays` ago up to
 * today (never the whole table) and queues one message per due account, so 100k accounts
 * refresh in parallel with SQS retries and a DLQ.
 *
 * @example
 * ```ts
 * const { queued } = await queueDueRefreshes({ accounts, queue });
 * ```
 */
export async function queueDueRefreshes(deps: {
  accounts: Pick<AccountStore, 'listDue'>;
  queue: RefreshQueue;
  clock?: Clock;
  lookbackDays?: number;
}): Promise<ScheduledRefreshSummary> {
  const now = (deps.clock ?? systemClock).now();
  const buckets = dueBuckets(now, deps.lookbackDays ?? DEFAULT_LOOKBACK_DAYS);
  let queued = 0;
  // Most of the 61 day buckets are empty: reading a few at a time keeps the run (and its cold
  // start) short instead of paying one Query round trip after another.
  await forEachConcurrently(buckets, BUCKET_CONCURRENCY, async (bucket) => {
    for await (const accountIds of deps.accounts.listDue(bucket)) {
      await deps.queue.enqueue(accountIds);
      queued += accountIds.length;
    }
  });
  logger.info('token refreshes queued', { buckets: buckets.length, queued });
  return { buckets: buckets.length, queued };
}

/** How the worker ended for one account. */
export type RefreshResult =
  | 'refreshed'
  | 'not_due'
  | 'reauthorization_required'
  | 'unknown_account';

/**
 * The worker step for one account: refreshes it under its lease when its refresh is still due.
 * An account refreshed meanwhile (by another worker, an on-demand refresh or an earlier run) is
 * `not_due` and Dwolla is not called: that is what makes a second run right after a no-op.
 * A refused refresh token ends as `reauthorization_required`, never as a retried failure.
 *
 * @example
 * ```ts
 * const result = await refreshIfDue({ refresher }, accountId); // 'refreshed'
 * ```
 */
async function refreshIfDue(
  deps: { refresher: TokenRefresher; clock?: Clock; refreshWindowDays?: number },
  accountId: string,
): Promise<RefreshResult> {
  const clock = deps.clock ?? systemClock;
  const windowDays = deps.refreshWindowDays ?? DEFAULT_REFRESH_WINDOW_DAYS;
  try {
    const { refreshed } = await deps.refresher.refresh(accountId, (pair) =>
      isRefreshDue(pair, windowDays, clock.now()),
    );
    return refreshed ? 'refreshed' : 'not_due';
  } catch (error) {
    if (error instanceof ReauthorizationRequiredError) return 'reauthorization_required';
    if (error instanceof AccountNotFoundError) {
      logger.warn('token refresh skipped: unknown account', { accountId });
      return 'unknown_account';
    }
    throw error;
  }
}

const messageSchema = z.object({
  accountId: z.string().check(z.minLength(1), z.maxLength(128)),
});

/**
 * Runs {@link refreshIfDue} for every message of an SQS batch and reports the failures only
 * (partial batch response, {@link processSqsBatch}), so a busy lease or a Dwolla outage is
 * retried by SQS and ends in the DLQ after `maxReceiveCount`. A message that is not
 * `{ accountId }` is a poison message: counted as `PoisonMessages` and reported as failed, so it
 * reaches the DLQ too instead of being dropped.
 *
 * @example
 * ```ts
 * return handleRefreshBatch({ refresher }, event.Records);
 * ```
 */
export function handleRefreshBatch(
  deps: {
    refresher: TokenRefresher;
    clock?: Clock;
    refreshWindowDays?: number;
    /** Where `PoisonMessages` is counted; the Powertools sink by default. */
    metrics?: Metrics;
  },
  records: readonly SqsMessage[],
): Promise<SQSBatchResponse> {
  const metrics = deps.metrics ?? powertoolsMetrics;
  return processSqsBatch(
    records,
    {
      parse: (body) => messageSchema.parse(JSON.parse(body)).accountId,
      async handle(accountId) {
        const result = await refreshIfDue(deps, accountId);
        logger.info('token refresh processed', { accountId, result });
      },
      ids: (accountId) => ({ accountId }),
    },
    { logger, metrics },
  );
}
