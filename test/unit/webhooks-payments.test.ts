import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AccountNotFoundError } from '../../shared/accounts/errors.js';
import { DwollaApiError } from '../../shared/dwolla/errors.js';
import type { DwollaBillPayment } from '../../shared/ports/dwolla-api.js';
import type { AccountTokens } from '../../shared/ports/tokens.js';
import { billPaymentStateFromTopic } from '../../shared/webhooks/bill-payment.js';
import { DynamoDbPaymentRecordStore } from '../../shared/webhooks/dynamodb-payment-record-store.js';
import type { NeighbourLinkField } from '../../shared/webhooks/leg-store.js';
import { massPaymentStateFromTopic } from '../../shared/webhooks/mass-payment.js';
import type { DwollaEventPayload } from '../../shared/webhooks/payload.js';
import { createPaymentRecordsProcessor } from '../../shared/webhooks/payment-records.js';
import type {
  PaymentRecordFacts,
  PaymentRecordKind,
  PaymentRecordSnapshot,
  PaymentRecordStore,
} from '../../shared/webhooks/payment-records-store.js';
import { ResourceFetchError } from '../../shared/webhooks/transfer-chain-errors.js';
import { ScriptedCalls } from './support/scripted-calls.js';

const API = 'https://api.dwolla.com';
const NOW = new Date('2026-01-02T03:04:05.000Z');
const CLAIM = `${NOW.toISOString()}#6f1c2d3e-0000-4000-8000-000000000001`;

describe('Bill-payment and mass-payment status mapping', () => {
  it.each([
    ['customer_bill_payment_created', 'pending', 'Linked', 0],
    ['customer_bill_payment_completed', 'processed', 'Confirmed', 1],
    ['customer_bill_payment_failed', 'failed', 'Rejected', 2],
  ] as const)(
    'maps %s to %s / Regalii %s (the bill-payment guide status table)',
    (topic, status, regaliiStatus, rank) => {
      expect(billPaymentStateFromTopic(topic)).toEqual({ status, regaliiStatus, rank });
    },
  );

  it.each([
    ['mass_payment_created', 'pending', 0],
    ['customer_mass_payment_created', 'pending', 0],
    ['mass_payment_completed', 'complete', 1],
    ['customer_mass_payment_cancelled', 'cancelled', 1],
  ] as const)('maps %s to %s', (topic, status, rank) => {
    expect(massPaymentStateFromTopic(topic)).toEqual({ status, rank });
  });

  it('knows no other topic', () => {
    expect(billPaymentStateFromTopic('customer_transfer_created')).toBeUndefined();
    expect(massPaymentStateFromTopic('transfer_created')).toBeUndefined();
  });
});

describe('Class: DynamoDbPaymentRecordStore', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const store = new DynamoDbPaymentRecordStore({ client, tableName: 'table-1' });

  beforeEach(() => {
    ddb.reset();
  });

  it('writes a bill payment under the rank condition, without correlation index keys', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: { id: 'bp-1', status: 'failed', statusRank: 2 } });

    // Act
    const result = await store.applyEvent(
      'billPayment',
      {
        id: 'bp-1',
        status: 'failed',
        statusRank: 2,
        accountId: 'acc-1',
        customerId: 'cus-1',
        correlationId: 'regalii-1',
        statusAttributes: { regaliiStatus: 'Rejected' },
      },
      NOW,
    );

    // Assess
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: 'table-1',
      Key: { pk: 'RESOURCE#bp-1', sk: 'BILL_PAYMENT' },
      UpdateExpression:
        'SET #id = :id, #updatedAt = :updatedAt, #accountId = if_not_exists(#accountId, :accountId), #customerId = if_not_exists(#customerId, :customerId), #correlationId = if_not_exists(#correlationId, :correlationId), #status = :status, #statusRank = :statusRank, #regaliiStatus = :regaliiStatus',
      ConditionExpression: 'attribute_not_exists(#statusRank) OR #statusRank < :statusRank',
      ExpressionAttributeNames: {
        '#id': 'id',
        '#updatedAt': 'updatedAt',
        '#accountId': 'accountId',
        '#customerId': 'customerId',
        '#correlationId': 'correlationId',
        '#status': 'status',
        '#statusRank': 'statusRank',
        '#regaliiStatus': 'regaliiStatus',
      },
      ExpressionAttributeValues: {
        ':id': 'bp-1',
        ':updatedAt': NOW.toISOString(),
        ':accountId': 'acc-1',
        ':customerId': 'cus-1',
        ':correlationId': 'regalii-1',
        ':status': 'failed',
        ':statusRank': 2,
        ':regaliiStatus': 'Rejected',
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      ReturnValues: 'ALL_NEW',
    });
    expect(result.statusApplied).toBe(true);
  });

  it('claims the bill-payment fetch in the event’s own write, when nobody holds it', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({
      Attributes: { id: 'bp-1', status: 'pending', statusRank: 0, transferLinkClaimedAt: CLAIM },
    });

    // Act
    const { record } = await store.applyEvent(
      'billPayment',
      {
        id: 'bp-1',
        status: 'pending',
        statusRank: 0,
        accountId: 'acc-1',
        transferLinkClaim: CLAIM,
      },
      NOW,
    );

    // Assess
    const [write] = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(write?.UpdateExpression).toBe(
      'SET #id = :id, #updatedAt = :updatedAt, #accountId = if_not_exists(#accountId, :accountId), #transferLinkClaimedAt = if_not_exists(#transferLinkClaimedAt, :transferLinkClaimedAt), #status = :status, #statusRank = :statusRank',
    );
    expect(write?.ExpressionAttributeValues?.[':transferLinkClaimedAt']).toBe(CLAIM);
    expect(record.transferLinkClaim).toBe(CLAIM);
  });

  it('costs a stale event that brings nothing new one write, the record handed back by its failed condition', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'no',
        $metadata: {},
        Item: marshall({
          id: 'bp-1',
          status: 'processed',
          statusRank: 1,
          accountId: 'acc-1',
          correlationId: 'regalii-1',
          transferLinkedAt: NOW.toISOString(),
        }),
      }),
    );

    // Act
    const result = await store.applyEvent(
      'billPayment',
      {
        id: 'bp-1',
        status: 'pending',
        statusRank: 0,
        accountId: 'acc-1',
        correlationId: 'regalii-1',
        transferLinkClaim: CLAIM,
      },
      NOW,
    );

    // Assess
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(result).toEqual({
      statusApplied: false,
      record: expect.objectContaining({ status: 'processed', transferLinkedAt: NOW.toISOString() }),
    });
  });

  it('lands a stale event’s other facts but not its status', async () => {
    // Prepare
    ddb
      .on(UpdateCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }))
      .resolves({ Attributes: { id: 'mp-1', status: 'complete', statusRank: 1 } });

    // Act
    const result = await store.applyEvent(
      'massPayment',
      { id: 'mp-1', status: 'pending', statusRank: 0, accountId: 'acc-1' },
      NOW,
    );

    // Assess
    expect(ddb.commandCalls(UpdateCommand)[1]!.args[0].input).toEqual({
      TableName: 'table-1',
      Key: { pk: 'RESOURCE#mp-1', sk: 'MASS_PAYMENT' },
      UpdateExpression:
        'SET #id = :id, #updatedAt = :updatedAt, #accountId = if_not_exists(#accountId, :accountId)',
      ExpressionAttributeNames: {
        '#id': 'id',
        '#updatedAt': 'updatedAt',
        '#accountId': 'accountId',
      },
      ExpressionAttributeValues: {
        ':id': 'mp-1',
        ':updatedAt': NOW.toISOString(),
        ':accountId': 'acc-1',
      },
      ReturnValues: 'ALL_NEW',
    });
    expect(result).toEqual({
      statusApplied: false,
      record: expect.objectContaining({ status: 'complete' }),
    });
  });

  it('claims the bill-payment fetch once and stores the transfer link', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});

    // Act
    const claimed = await store.claimTransferLink('bp-1', NOW, 60_000);
    await store.saveTransferLink('bp-1', { transferId: 't-1', correlationId: 'regalii-1' }, NOW);

    // Assess
    const [claim, save] = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(claimed).toBe(true);
    expect(claim).toEqual({
      TableName: 'table-1',
      Key: { pk: 'RESOURCE#bp-1', sk: 'BILL_PAYMENT' },
      UpdateExpression: 'SET #claim = :now',
      ConditionExpression:
        'attribute_exists(#pk) AND attribute_not_exists(#done) AND (attribute_not_exists(#claim) OR #claim < :expired)',
      ExpressionAttributeNames: {
        '#pk': 'pk',
        '#done': 'transferLinkedAt',
        '#claim': 'transferLinkClaimedAt',
      },
      ExpressionAttributeValues: {
        ':now': NOW.toISOString(),
        ':expired': '2026-01-02T03:03:05.000Z',
      },
    });
    expect(save).toEqual({
      TableName: 'table-1',
      Key: { pk: 'RESOURCE#bp-1', sk: 'BILL_PAYMENT' },
      UpdateExpression:
        'SET #transferLinkedAt = :transferLinkedAt, #updatedAt = :updatedAt, #transferId = :transferId, #correlationId = if_not_exists(#correlationId, :correlationId)',
      ExpressionAttributeNames: {
        '#transferLinkedAt': 'transferLinkedAt',
        '#updatedAt': 'updatedAt',
        '#transferId': 'transferId',
        '#correlationId': 'correlationId',
      },
      ExpressionAttributeValues: {
        ':transferLinkedAt': NOW.toISOString(),
        ':updatedAt': NOW.toISOString(),
        ':transferId': 't-1',
        ':correlationId': 'regalii-1',
      },
    });
  });
});

type StoredRecord = {
  -readonly [K in keyof PaymentRecordSnapshot]: PaymentRecordSnapshot[K];
} & { kind: PaymentRecordKind; regaliiStatus?: string; customerId?: string };

/** In-memory PaymentRecordStore with the adapter's rules. */
class FakeRecords implements PaymentRecordStore {
  readonly items = new Map<string, StoredRecord>();
  /** Claim writes of their own (`claimTransferLink` calls), beside the claims the upserts land. */
  claimWrites = 0;

  async applyEvent(kind: PaymentRecordKind, facts: PaymentRecordFacts, _now: Date) {
    const key = `${kind}#${facts.id}`;
    const item: StoredRecord = this.items.get(key) ?? {
      kind,
      id: facts.id,
      status: '',
      statusRank: -1,
    };
    item.accountId ??= facts.accountId;
    item.customerId ??= facts.customerId;
    item.correlationId ??= facts.correlationId;
    item.transferLinkClaim ??= facts.transferLinkClaim;
    const statusApplied = facts.statusRank > item.statusRank;
    if (statusApplied) {
      Object.assign(item, { status: facts.status, statusRank: facts.statusRank });
      Object.assign(item, facts.statusAttributes);
    }
    this.items.set(key, item);
    return { record: { ...item }, statusApplied };
  }

  async claimTransferLink(id: string, now: Date, leaseMs: number) {
    this.claimWrites += 1;
    const item = this.items.get(`billPayment#${id}`);
    if (!item || item.transferLinkedAt) return false;
    const expired = new Date(now.getTime() - leaseMs).toISOString();
    if (item.transferLinkClaim && item.transferLinkClaim >= expired) return false;
    item.transferLinkClaim = now.toISOString();
    return true;
  }

  async releaseTransferLink(id: string, claim: string) {
    const item = this.items.get(`billPayment#${id}`);
    if (item?.transferLinkClaim === claim) delete item.transferLinkClaim;
  }

  async saveTransferLink(
    id: string,
    link: { transferId?: string; correlationId?: string },
    now: Date,
  ) {
    const item = this.items.get(`billPayment#${id}`)!;
    item.transferId = link.transferId;
    item.correlationId ??= link.correlationId;
    item.transferLinkedAt = now.toISOString();
  }
}

class FakeLegLinks {
  readonly links: string[] = [];
  async linkNeighbour(transferId: string, field: NeighbourLinkField, value: string, _now: Date) {
    this.links.push(`${transferId}.${field}=${value}`);
  }
}

class FakeBillPayments extends ScriptedCalls {
  async getBillPayment(token: string, id: string): Promise<DwollaBillPayment> {
    this.record(`getBillPayment:${id}:${token}`);
    return {
      id,
      status: 'pending',
      links: { self: `${API}/bill-payments/${id}`, transfers: `${API}/transfers/t-of-${id}` },
      raw: {},
    };
  }
}

const tokens: AccountTokens = {
  async withAccountToken(accountId, call) {
    if (accountId !== 'acc-1') throw new AccountNotFoundError(accountId);
    return call('token-acc-1');
  },
};

function event(topic: string, resourceId: string, account = 'acc-1'): DwollaEventPayload {
  return {
    id: `evt-${topic}-${resourceId}`,
    resourceId,
    topic,
    created: '2026-01-01T00:00:00.000Z',
    correlationId: 'regalii-tx-1',
    _links: {
      self: { href: `${API}/events/e` },
      resource: { href: `${API}/bill-payments/${resourceId}` },
      account: { href: `${API}/accounts/${account}` },
      customer: { href: `${API}/customers/cus-1` },
    },
  };
}

describe('Function: createPaymentRecordsProcessor', () => {
  let records: FakeRecords;
  let legs: FakeLegLinks;
  let dwolla: FakeBillPayments;
  let metricNames: string[];
  let processor: ReturnType<typeof createPaymentRecordsProcessor>;

  beforeEach(() => {
    records = new FakeRecords();
    legs = new FakeLegLinks();
    dwolla = new FakeBillPayments();
    metricNames = [];
    let nowMs = NOW.getTime();
    const quiet = () => undefined;
    processor = createPaymentRecordsProcessor({
      records,
      legs,
      dwolla,
      tokens,
      clock: {
        now: () => {
          nowMs += 1;
          return new Date(nowMs);
        },
      },
      logger: { info: quiet, warn: quiet, error: quiet },
      metrics: { addMetric: (name) => void metricNames.push(name) },
    });
  });

  it('records a confirmed bill payment with its Regalii status, correlationId and customer', async () => {
    // Act
    await processor.process(event('customer_bill_payment_created', 'bp-1'));
    const outcome = await processor.process(event('customer_bill_payment_completed', 'bp-1'));

    // Assess
    expect(outcome).toMatchObject({
      kind: 'billPayment',
      status: 'processed',
      statusApplied: true,
    });
    expect(records.items.get('billPayment#bp-1')).toMatchObject({
      status: 'processed',
      regaliiStatus: 'Confirmed',
      correlationId: 'regalii-tx-1',
      customerId: 'cus-1',
      transferId: 't-of-bp-1',
    });
  });

  it('keeps a rejected bill payment rejected when its created event arrives last', async () => {
    // Act
    await processor.process(event('customer_bill_payment_failed', 'bp-1'));
    const late = await processor.process(event('customer_bill_payment_created', 'bp-1'));

    // Assess
    expect(late).toMatchObject({ status: 'failed', statusApplied: false });
    expect(records.items.get('billPayment#bp-1')).toMatchObject({ regaliiStatus: 'Rejected' });
  });

  it('fetches the bill payment once and links its transfer leg', async () => {
    // Act
    const first = await processor.process(event('customer_bill_payment_created', 'bp-1'));
    await processor.process(event('customer_bill_payment_completed', 'bp-1'));

    // Assess
    expect(first?.linkedTransferId).toBe('t-of-bp-1');
    expect(dwolla.calls).toEqual(['getBillPayment:bp-1:token-acc-1']);
    expect(legs.links).toEqual(['t-of-bp-1.billPaymentId=bp-1']);
  });

  it('fetches with the claim its event’s write landed: no claim write of its own', async () => {
    // Act
    await processor.process(event('customer_bill_payment_created', 'bp-1'));

    // Assess
    expect(records.claimWrites).toBe(0);
    expect(dwolla.calls).toEqual(['getBillPayment:bp-1:token-acc-1']);
  });

  it('fetches the bill payment once when two of its events are processed at the same time', async () => {
    // Act
    const outcomes = await Promise.all([
      processor.process(event('customer_bill_payment_created', 'bp-1')),
      processor.process(event('customer_bill_payment_completed', 'bp-1')),
    ]);

    // Assess
    expect(dwolla.calls).toEqual(['getBillPayment:bp-1:token-acc-1']);
    expect(records.claimWrites).toBe(0);
    expect(outcomes.map((outcome) => outcome?.linkedTransferId)).toContain('t-of-bp-1');
  });

  it('takes over a claim whose lease expired (a crashed processor’s) and fetches', async () => {
    // Prepare
    records.items.set('billPayment#bp-1', {
      kind: 'billPayment',
      id: 'bp-1',
      status: 'pending',
      statusRank: 0,
      accountId: 'acc-1',
      transferLinkClaim: `${new Date(NOW.getTime() - 120_000).toISOString()}#crashed`,
    });

    // Act
    const outcome = await processor.process(event('customer_bill_payment_completed', 'bp-1'));

    // Assess
    expect(records.claimWrites).toBe(1);
    expect(outcome?.linkedTransferId).toBe('t-of-bp-1');
  });

  it('returns the record to the queue when Dwolla answers 5xx, and links on redelivery', async () => {
    // Prepare
    dwolla.failNext.push(
      new DwollaApiError(502, 'BadGateway', 'x', [], undefined, 'GET', '/bill-payments/bp-1', {
        retryable: true,
      }),
    );

    // Act
    const first = processor.process(event('customer_bill_payment_created', 'bp-1'));
    await expect(first).rejects.toBeInstanceOf(ResourceFetchError);
    const redelivery = await processor.process(event('customer_bill_payment_created', 'bp-1'));

    // Assess
    expect(redelivery?.linkedTransferId).toBe('t-of-bp-1');
    expect(records.items.get('billPayment#bp-1')?.status).toBe('pending');
  });

  it('keeps an unknown account’s bill payment as the event says and succeeds', async () => {
    // Act
    const outcome = await processor.process(
      event('customer_bill_payment_created', 'bp-2', 'acc-unknown'),
    );

    // Assess
    expect(outcome).toMatchObject({ status: 'pending', linkedTransferId: undefined });
    expect(metricNames).toContain('EnrichmentSkippedUnknownAccount');
    expect(legs.links).toEqual([]);
  });

  it('records a mass payment with its status and never calls Dwolla', async () => {
    // Act
    await processor.process(event('mass_payment_completed', 'mp-1'));
    await processor.process(event('mass_payment_created', 'mp-1'));

    // Assess
    expect(records.items.get('massPayment#mp-1')).toMatchObject({
      status: 'complete',
      accountId: 'acc-1',
    });
    expect(dwolla.calls).toEqual([]);
    expect(legs.links).toEqual([]);
  });

  it('ignores any other topic', async () => {
    // Act
    const outcome = await processor.process(event('customer_transfer_created', 't-1'));

    // Assess
    expect(outcome).toBeUndefined();
    expect(records.items.size).toBe(0);
  });
});
