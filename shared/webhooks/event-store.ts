import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type EventItem, keys } from '../adapters/dynamodb/table-design.js';
import { type Clock, systemClock } from '../ports/clock.js';
import type { Logger, Metrics } from '../ports/observability.js';
import type { AccountOwners } from './leg-store.js';
import { accountIdOf, customerIdOf, type DwollaEventPayload } from './payload.js';
import { eventIds, processDwollaEventBatch } from './transfer-chain-sqs.js';

/** A stored event's identity: events live under their resource (`keys.event`). */
export interface EventRef {
  readonly resourceId: string;
  readonly eventId: string;
}

/**
 * Where Dwolla events are kept, once per event id
 * (https://developers.dwolla.com/guides/webhooks/process-validate: deduplicate on the event `id`).
 * The DynamoDB adapter is `dynamodb-event-store.ts`.
 */
export interface EventRepository {
  /** Writes the item unless an event with its key exists; never overwrites. */
  putIfAbsent(item: EventItem): Promise<'stored' | 'duplicate'>;
  /** The event ids among `refs` that are already stored. */
  storedEventIds(refs: readonly EventRef[]): Promise<ReadonlySet<string>>;
}

/**
 * The event item for a Dwolla event: its ids, topic, correlation and account/customer ids, when
 * Dwolla created it and when we received it, and the payload exactly as received.
 *
 * @example
 * ```ts
 * const item = toEventItem(parseDwollaEvent(JSON.parse(body)), body, new Date());
 * ```
 */
function toEventItem(event: DwollaEventPayload, rawBody: string, receivedAt: Date): EventItem {
  return {
    ...keys.event(event.resourceId, event.id),
    eventId: event.id,
    topic: event.topic,
    resourceId: event.resourceId,
    created: event.created,
    receivedAt: receivedAt.toISOString(),
    correlationId: event.correlationId,
    accountId: accountIdOf(event),
    customerId: customerIdOf(event),
    payload: rawBody,
  };
}

export interface EventStoreDependencies {
  readonly repository: EventRepository;
  /** Who owns the event's account (`_links.account`): an event of none is counted. */
  readonly owners: AccountOwners;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock?: Clock;
}

/**
 * The event store processor: every record of the SQS batch (raw Dwolla JSON, any topic — unknown
 * future topics included) is stored with a conditional Put, the records of a batch concurrently.
 * A duplicate (redelivery, or a replay by `reconcile`) is a success counted as
 * `WebhookDuplicates`; a write that fails is reported in `batchItemFailures` so only that record
 * is retried; a body that is not a Dwolla event is a poison message (logged, `PoisonMessages`,
 * reported as failed so it reaches the DLQ: {@link processDwollaEventBatch}). A new event
 * naming an account no tenant owns is kept all the same (visible to none) and counted as
 * `EventsOfUnownedAccount`.
 *
 * @example
 * ```ts
 * const storeEvents = createEventStoreProcessor({ repository, owners, logger, metrics });
 * const { batchItemFailures } = await storeEvents(sqsEvent);
 * ```
 */
export function createEventStoreProcessor(
  deps: EventStoreDependencies,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const clock = deps.clock ?? systemClock;

  async function storeRecord(event: DwollaEventPayload, record: SQSRecord): Promise<void> {
    const receivedAt = receivedAtOf(record) ?? clock.now();
    const ids = eventIds(event);
    const outcome = await deps.repository.putIfAbsent(toEventItem(event, record.body, receivedAt));
    if (outcome === 'duplicate') {
      deps.metrics.addMetric('WebhookDuplicates', 'Count', 1);
      deps.logger.info('duplicate event ignored', ids);
      return;
    }
    deps.metrics.addMetric('EventsStored', 'Count', 1);
    await countIfUnowned(event, ids);
    const lagSeconds = (receivedAt.getTime() - Date.parse(event.created)) / 1000;
    if (Number.isFinite(lagSeconds)) {
      deps.metrics.addMetric('EventLagSeconds', 'Seconds', Math.max(0, lagSeconds));
    }
    deps.logger.info('event stored', { ...ids, correlationId: event.correlationId });
  }

  /** Counts a stored event whose account no tenant owns; never fails the record (it is stored). */
  async function countIfUnowned(
    event: DwollaEventPayload,
    ids: Record<string, string>,
  ): Promise<void> {
    const accountId = accountIdOf(event);
    if (accountId === undefined) return;
    try {
      if ((await deps.owners.ownerOf(accountId)) !== undefined) return;
      deps.metrics.addMetric('EventsOfUnownedAccount', 'Count', 1);
      deps.logger.warn('event of an account no tenant owns: stored, visible to none', {
        ...ids,
        accountId,
      });
    } catch (error) {
      deps.logger.warn('account owner not read; event stored uncounted', {
        ...ids,
        error: error instanceof Error ? error.name : String(error),
      });
    }
  }

  return function storeEvents(event) {
    return processDwollaEventBatch(event, storeRecord, deps);
  };
}

/**
 * When the event entered our system: SQS's `SentTimestamp` (SNS fan-out happens right after the
 * intake's publish), so a retried record keeps its original receipt time.
 */
function receivedAtOf(record: SQSRecord): Date | undefined {
  const sent = Number(record.attributes?.SentTimestamp);
  return Number.isFinite(sent) && sent > 0 ? new Date(sent) : undefined;
}
