import { itemText } from '../adapters/dynamodb/item-text.js';
import type { TransferStatus } from '../domain/transfer.js';
import type { LegEventFacts, LegSnapshot, LegTask } from './leg-store.js';

/**
 * How a leg's DynamoDB item reads for {@link DynamoDbLegStore}: the attributes of its one-time
 * tasks, whether it already holds an event's facts, and its snapshot.
 */

/** Attribute names of the one-time tasks: the claim and the "done" marker. */
export const TASK_ATTRIBUTES: Readonly<Record<LegTask, { claim: string; done: string }>> = {
  enrichment: { claim: 'enrichmentClaimedAt', done: 'enrichedAt' },
  failure: { claim: 'failureClaimedAt', done: 'failureFetchedAt' },
};

/**
 * True when the stored leg already holds every fact the event's status-less write would land
 * (each is `if_not_exists`), so that write would change nothing the processor decides on.
 */
export function holdsEveryFact(item: Record<string, unknown>, facts: LegEventFacts): boolean {
  const known = (name: string, value: unknown) => value === undefined || item[name] !== undefined;
  const claimKnown = (task: LegTask, token: string | undefined) =>
    token === undefined ||
    item[TASK_ATTRIBUTES[task].claim] !== undefined ||
    item[TASK_ATTRIBUTES[task].done] !== undefined;
  const indexed =
    facts.correlationId === undefined ||
    facts.tenantId === undefined ||
    (item.gsi1pk !== undefined && item.gsi1sk !== undefined);
  return (
    known('accountId', facts.accountId) &&
    known('tenantId', facts.tenantId) &&
    known('customerId', facts.customerId) &&
    known('correlationId', facts.correlationId) &&
    indexed &&
    claimKnown('enrichment', facts.enrichmentClaim) &&
    claimKnown('failure', facts.failureClaim)
  );
}

/** The leg as the processors read it, from its DynamoDB item. */
export function toSnapshot(item: Record<string, unknown>): LegSnapshot {
  const text = itemText(item);
  return {
    id: item.id as string,
    status: item.status as TransferStatus,
    statusRank: Number(item.statusRank),
    accountId: text('accountId'),
    tenantId: text('tenantId'),
    customerId: text('customerId'),
    correlationId: text('correlationId'),
    fundingTransferId: text('fundingTransferId'),
    fundedTransferId: text('fundedTransferId'),
    billPaymentId: text('billPaymentId'),
    enrichedAt: text('enrichedAt'),
    enrichmentClaim: text(TASK_ATTRIBUTES.enrichment.claim),
    failureClaim: text(TASK_ATTRIBUTES.failure.claim),
    failureFetchedAt: text('failureFetchedAt'),
    failureCode: text('failureCode'),
  };
}
