import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { itemText } from '../adapters/dynamodb/item-text.js';
import { DynamoDbTableAdapter } from '../adapters/dynamodb/table-adapter.js';
import { keys } from '../adapters/dynamodb/table-design.js';
import { UpdateExpression } from '../adapters/dynamodb/update-expression.js';
import type {
  PaymentRecordFacts,
  PaymentRecordKind,
  PaymentRecordSnapshot,
  PaymentRecordStore,
  PaymentRecordUpsert,
} from './payment-records-store.js';

/** Settings of {@link DynamoDbPaymentRecordStore}. */
export interface DynamoDbPaymentRecordStoreOptions {
  /** A document client built with `removeUndefinedValues` (`documentClient()`). */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** The transfer-link claim (a claim token or an ISO time); `transferLinkedAt` marks the fetch done. */
const CLAIM_ATTRIBUTE = 'transferLinkClaimedAt';

/**
 * True when the stored record already holds every fact the event's status-less write would land
 * (each is `if_not_exists`), so that write would change nothing the processor decides on.
 */
function holdsEveryFact(item: Record<string, unknown>, facts: PaymentRecordFacts): boolean {
  const known = (name: string, value: unknown) => value === undefined || item[name] !== undefined;
  const claimKnown =
    facts.transferLinkClaim === undefined ||
    item[CLAIM_ATTRIBUTE] !== undefined ||
    item.transferLinkedAt !== undefined;
  return (
    known('accountId', facts.accountId) &&
    known('customerId', facts.customerId) &&
    known('correlationId', facts.correlationId) &&
    claimKnown
  );
}

const KEY_OF: Readonly<Record<PaymentRecordKind, (id: string) => { pk: string; sk: string }>> = {
  billPayment: keys.billPayment,
  massPayment: keys.massPayment,
};

/**
 * {@link PaymentRecordStore} on the single table, one conditional `UpdateItem` per write.
 * The items never get `gsi1pk`/`gsi1sk`: a bill payment or mass payment is not a leg
 * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html ("Correlating a
 * Regalii transaction ID to a Dwolla transfer"): the correlationId search returns the transfer).
 *
 * @example
 * ```ts
 * const records = new DynamoDbPaymentRecordStore({ client: documentClient(), tableName });
 * ```
 */
export class DynamoDbPaymentRecordStore extends DynamoDbTableAdapter implements PaymentRecordStore {
  async applyEvent(
    kind: PaymentRecordKind,
    facts: PaymentRecordFacts,
    now: Date,
  ): Promise<PaymentRecordUpsert> {
    const eventFacts = () => {
      const expression = new UpdateExpression()
        .set('id', facts.id)
        .set('updatedAt', now.toISOString());
      for (const attribute of ['accountId', 'customerId', 'correlationId'] as const) {
        const value = facts[attribute];
        if (value !== undefined) expression.setIfNotExists(attribute, value);
      }
      // The fetch's claim rides on the event's write: no claim write of its own on the common path.
      if (facts.transferLinkClaim !== undefined) {
        expression.setIfNotExists(CLAIM_ATTRIBUTE, facts.transferLinkClaim);
      }
      return expression;
    };
    const withStatus = eventFacts().set('status', facts.status).set('statusRank', facts.statusRank);
    for (const [attribute, value] of Object.entries(facts.statusAttributes ?? {})) {
      withStatus.set(attribute, value);
    }
    const send = (expression: UpdateExpression, condition?: string) =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: KEY_OF[kind](facts.id),
          ...expression.input(),
          ...(condition === undefined
            ? {}
            : { ConditionExpression: condition, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
          ReturnValues: 'ALL_NEW',
        }),
      );
    try {
      const output = await send(
        withStatus,
        'attribute_not_exists(#statusRank) OR #statusRank < :statusRank',
      );
      return { record: toSnapshot(output.Attributes ?? {}), statusApplied: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The failed condition hands back the stored record: a stale event that brings nothing new
      // costs this one write, not a second one to land facts already there.
      const stored = error.Item === undefined ? undefined : unmarshall(error.Item);
      if (stored !== undefined && holdsEveryFact(stored, facts)) {
        return { record: toSnapshot(stored), statusApplied: false };
      }
    }
    // A stale status: the other facts still land, the status-bound attributes do not.
    const output = await send(eventFacts());
    return { record: toSnapshot(output.Attributes ?? {}), statusApplied: false };
  }

  async claimTransferLink(billPaymentId: string, now: Date, leaseMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.billPayment(billPaymentId),
          UpdateExpression: 'SET #claim = :now',
          ConditionExpression:
            'attribute_exists(#pk) AND attribute_not_exists(#done) AND (attribute_not_exists(#claim) OR #claim < :expired)',
          ExpressionAttributeNames: {
            '#pk': 'pk',
            '#done': 'transferLinkedAt',
            '#claim': 'transferLinkClaimedAt',
          },
          ExpressionAttributeValues: {
            ':now': now.toISOString(),
            ':expired': new Date(now.getTime() - leaseMs).toISOString(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async releaseTransferLink(billPaymentId: string, claim: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.billPayment(billPaymentId),
          UpdateExpression: 'REMOVE #claim',
          ConditionExpression: '#claim = :claimedAt',
          ExpressionAttributeNames: { '#claim': 'transferLinkClaimedAt' },
          ExpressionAttributeValues: { ':claimedAt': claim },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async saveTransferLink(
    billPaymentId: string,
    link: { transferId?: string; correlationId?: string },
    now: Date,
  ): Promise<void> {
    const expression = new UpdateExpression()
      .set('transferLinkedAt', now.toISOString())
      .set('updatedAt', now.toISOString());
    if (link.transferId !== undefined) expression.set('transferId', link.transferId);
    if (link.correlationId !== undefined) {
      expression.setIfNotExists('correlationId', link.correlationId);
    }
    // The claim stays: `transferLinkedAt` ends it, and a removed claim would be set again by the
    // next event's `applyEvent` (`if_not_exists`).
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.billPayment(billPaymentId),
        ...expression.input(),
      }),
    );
  }
}

function toSnapshot(item: Record<string, unknown>): PaymentRecordSnapshot {
  const text = itemText(item);
  return {
    id: item.id as string,
    status: item.status as string,
    statusRank: Number(item.statusRank),
    accountId: text('accountId'),
    correlationId: text('correlationId'),
    transferId: text('transferId'),
    transferLinkedAt: text('transferLinkedAt'),
    transferLinkClaim: text(CLAIM_ATTRIBUTE),
  };
}
