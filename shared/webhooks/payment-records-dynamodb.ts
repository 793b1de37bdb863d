import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../adapters/dynamodb/table-design.js';
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
export class DynamoDbPaymentRecordStore implements PaymentRecordStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoDbPaymentRecordStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async applyEvent(
    kind: PaymentRecordKind,
    facts: PaymentRecordFacts,
    now: Date,
  ): Promise<PaymentRecordUpsert> {
    const always = new Assignments().set('id', facts.id).set('updatedAt', now.toISOString());
    for (const attribute of ['accountId', 'customerId', 'correlationId'] as const) {
      const value = facts[attribute];
      if (value !== undefined) always.setIfNotExists(attribute, value);
    }
    const status = new Assignments()
      .set('status', facts.status)
      .set('statusRank', facts.statusRank);
    for (const [attribute, value] of Object.entries(facts.statusAttributes ?? {})) {
      status.set(attribute, value);
    }
    const send = (parts: Assignments[], condition?: string) =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: KEY_OF[kind](facts.id),
          UpdateExpression: `SET ${parts.flatMap((part) => part.clauses).join(', ')}`,
          ...(condition === undefined ? {} : { ConditionExpression: condition }),
          ExpressionAttributeNames: Object.assign({}, ...parts.map((part) => part.names)),
          ExpressionAttributeValues: Object.assign({}, ...parts.map((part) => part.values)),
          ReturnValues: 'ALL_NEW',
        }),
      );
    try {
      const output = await send(
        [always, status],
        'attribute_not_exists(#statusRank) OR #statusRank < :statusRank',
      );
      return { record: toSnapshot(output.Attributes ?? {}), statusApplied: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    // A stale status: the other facts still land, the status-bound attributes do not.
    const output = await send([always]);
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

  async releaseTransferLink(billPaymentId: string, claimedAt: Date): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.billPayment(billPaymentId),
          UpdateExpression: 'REMOVE #claim',
          ConditionExpression: '#claim = :claimedAt',
          ExpressionAttributeNames: { '#claim': 'transferLinkClaimedAt' },
          ExpressionAttributeValues: { ':claimedAt': claimedAt.toISOString() },
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
    const names: Record<string, string> = {
      '#transferLinkedAt': 'transferLinkedAt',
      '#updatedAt': 'updatedAt',
      '#claim': 'transferLinkClaimedAt',
    };
    const values: Record<string, unknown> = {
      ':transferLinkedAt': now.toISOString(),
      ':updatedAt': now.toISOString(),
    };
    const sets = ['#transferLinkedAt = :transferLinkedAt', '#updatedAt = :updatedAt'];
    if (link.transferId !== undefined) {
      names['#transferId'] = 'transferId';
      values[':transferId'] = link.transferId;
      sets.push('#transferId = :transferId');
    }
    if (link.correlationId !== undefined) {
      names['#correlationId'] = 'correlationId';
      values[':correlationId'] = link.correlationId;
      sets.push('#correlationId = if_not_exists(#correlationId, :correlationId)');
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.billPayment(billPaymentId),
        UpdateExpression: `SET ${sets.join(', ')} REMOVE #claim`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }
}

/** `SET` clauses with their `#name` / `:value` placeholders. */
class Assignments {
  readonly clauses: string[] = [];
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};

  set(attribute: string, value: unknown): this {
    this.clauses.push(`#${attribute} = :${attribute}`);
    return this.bind(attribute, value);
  }

  setIfNotExists(attribute: string, value: unknown): this {
    this.clauses.push(`#${attribute} = if_not_exists(#${attribute}, :${attribute})`);
    return this.bind(attribute, value);
  }

  private bind(attribute: string, value: unknown): this {
    this.names[`#${attribute}`] = attribute;
    this.values[`:${attribute}`] = value;
    return this;
  }
}

function toSnapshot(item: Record<string, unknown>): PaymentRecordSnapshot {
  const text = (name: string): string | undefined => {
    const value = item[name];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    id: item.id as string,
    status: item.status as string,
    statusRank: Number(item.statusRank),
    accountId: text('accountId'),
    correlationId: text('correlationId'),
    transferId: text('transferId'),
    transferLinkedAt: text('transferLinkedAt'),
  };
}
