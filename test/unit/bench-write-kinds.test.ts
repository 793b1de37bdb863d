import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type CorpusRun, perEventCounts } from '../../bench/corpus.js';
import type { AwsCall } from '../../bench/instrumentation.js';
import { dynamodbWriteKind } from '../../bench/write-kinds.js';
import { DynamoDbNotificationStore } from '../../shared/notifications/dynamodb-notification-store.js';
import { DynamoDbEventStore } from '../../shared/webhooks/dynamodb-event-store.js';
import { DynamoDbLegStore } from '../../shared/webhooks/dynamodb-leg-store.js';
import { DynamoDbPaymentRecordStore } from '../../shared/webhooks/dynamodb-payment-record-store.js';

const TABLE = 'table-1';
const NOW = new Date('2026-01-02T03:04:05.000Z');
const CLAIM = `${NOW.toISOString()}#6f1c2d3e-0000-4000-8000-000000000001`;
const FACTS = { transferId: 't-1', accountId: 'acc-1', eventCreated: NOW.toISOString() };

describe('Function: dynamodbWriteKind', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const options = { client, tableName: TABLE };
  const legs = new DynamoDbLegStore(options);
  const records = new DynamoDbPaymentRecordStore(options);

  /** The kinds of the writes the stores sent, in order. */
  const kindsSent = () =>
    ddb.calls().map((call) => {
      const command = call.args[0] as UpdateCommand | PutCommand;
      const name = command instanceof PutCommand ? 'PutItemCommand' : 'UpdateItemCommand';
      return dynamodbWriteKind(name, command.input as Record<string, unknown>);
    });

  beforeEach(() => {
    ddb.reset();
    ddb.on(UpdateCommand).resolves({ Attributes: { id: 't-1', status: 'pending', statusRank: 0 } });
  });

  it('names every write of the leg store by what it is for', async () => {
    // Act
    await legs.applyEvent({ ...FACTS, status: 'processed', enrichmentClaim: CLAIM }, NOW);
    await legs.applyEvent({ ...FACTS, status: 'pending' }, NOW);
    await legs.claim('t-1', 'enrichment', NOW, 60_000);
    await legs.release('t-1', 'failure', CLAIM);
    await legs.saveEnrichment(
      't-1',
      {
        amount: { value: '1.00', currency: 'USD' },
        created: NOW.toISOString(),
        fundingTransferId: 't-0',
      },
      NOW,
      'acme',
    );
    await legs.saveFailure('t-1', { code: 'R01', description: 'Insufficient Funds' }, NOW);
    await legs.saveEnrichment(
      't-2',
      { amount: { value: '1.00', currency: 'USD' }, created: NOW.toISOString() },
      NOW,
      'acme',
      { code: 'R01', description: 'Insufficient Funds' },
    );
    await legs.linkNeighbour('t-0', 'fundedTransferId', 't-1', NOW);
    await legs.linkNeighbour('t-1', 'billPaymentId', 'bp-1', NOW);

    // Assess
    expect(kindsSent()).toEqual([
      'leg status upsert',
      'leg facts upsert',
      'leg claim',
      'leg claim release',
      'leg enrichment save',
      'leg failure save',
      'leg enrichment and failure save',
      'leg neighbour link',
      'leg bill-payment link',
    ]);
  });

  it('names a stale status and the facts write that follows it', async () => {
    // Prepare
    ddb
      .on(UpdateCommand)
      .rejectsOnce(
        new ConditionalCheckFailedException({ message: 'stale', $metadata: {}, Item: undefined }),
      )
      .resolves({ Attributes: { id: 't-1', status: 'processed', statusRank: 1 } });

    // Act
    await legs.applyEvent({ ...FACTS, status: 'processed', customerId: 'cus-1' }, NOW);

    // Assess
    expect(kindsSent()).toEqual(['leg status upsert', 'leg facts upsert']);
  });

  it('names the payment-record, event, notification and delivered-marker writes', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});
    const notifications = new DynamoDbNotificationStore(options);

    // Act
    await records.applyEvent('billPayment', { id: 'bp-1', status: 'created', statusRank: 0 }, NOW);
    await records.claimTransferLink('bp-1', NOW, 60_000);
    await records.releaseTransferLink('bp-1', CLAIM);
    await records.saveTransferLink('bp-1', { transferId: 't-1' }, NOW);
    await new DynamoDbEventStore(options).putIfAbsent({
      pk: 'RESOURCE#t-1',
      sk: 'EVENT#e-1',
      eventId: 'e-1',
      topic: 'transfer_completed',
      resourceId: 't-1',
      created: NOW.toISOString(),
      receivedAt: NOW.toISOString(),
      payload: '{}',
    });
    await notifications.record({
      webhookId: 'w-1',
      type: 'transfer.processed',
      tenantId: 'acme',
      transferId: 't-1',
      occurredAt: NOW.toISOString(),
      body: '{}',
    });
    await notifications.markDelivered('ep-1', 'w-1', NOW);

    // Assess
    expect(kindsSent()).toEqual([
      'payment record upsert',
      'payment record claim',
      'payment record claim release',
      'payment record link save',
      'event put',
      'notification record',
      'delivered marker',
    ]);
  });

  it('names the marshalled form of a write the same way, and leaves reads unnamed', () => {
    // Act
    const put = dynamodbWriteKind('PutItemCommand', {
      Item: { pk: { S: 'RESOURCE#t-1' }, sk: { S: 'EVENT#e-1' } },
    });
    const read = dynamodbWriteKind('GetItemCommand', {
      Key: { pk: 'RESOURCE#t-1', sk: 'TRANSFER' },
    });

    // Assess
    expect(put).toBe('event put');
    expect(read).toBeUndefined();
  });
});

describe('Function: perEventCounts', () => {
  const call = (client: string, command: string, extra: Partial<AwsCall> = {}): AwsCall => ({
    client,
    command,
    capacityUnits: 1,
    messages: 0,
    failed: false,
    fn: 'transferChain',
    ...extra,
  });

  it('breaks the writes per event down by kind and counts every store request but idle polls', () => {
    // Prepare
    const run: CorpusRun = {
      scenarios: [],
      events: 2,
      deliveries: 2,
      legs: 1,
      failedLegs: 0,
      elapsedMs: 1,
      dwollaGets: 0,
      dwollaGetPaths: {},
      invocations: new Map(),
      calls: [
        call('DynamoDBClient', 'PutItemCommand', { kind: 'event put' }),
        call('DynamoDBClient', 'PutItemCommand', { kind: 'event put' }),
        call('DynamoDBClient', 'UpdateItemCommand', { kind: 'leg status upsert', failed: true }),
        call('DynamoDBClient', 'UpdateItemCommand', { kind: 'leg facts upsert' }),
        call('SNSClient', 'PublishCommand'),
        call('SQSClient', 'ReceiveMessageCommand', { messages: 2, fn: 'harness' }),
        call('SQSClient', 'ReceiveMessageCommand', { fn: 'harness' }),
        call('DynamoDBStreamsClient', 'GetRecordsCommand', { fn: 'harness' }),
        call('SecretsManagerClient', 'GetSecretValueCommand'),
      ],
    };

    // Act
    const counts = perEventCounts(run);

    // Assess
    expect(counts.dynamodbWritesByKind).toEqual({
      'event put': 1,
      'leg status upsert': 0.5,
      'leg facts upsert': 0.5,
    });
    expect(counts.dynamodbConditionFailuresByKind).toEqual({ 'leg status upsert': 0.5 });
    expect(counts.storeRequests).toBe(3);
    expect(counts.storeRequestsByCommand).toEqual({
      'DynamoDB PutItem': 1,
      'DynamoDB UpdateItem': 1,
      'SNS Publish': 0.5,
      'SQS ReceiveMessage': 0.5,
    });
  });
});
