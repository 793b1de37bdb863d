import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DynamoDbTableAdapter } from '../adapters/dynamodb/table-adapter.js';
import { keys } from '../adapters/dynamodb/table-design.js';
import { UpdateExpression } from '../adapters/dynamodb/update-expression.js';
import { STATUS_RANK, type TransferFailure, type TransferStatus } from '../domain/transfer.js';
import { holdsEveryFact, TASK_ATTRIBUTES, toSnapshot } from './dynamodb-leg-item.js';
import type {
  LegEnrichment,
  LegEventFacts,
  LegSnapshot,
  LegStore,
  LegTask,
  LegUpsertResult,
  NeighbourLinkField,
} from './leg-store.js';

/**
 * The failure reason and its "fetched" marker. The claim stays, as the enrichment's does:
 * `failureFetchedAt` ends it, and a removed claim would be set again by a redelivered `failed`
 * event's `applyEvent` (`if_not_exists`).
 */
function setFailure(
  expression: UpdateExpression,
  failure: TransferFailure,
  now: Date,
): UpdateExpression {
  return expression
    .set('failureCode', failure.code)
    .set('failureDescription', failure.description)
    .set('failureFetchedAt', now.toISOString());
}

/** Settings of {@link DynamoDbLegStore}. */
export interface DynamoDbLegStoreOptions {
  /** A document client built with `removeUndefinedValues` (`documentClient()`). */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/**
 * {@link LegStore} on the single table: one `UpdateItem` per write, conditions instead of reads,
 * so concurrent processors never lose each other's updates.
 *
 * @example
 * ```ts
 * const legs = new DynamoDbLegStore({ client: documentClient(), tableName: config.TABLE_NAME });
 * ```
 */
export class DynamoDbLegStore extends DynamoDbTableAdapter implements LegStore {
  async applyEvent(facts: LegEventFacts, now: Date): Promise<LegUpsertResult> {
    const rank = facts.status === undefined ? undefined : STATUS_RANK[facts.status];
    // A `pending` (rank 0) status never overrides anything: `if_not_exists` below says it in the
    // same single write, so only a higher-ranking status needs the condition.
    if (facts.status !== undefined && rank !== undefined && rank > STATUS_RANK.pending) {
      const withStatus = this.eventFacts(facts, now)
        .set('status', facts.status)
        .set('statusRank', rank);
      // A status applies only when it ranks higher than the stored one, whatever the arrival
      // order (https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7 ("General
      // recommendations");
      // https://developers.dwolla.com/api-reference/transfers/retrieve-a-transfer-failure-reason).
      const condition = `attribute_not_exists(${withStatus.name('statusRank')}) OR ${withStatus.name('statusRank')} < ${withStatus.value('statusRank', rank)}`;
      try {
        const leg = await this.update(facts.transferId, withStatus, condition, true);
        return { leg, statusApplied: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // The failed condition hands back the stored leg: a stale event that brings nothing new
        // costs this one write, not a second one to land facts already there.
        const stored = error.Item === undefined ? undefined : unmarshall(error.Item);
        if (stored !== undefined && holdsEveryFact(stored, facts)) {
          return { leg: toSnapshot(stored), statusApplied: false };
        }
      }
    }
    const withoutStatus = this.eventFacts(facts, now)
      .setIfNotExists('status', 'pending' satisfies TransferStatus)
      .setIfNotExists('statusRank', STATUS_RANK.pending);
    const leg = await this.update(facts.transferId, withoutStatus);
    return { leg, statusApplied: rank === STATUS_RANK.pending && leg.statusRank === rank };
  }

  async claim(transferId: string, task: LegTask, now: Date, leaseMs: number): Promise<boolean> {
    const { claim, done } = TASK_ATTRIBUTES[task];
    const expression = new UpdateExpression().set(claim, now.toISOString());
    const expired = expression.value('expired', new Date(now.getTime() - leaseMs).toISOString());
    const condition = `attribute_exists(${expression.name('pk')}) AND attribute_not_exists(${expression.name(done)}) AND (attribute_not_exists(#${claim}) OR #${claim} < ${expired})`;
    try {
      await this.update(transferId, expression, condition);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(transferId: string, task: LegTask, claim: string): Promise<void> {
    const attribute = TASK_ATTRIBUTES[task].claim;
    const expression = new UpdateExpression().remove(attribute);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.transfer(transferId),
          ConditionExpression: `${expression.name(attribute)} = ${expression.value('claimedAt', claim)}`,
          ...expression.input(),
        }),
      );
    } catch (error) {
      // Someone else's claim now (ours expired and was retaken): theirs to end.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async saveEnrichment(
    transferId: string,
    enrichment: LegEnrichment,
    now: Date,
    tenantId: string | undefined,
    failure?: TransferFailure,
  ): Promise<void> {
    // Dwolla's `created` replaces the provisional chain-order key (the first event's, or the
    // API's request time); the correlationId, when Dwolla has one, is the same as any stored.
    const gsi = keys.correlationGsi(
      tenantId ?? '',
      enrichment.correlationId ?? '',
      enrichment.created,
      transferId,
    );
    const expression = new UpdateExpression()
      .set('amountValue', enrichment.amount.value)
      .set('amountCurrency', enrichment.amount.currency)
      .set('created', enrichment.created)
      .set('gsi1sk', gsi.gsi1sk);
    if (enrichment.correlationId !== undefined) {
      expression.set('correlationId', enrichment.correlationId);
      // A leg no tenant owns stays out of every tenant's search.
      if (tenantId !== undefined) expression.set('gsi1pk', gsi.gsi1pk);
    }
    const links = {
      sourceUrl: enrichment.sourceUrl,
      destinationUrl: enrichment.destinationUrl,
      fundingTransferId: enrichment.fundingTransferId,
      fundedTransferId: enrichment.fundedTransferId,
      billPaymentId: enrichment.billPaymentId,
    };
    for (const [attribute, value] of Object.entries(links)) {
      if (value !== undefined) expression.set(attribute, value);
    }
    // The claim stays: `enrichedAt` ends it, and a removed claim would be set again by the next
    // event's `applyEvent` (`if_not_exists`).
    expression.set('enrichedAt', now.toISOString()).set('updatedAt', now.toISOString());
    if (failure !== undefined) setFailure(expression, failure, now);
    await this.update(transferId, expression);
  }

  async saveFailure(transferId: string, failure: TransferFailure, now: Date): Promise<void> {
    const expression = setFailure(new UpdateExpression(), failure, now).set(
      'updatedAt',
      now.toISOString(),
    );
    await this.update(transferId, expression);
  }

  async linkNeighbour(
    transferId: string,
    field: NeighbourLinkField,
    value: string,
    now: Date,
  ): Promise<void> {
    const expression = new UpdateExpression()
      .setIfNotExists(field, value)
      .setIfNotExists('id', transferId)
      .setIfNotExists('status', 'pending' satisfies TransferStatus)
      .setIfNotExists('statusRank', STATUS_RANK.pending)
      .set('updatedAt', now.toISOString());
    await this.update(transferId, expression);
  }

  /** The non-status facts of an event and its enrichment claim: each lands only if not yet known. */
  private eventFacts(facts: LegEventFacts, now: Date): UpdateExpression {
    const expression = new UpdateExpression()
      .set('id', facts.transferId)
      .set('updatedAt', now.toISOString());
    if (facts.accountId !== undefined) expression.setIfNotExists('accountId', facts.accountId);
    // The owner rides on the same write as the status, so a stream image that shows the status
    // also shows who owns the leg.
    if (facts.tenantId !== undefined) expression.setIfNotExists('tenantId', facts.tenantId);
    if (facts.customerId !== undefined) expression.setIfNotExists('customerId', facts.customerId);
    if (facts.correlationId !== undefined) {
      expression.setIfNotExists('correlationId', facts.correlationId);
      if (facts.tenantId !== undefined) {
        const gsi = keys.correlationGsi(
          facts.tenantId,
          facts.correlationId,
          facts.eventCreated,
          facts.transferId,
        );
        expression.setIfNotExists('gsi1pk', gsi.gsi1pk).setIfNotExists('gsi1sk', gsi.gsi1sk);
      }
    }
    if (facts.enrichmentClaim !== undefined) {
      expression.setIfNotExists(TASK_ATTRIBUTES.enrichment.claim, facts.enrichmentClaim);
    }
    if (facts.failureClaim !== undefined) {
      expression.setIfNotExists(TASK_ATTRIBUTES.failure.claim, facts.failureClaim);
    }
    return expression;
  }

  private async update(
    transferId: string,
    expression: UpdateExpression,
    condition?: string,
    returnOldOnFailure = false,
  ): Promise<LegSnapshot> {
    const output = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.transfer(transferId),
        ...expression.input(),
        ...(condition === undefined ? {} : { ConditionExpression: condition }),
        ...(returnOldOnFailure ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toSnapshot(output.Attributes ?? {});
  }
}
