import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbIdempotencyStore, DynamoDbTransferStore } from '../../shared/transfers/index.js';
import { setAttributes } from './support/dynamodb-update.js';

const TABLE = 'app-table';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const NOW_MS = NOW.getTime();
const NOW_EPOCH = NOW_MS / 1000;
const ddbMock = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));

function conditionFailed() {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
  });
}

const ACTOR = { tenantId: 'acme', keyId: 'key_0123456789abcdef0123', keyName: 'ci' };

const acquireInput = {
  tenantId: 'acme',
  idempotencyKey: 'key-1',
  requestHash: 'hash-1',
  canonicalBody: '{"_links":{}}',
  accountId: 'acc-1',
  now: NOW,
  leaseMs: 30_000,
};

const storedItem = {
  pk: 'IDEMPOTENCY#acme#key-1',
  sk: 'IDEMPOTENCY',
  tenantId: 'acme',
  idempotencyKey: 'key-1',
  requestHash: 'hash-1',
  canonicalBody: '{"_links":{}}',
  accountId: 'acc-1',
  state: 'in_progress',
  createdAt: '2026-03-01T11:59:00.000Z',
  lockUntil: NOW_MS + 10_000,
  expiresAtEpoch: NOW_EPOCH + 100_000,
};

beforeEach(() => {
  ddbMock.reset();
});

describe('Class: DynamoDbIdempotencyStore', () => {
  const store = new DynamoDbIdempotencyStore({ client, tableName: TABLE });

  it('creates the record in progress with a lease and a 48 h TTL when the key is new', async () => {
    // Prepare
    ddbMock.on(GetCommand).resolves({});
    ddbMock.on(PutCommand).resolves({});

    // Act
    const result = await store.acquire(acquireInput);

    // Assess
    expect(result.acquired).toBe(true);
    expect(ddbMock.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'IDEMPOTENCY#acme#key-1', sk: 'IDEMPOTENCY' },
      ConsistentRead: true,
    });
    expect(ddbMock.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: {
        ...storedItem,
        createdAt: NOW.toISOString(),
        lockUntil: NOW_MS + 30_000,
        expiresAtEpoch: NOW_EPOCH + 48 * 3600,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
      ExpressionAttributeNames: { '#ttl': 'expiresAtEpoch' },
      ExpressionAttributeValues: { ':now': NOW_EPOCH },
    });
  });

  it('returns the winner’s record when a concurrent request created it first', async () => {
    // Prepare
    ddbMock.on(GetCommand).resolvesOnce({}).resolves({ Item: storedItem });
    ddbMock.on(PutCommand).rejects(conditionFailed());

    // Act
    const result = await store.acquire(acquireInput);

    // Assess
    expect(result).toEqual({
      acquired: false,
      record: expect.objectContaining({ state: 'in_progress', lockUntil: NOW_MS + 10_000 }),
    });
    expect(result.record).not.toHaveProperty('pk');
  });

  it('takes over an in-progress record with the same hash once its lease is free', async () => {
    // Prepare
    ddbMock.on(GetCommand).resolves({ Item: { ...storedItem, lockUntil: 0 } });
    ddbMock
      .on(UpdateCommand)
      .resolves({ Attributes: { ...storedItem, lockUntil: NOW_MS + 30_000 } });

    // Act
    const result = await store.acquire(acquireInput);

    // Assess
    expect(result.acquired).toBe(true);
    expect(result.record.canonicalBody).toBe('{"_links":{}}');
    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'IDEMPOTENCY#acme#key-1', sk: 'IDEMPOTENCY' },
      UpdateExpression: 'SET #lockUntil = :until',
      ConditionExpression: '#state = :inProgress AND #hash = :hash AND #lockUntil <= :now',
      ExpressionAttributeNames: {
        '#lockUntil': 'lockUntil',
        '#state': 'state',
        '#hash': 'requestHash',
      },
      ExpressionAttributeValues: {
        ':until': NOW_MS + 30_000,
        ':inProgress': 'in_progress',
        ':hash': 'hash-1',
        ':now': NOW_MS,
      },
      ReturnValues: 'ALL_NEW',
    });
  });

  it('never takes over a free record made for another body', async () => {
    // Prepare
    ddbMock
      .on(GetCommand)
      .resolves({ Item: { ...storedItem, lockUntil: 0, requestHash: 'other' } });

    // Act
    const result = await store.acquire(acquireInput);

    // Assess
    expect(result.acquired).toBe(false);
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('treats a record past its TTL as absent (TTL deletion is lazy)', async () => {
    // Prepare
    ddbMock
      .on(GetCommand)
      .resolves({ Item: { ...storedItem, state: 'created', expiresAtEpoch: NOW_EPOCH - 1 } });
    ddbMock.on(PutCommand).resolves({});

    // Act
    const result = await store.acquire(acquireInput);

    // Assess
    expect(result.acquired).toBe(true);
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('marks a record created with the transfer and frees the lease', async () => {
    // Prepare
    ddbMock.on(UpdateCommand).resolves({});

    // Act
    await store.markCreated('acme', 'key-1', {
      transferId: 't-1',
      location: 'https://x/transfers/t-1',
    });

    // Assess
    const input = ddbMock.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      TableName: TABLE,
      Key: { pk: 'IDEMPOTENCY#acme#key-1', sk: 'IDEMPOTENCY' },
    });
    expect(input.ConditionExpression).toBeUndefined();
    expect(setAttributes(input)).toEqual({
      state: 'created',
      transferId: 't-1',
      location: 'https://x/transfers/t-1',
      lockUntil: 0,
    });
  });

  it('records a permanent failure with Dwolla’s answer', async () => {
    // Prepare
    ddbMock.on(UpdateCommand).resolves({});
    const failure = { status: 400, body: { code: 'ValidationError', message: 'm' } };

    // Act
    await store.markFailed('acme', 'key-1', failure);

    // Assess
    const input = ddbMock.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      TableName: TABLE,
      Key: { pk: 'IDEMPOTENCY#acme#key-1', sk: 'IDEMPOTENCY' },
    });
    expect(input.ConditionExpression).toBeUndefined();
    expect(setAttributes(input)).toEqual({ state: 'failed_permanently', failure, lockUntil: 0 });
  });

  it('releases only an in-progress lease and ignores a record already settled', async () => {
    // Prepare
    ddbMock.on(UpdateCommand).rejects(conditionFailed());

    // Act
    await store.release('acme', 'key-1');

    // Assess
    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'IDEMPOTENCY#acme#key-1', sk: 'IDEMPOTENCY' },
      UpdateExpression: 'SET #lockUntil = :free',
      ConditionExpression: '#state = :inProgress',
      ExpressionAttributeNames: { '#state': 'state', '#lockUntil': 'lockUntil' },
      ExpressionAttributeValues: { ':free': 0, ':inProgress': 'in_progress' },
    });
  });
});

describe('Class: DynamoDbTransferStore', () => {
  const repository = new DynamoDbTransferStore({ client, tableName: TABLE });

  it('records a created leg without lowering what the webhook pipeline wrote', async () => {
    // Prepare
    ddbMock.on(UpdateCommand).resolves({});

    // Act
    await repository.recordCreated({
      id: 't-1',
      accountId: 'acc-1',
      tenantId: 'acme',
      initiatedBy: ACTOR,
      amount: { value: '10.00', currency: 'USD' },
      correlationId: 'order-42',
      sourceUrl: 'https://x/funding-sources/fs-1',
      destinationUrl: 'mailto:a@b.co',
      idempotencyKey: 'key-1',
      now: NOW,
    });

    // Assess
    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'RESOURCE#t-1', sk: 'TRANSFER' },
      UpdateExpression:
        'SET #id = :id, #accountId = :accountId, #tenantId = :tenantId, #initiatedBy = :initiatedBy, ' +
        '#amountValue = if_not_exists(#amountValue, :amountValue), ' +
        '#amountCurrency = if_not_exists(#amountCurrency, :amountCurrency), ' +
        '#sourceUrl = if_not_exists(#sourceUrl, :sourceUrl), ' +
        '#destinationUrl = if_not_exists(#destinationUrl, :destinationUrl), ' +
        '#idempotencyKey = :idempotencyKey, #status = if_not_exists(#status, :status), ' +
        '#statusRank = if_not_exists(#statusRank, :statusRank), ' +
        '#created = if_not_exists(#created, :created), #updatedAt = :updatedAt, ' +
        '#correlationId = if_not_exists(#correlationId, :correlationId), ' +
        '#gsi1pk = :gsi1pk, #gsi1sk = if_not_exists(#gsi1sk, :gsi1sk)',
      ExpressionAttributeNames: {
        '#id': 'id',
        '#accountId': 'accountId',
        '#tenantId': 'tenantId',
        '#initiatedBy': 'initiatedBy',
        '#amountValue': 'amountValue',
        '#amountCurrency': 'amountCurrency',
        '#sourceUrl': 'sourceUrl',
        '#destinationUrl': 'destinationUrl',
        '#idempotencyKey': 'idempotencyKey',
        '#status': 'status',
        '#statusRank': 'statusRank',
        '#created': 'created',
        '#updatedAt': 'updatedAt',
        '#correlationId': 'correlationId',
        '#gsi1pk': 'gsi1pk',
        '#gsi1sk': 'gsi1sk',
      },
      ExpressionAttributeValues: {
        ':id': 't-1',
        ':accountId': 'acc-1',
        ':tenantId': 'acme',
        ':initiatedBy': ACTOR,
        ':amountValue': '10.00',
        ':amountCurrency': 'USD',
        ':sourceUrl': 'https://x/funding-sources/fs-1',
        ':destinationUrl': 'mailto:a@b.co',
        ':idempotencyKey': 'key-1',
        ':status': 'pending',
        ':statusRank': 0,
        ':created': NOW.toISOString(),
        ':updatedAt': NOW.toISOString(),
        ':correlationId': 'order-42',
        ':gsi1pk': 'CORRELATION#acme#order-42',
        ':gsi1sk': `${NOW.toISOString()}#t-1`,
      },
    });
  });

  it('reads a leg and its events in one Query on the resource partition, events oldest first', async () => {
    // Prepare
    ddbMock.on(QueryCommand).resolves({
      Items: [
        {
          pk: 'RESOURCE#t-1',
          sk: 'EVENT#e-2',
          eventId: 'e-2',
          topic: 'transfer_failed',
          created: '2026-03-02T00:00:00.000Z',
        },
        {
          pk: 'RESOURCE#t-1',
          sk: 'EVENT#e-1',
          eventId: 'e-1',
          topic: 'transfer_created',
          created: '2026-03-01T00:00:00.000Z',
        },
        {
          pk: 'RESOURCE#t-1',
          sk: 'TRANSFER',
          id: 't-1',
          status: 'failed',
          statusRank: 2,
          accountId: 'acc-1',
          tenantId: 'acme',
          initiatedBy: ACTOR,
          cancelledBy: ACTOR,
          cancelledAt: '2026-03-01T00:01:00.000Z',
          amountValue: '10.00',
          amountCurrency: 'USD',
          correlationId: 'order-42',
          created: '2026-03-01T00:00:00.000Z',
          fundedTransferId: 't-2',
          sourceUrl: 'https://x/funding-sources/fs-1',
          failureCode: 'R01',
          failureDescription: 'Insufficient Funds',
          updatedAt: '2026-03-02T00:00:00.000Z',
        },
      ],
    });

    // Act
    const leg = await repository.getWithEvents('t-1');

    // Assess
    expect(ddbMock.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'pk' },
      ExpressionAttributeValues: { ':pk': 'RESOURCE#t-1' },
    });
    expect(leg).toStrictEqual({
      id: 't-1',
      status: 'failed',
      tenantId: 'acme',
      amount: { value: '10.00', currency: 'USD' },
      correlationId: 'order-42',
      created: '2026-03-01T00:00:00.000Z',
      accountId: 'acc-1',
      links: { fundedTransfer: 't-2', source: 'https://x/funding-sources/fs-1' },
      failure: { code: 'R01', description: 'Insufficient Funds' },
      initiatedBy: ACTOR,
      cancelledBy: ACTOR,
      cancelledAt: '2026-03-01T00:01:00.000Z',
      events: [
        { id: 'e-1', topic: 'transfer_created', created: '2026-03-01T00:00:00.000Z' },
        { id: 'e-2', topic: 'transfer_failed', created: '2026-03-02T00:00:00.000Z' },
      ],
    });
  });

  it('knows no leg when only events were stored for the id', async () => {
    // Prepare
    ddbMock.on(QueryCommand).resolves({
      Items: [{ pk: 'RESOURCE#t-1', sk: 'EVENT#e-1', eventId: 'e-1', topic: 'x', created: 'c' }],
    });

    // Act + Assess
    expect(await repository.getWithEvents('t-1')).toBeUndefined();
  });

  it('searches the correlationId index, following every page', async () => {
    // Prepare
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({
        Items: [{ pk: 'RESOURCE#a', sk: 'TRANSFER', id: 'a', status: 'pending' }],
        LastEvaluatedKey: { pk: 'RESOURCE#a' },
      })
      .resolves({ Items: [{ pk: 'RESOURCE#b', sk: 'TRANSFER', id: 'b', status: 'processed' }] });

    // Act
    const legs = await repository.findByCorrelationId('acme', 'order-42');

    // Assess
    expect(legs.map((leg) => leg.id)).toEqual(['a', 'b']);
    const calls = ddbMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(calls[0]).toEqual({
      TableName: TABLE,
      IndexName: 'byCorrelationId',
      KeyConditionExpression: '#gsi1pk = :pk',
      ExpressionAttributeNames: { '#gsi1pk': 'gsi1pk' },
      ExpressionAttributeValues: { ':pk': 'CORRELATION#acme#order-42' },
    });
    expect(calls[1]?.ExclusiveStartKey).toEqual({ pk: 'RESOURCE#a' });
  });

  it('marks a leg cancelled only when that raises its status rank, and records who cancelled anyway', async () => {
    // Prepare
    ddbMock.on(UpdateCommand).rejectsOnce(conditionFailed()).resolves({});

    // Act
    await repository.markCancelled('t-1', NOW, ACTOR);

    // Assess
    const [withStatus, auditOnly] = ddbMock.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(auditOnly).toEqual({
      TableName: TABLE,
      Key: { pk: 'RESOURCE#t-1', sk: 'TRANSFER' },
      UpdateExpression:
        'SET #cancelledBy = if_not_exists(#cancelledBy, :by), #cancelledAt = if_not_exists(#cancelledAt, :now)',
      ConditionExpression: 'attribute_exists(#pk)',
      ExpressionAttributeNames: {
        '#pk': 'pk',
        '#cancelledBy': 'cancelledBy',
        '#cancelledAt': 'cancelledAt',
      },
      ExpressionAttributeValues: { ':by': ACTOR, ':now': NOW.toISOString() },
    });
    expect(withStatus).toEqual({
      TableName: TABLE,
      Key: { pk: 'RESOURCE#t-1', sk: 'TRANSFER' },
      UpdateExpression:
        'SET #status = :cancelled, #statusRank = :rank, #updatedAt = :now, ' +
        '#cancelledBy = if_not_exists(#cancelledBy, :by), #cancelledAt = if_not_exists(#cancelledAt, :now)',
      ConditionExpression:
        'attribute_exists(#pk) AND (attribute_not_exists(#statusRank) OR #statusRank < :rank)',
      ExpressionAttributeNames: {
        '#pk': 'pk',
        '#status': 'status',
        '#statusRank': 'statusRank',
        '#updatedAt': 'updatedAt',
        '#cancelledBy': 'cancelledBy',
        '#cancelledAt': 'cancelledAt',
      },
      ExpressionAttributeValues: {
        ':cancelled': 'cancelled',
        ':rank': 3,
        ':now': NOW.toISOString(),
        ':by': ACTOR,
      },
    });
  });
});
