import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbLegStore } from '../../shared/webhooks/dynamodb-leg-store.js';

const TABLE = 'table-1';
const NOW = new Date('2026-01-02T03:04:05.000Z');
const CLAIM = `${NOW.toISOString()}#6f1c2d3e-0000-4000-8000-000000000001`;
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

/** `#name → name` for each attribute, as the store's expressions alias them. */
/** The table and key of a leg's item, as every leg-store command names them. */
const legItem = (transferId: string) => ({
  TableName: TABLE,
  Key: { pk: `RESOURCE#${transferId}`, sk: 'TRANSFER' },
});
const namesOf = (...attributes: string[]): Record<string, string> =>
  Object.fromEntries(attributes.map((attribute) => [`#${attribute}`, attribute]));

describe('Class: DynamoDbLegStore', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const store = new DynamoDbLegStore({ client, tableName: TABLE });

  /** The UpdateItem inputs the store sent, in order. */
  const updatesSent = () => ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);

  beforeEach(() => {
    ddb.reset();
  });

  it('applies an event status in one UpdateItem under the rank condition, other facts only if unknown', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({
      Attributes: {
        id: 't-1',
        status: 'failed',
        statusRank: 2,
        accountId: 'acc-1',
        tenantId: 'acme',
      },
    });

    // Act
    const result = await store.applyEvent(
      {
        transferId: 't-1',
        status: 'failed',
        accountId: 'acc-1',
        tenantId: 'acme',
        customerId: 'cus-1',
        correlationId: 'corr-1',
        eventCreated: '2026-01-01T00:00:00.000Z',
        enrichmentClaim: CLAIM,
        failureClaim: CLAIM,
      },
      NOW,
    );

    // Assess
    expect(updatesSent()).toHaveLength(1);
    expect(updatesSent()[0]).toEqual({
      ...legItem('t-1'),
      UpdateExpression:
        'SET #id = :id, #updatedAt = :updatedAt, #accountId = if_not_exists(#accountId, :accountId), #tenantId = if_not_exists(#tenantId, :tenantId), #customerId = if_not_exists(#customerId, :customerId), #correlationId = if_not_exists(#correlationId, :correlationId), #gsi1pk = if_not_exists(#gsi1pk, :gsi1pk), #gsi1sk = if_not_exists(#gsi1sk, :gsi1sk), #enrichmentClaimedAt = if_not_exists(#enrichmentClaimedAt, :enrichmentClaimedAt), #failureClaimedAt = if_not_exists(#failureClaimedAt, :failureClaimedAt), #status = :status, #statusRank = :statusRank',
      ConditionExpression: 'attribute_not_exists(#statusRank) OR #statusRank < :statusRank',
      ExpressionAttributeNames: namesOf(
        'id',
        'updatedAt',
        'accountId',
        'tenantId',
        'customerId',
        'correlationId',
        'gsi1pk',
        'gsi1sk',
        'enrichmentClaimedAt',
        'failureClaimedAt',
        'status',
        'statusRank',
      ),
      ExpressionAttributeValues: {
        ':id': 't-1',
        ':updatedAt': NOW.toISOString(),
        ':accountId': 'acc-1',
        ':tenantId': 'acme',
        ':customerId': 'cus-1',
        ':correlationId': 'corr-1',
        ':gsi1pk': 'CORRELATION#acme#corr-1',
        ':gsi1sk': '2026-01-01T00:00:00.000Z#t-1',
        ':enrichmentClaimedAt': CLAIM,
        ':failureClaimedAt': CLAIM,
        ':status': 'failed',
        ':statusRank': 2,
      },
      ReturnValues: 'ALL_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(result.statusApplied).toBe(true);
    expect(result.leg).toMatchObject({
      id: 't-1',
      status: 'failed',
      statusRank: 2,
      tenantId: 'acme',
    });
  });

  it('keeps a leg whose account no tenant owns out of every correlation search', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: { id: 't-1', status: 'pending', statusRank: 0 } });

    // Act
    await store.applyEvent(
      {
        transferId: 't-1',
        status: 'pending',
        accountId: 'acc-unowned',
        correlationId: 'corr-1',
        eventCreated: '2026-01-01T00:00:00.000Z',
      },
      NOW,
    );

    // Assess
    const input = updatesSent()[0]!;
    expect(input.UpdateExpression).toContain('#correlationId = if_not_exists');
    expect(Object.values(input.ExpressionAttributeNames ?? {})).not.toContain('gsi1pk');
    expect(Object.values(input.ExpressionAttributeNames ?? {})).not.toContain('tenantId');
  });

  it('still lands the non-status facts when the stored status ranks higher', async () => {
    // Prepare
    ddb
      .on(UpdateCommand)
      .rejectsOnce(conditionFailed())
      .resolves({ Attributes: { id: 't-1', status: 'failed', statusRank: 2 } });

    // Act
    const result = await store.applyEvent(
      { transferId: 't-1', status: 'processed', accountId: 'acc-1', eventCreated: 'x' },
      NOW,
    );

    // Assess
    const updates = updatesSent();
    expect(updates).toHaveLength(2);
    expect(updates[1]).toEqual({
      ...legItem('t-1'),
      UpdateExpression:
        'SET #id = :id, #updatedAt = :updatedAt, #accountId = if_not_exists(#accountId, :accountId), #status = if_not_exists(#status, :status), #statusRank = if_not_exists(#statusRank, :statusRank)',
      ExpressionAttributeNames: namesOf('id', 'updatedAt', 'accountId', 'status', 'statusRank'),
      ExpressionAttributeValues: {
        ':id': 't-1',
        ':updatedAt': NOW.toISOString(),
        ':accountId': 'acc-1',
        ':status': 'pending',
        ':statusRank': 0,
      },
      ReturnValues: 'ALL_NEW',
    });
    expect(updates[0]!.ConditionExpression).toBe(
      'attribute_not_exists(#statusRank) OR #statusRank < :statusRank',
    );
    expect(result).toEqual({
      statusApplied: false,
      leg: expect.objectContaining({ status: 'failed', statusRank: 2 }),
    });
  });

  it('costs a stale event one write when the stored leg already holds every fact it brings', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: {
          id: { S: 't-1' },
          status: { S: 'failed' },
          statusRank: { N: '2' },
          accountId: { S: 'acc-1' },
          tenantId: { S: 'acme' },
          correlationId: { S: 'corr-1' },
          gsi1pk: { S: 'CORRELATION#acme#corr-1' },
          gsi1sk: { S: 'x#t-1' },
          enrichedAt: { S: NOW.toISOString() },
        },
      }),
    );

    // Act
    const result = await store.applyEvent(
      {
        transferId: 't-1',
        status: 'processed',
        accountId: 'acc-1',
        tenantId: 'acme',
        correlationId: 'corr-1',
        eventCreated: 'x',
        enrichmentClaim: CLAIM,
      },
      NOW,
    );

    // Assess
    const updates = updatesSent();
    expect(updates).toHaveLength(1);
    expect(updates[0]!.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    expect(result).toEqual({
      statusApplied: false,
      leg: expect.objectContaining({
        id: 't-1',
        status: 'failed',
        statusRank: 2,
        tenantId: 'acme',
        enrichedAt: NOW.toISOString(),
      }),
    });
  });

  it('still writes a stale event whose enrichment claim the stored leg lacks', async () => {
    // Prepare
    ddb
      .on(UpdateCommand)
      .rejectsOnce(
        new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
          Item: {
            id: { S: 't-1' },
            status: { S: 'failed' },
            statusRank: { N: '2' },
            accountId: { S: 'acc-1' },
          },
        }),
      )
      .resolves({
        Attributes: {
          id: 't-1',
          status: 'failed',
          statusRank: 2,
          accountId: 'acc-1',
          enrichmentClaimedAt: CLAIM,
        },
      });

    // Act
    const result = await store.applyEvent(
      {
        transferId: 't-1',
        status: 'processed',
        accountId: 'acc-1',
        eventCreated: 'x',
        enrichmentClaim: CLAIM,
      },
      NOW,
    );

    // Assess
    const updates = updatesSent();
    expect(updates).toHaveLength(2);
    expect(updates[1]!.UpdateExpression).toBe(
      'SET #id = :id, #updatedAt = :updatedAt, #accountId = if_not_exists(#accountId, :accountId), #enrichmentClaimedAt = if_not_exists(#enrichmentClaimedAt, :enrichmentClaimedAt), #status = if_not_exists(#status, :status), #statusRank = if_not_exists(#statusRank, :statusRank)',
    );
    expect(result.leg.enrichmentClaim).toBe(CLAIM);
  });

  it('applies a pending event in one unconditioned write that never lowers a stored status', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({
      Attributes: {
        id: 't-1',
        status: 'processed',
        statusRank: 1,
        enrichmentClaimedAt: '2026-01-02T03:04:00.000Z#other',
      },
    });

    // Act
    const result = await store.applyEvent(
      {
        transferId: 't-1',
        status: 'pending',
        accountId: 'acc-1',
        eventCreated: 'x',
        enrichmentClaim: CLAIM,
      },
      NOW,
    );

    // Assess
    const updates = updatesSent();
    expect(updates).toHaveLength(1);
    expect(updates[0]).toEqual({
      ...legItem('t-1'),
      UpdateExpression:
        'SET #id = :id, #updatedAt = :updatedAt, #accountId = if_not_exists(#accountId, :accountId), #enrichmentClaimedAt = if_not_exists(#enrichmentClaimedAt, :enrichmentClaimedAt), #status = if_not_exists(#status, :status), #statusRank = if_not_exists(#statusRank, :statusRank)',
      ExpressionAttributeNames: namesOf(
        'id',
        'updatedAt',
        'accountId',
        'enrichmentClaimedAt',
        'status',
        'statusRank',
      ),
      ExpressionAttributeValues: {
        ':id': 't-1',
        ':updatedAt': NOW.toISOString(),
        ':accountId': 'acc-1',
        ':enrichmentClaimedAt': CLAIM,
        ':status': 'pending',
        ':statusRank': 0,
      },
      ReturnValues: 'ALL_NEW',
    });
    expect(result).toEqual({
      statusApplied: false,
      leg: expect.objectContaining({
        status: 'processed',
        statusRank: 1,
        enrichmentClaim: '2026-01-02T03:04:00.000Z#other',
      }),
    });
  });

  it('propagates storage errors other than a failed condition', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(new Error('throttled'));

    // Act
    const act = store.applyEvent({ transferId: 't-1', status: 'failed', eventCreated: 'x' }, NOW);

    // Assess
    await expect(act).rejects.toThrow('throttled');
    expect(updatesSent()).toHaveLength(1);
  });

  it('claims enrichment only when not done and not claimed by a live claim', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());

    // Act
    const first = await store.claim('t-1', 'enrichment', NOW, 60_000);
    const second = await store.claim('t-1', 'enrichment', NOW, 60_000);

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(updatesSent()[0]).toEqual({
      ...legItem('t-1'),
      UpdateExpression: 'SET #enrichmentClaimedAt = :enrichmentClaimedAt',
      ConditionExpression:
        'attribute_exists(#pk) AND attribute_not_exists(#enrichedAt) AND (attribute_not_exists(#enrichmentClaimedAt) OR #enrichmentClaimedAt < :expired)',
      ExpressionAttributeNames: namesOf('enrichmentClaimedAt', 'pk', 'enrichedAt'),
      ExpressionAttributeValues: {
        ':enrichmentClaimedAt': NOW.toISOString(),
        ':expired': '2026-01-02T03:03:05.000Z',
      },
      ReturnValues: 'ALL_NEW',
    });
  });

  it('claims the failure fetch on its own attributes', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});

    // Act
    await store.claim('t-1', 'failure', NOW, 1_000);

    // Assess
    const input = updatesSent()[0]!;
    expect(input.ConditionExpression).toBe(
      'attribute_exists(#pk) AND attribute_not_exists(#failureFetchedAt) AND (attribute_not_exists(#failureClaimedAt) OR #failureClaimedAt < :expired)',
    );
    expect(input.ExpressionAttributeValues).toEqual({
      ':failureClaimedAt': NOW.toISOString(),
      ':expired': '2026-01-02T03:04:04.000Z',
    });
  });

  it('releases only its own claim', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed());

    // Act
    await store.release('t-1', 'enrichment', CLAIM);

    // Assess
    expect(updatesSent()[0]).toEqual({
      ...legItem('t-1'),
      UpdateExpression: 'REMOVE #enrichmentClaimedAt',
      ConditionExpression: '#enrichmentClaimedAt = :claimedAt',
      ExpressionAttributeNames: { '#enrichmentClaimedAt': 'enrichmentClaimedAt' },
      ExpressionAttributeValues: { ':claimedAt': CLAIM },
    });
  });

  it('stores the enrichment with the correlation index keys and marks the leg enriched', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});

    // Act
    await store.saveEnrichment(
      't-2',
      {
        amount: { value: '10.00', currency: 'USD' },
        created: '2026-01-01T10:00:00.000Z',
        correlationId: 'corr-1',
        sourceUrl: 'https://api.dwolla.com/funding-sources/fs-1',
        destinationUrl: 'https://api.dwolla.com/customers/cus-2',
        fundingTransferId: 't-1',
      },
      NOW,
      'acme',
    );

    // Assess
    expect(updatesSent()[0]).toEqual({
      ...legItem('t-2'),
      UpdateExpression:
        'SET #amountValue = :amountValue, #amountCurrency = :amountCurrency, #created = :created, #gsi1sk = :gsi1sk, #correlationId = :correlationId, #gsi1pk = :gsi1pk, #sourceUrl = :sourceUrl, #destinationUrl = :destinationUrl, #fundingTransferId = :fundingTransferId, #enrichedAt = :enrichedAt, #updatedAt = :updatedAt',
      ExpressionAttributeNames: namesOf(
        'amountValue',
        'amountCurrency',
        'created',
        'gsi1sk',
        'correlationId',
        'gsi1pk',
        'sourceUrl',
        'destinationUrl',
        'fundingTransferId',
        'enrichedAt',
        'updatedAt',
      ),
      ExpressionAttributeValues: {
        ':amountValue': '10.00',
        ':amountCurrency': 'USD',
        ':created': '2026-01-01T10:00:00.000Z',
        ':gsi1sk': '2026-01-01T10:00:00.000Z#t-2',
        ':correlationId': 'corr-1',
        ':gsi1pk': 'CORRELATION#acme#corr-1',
        ':sourceUrl': 'https://api.dwolla.com/funding-sources/fs-1',
        ':destinationUrl': 'https://api.dwolla.com/customers/cus-2',
        ':fundingTransferId': 't-1',
        ':enrichedAt': NOW.toISOString(),
        ':updatedAt': NOW.toISOString(),
      },
      ReturnValues: 'ALL_NEW',
    });
  });

  it('stores a failure reason fetched with the enrichment in the same write', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: {} });

    // Act
    await store.saveEnrichment(
      't-2',
      { amount: { value: '10.00', currency: 'USD' }, created: '2026-01-01T10:00:00.000Z' },
      NOW,
      undefined,
      { code: 'R01', description: 'Insufficient Funds' },
    );

    // Assess
    expect(updatesSent()).toHaveLength(1);
    expect(updatesSent()[0]?.UpdateExpression).toBe(
      'SET #amountValue = :amountValue, #amountCurrency = :amountCurrency, #created = :created, #gsi1sk = :gsi1sk, #enrichedAt = :enrichedAt, #updatedAt = :updatedAt, #failureCode = :failureCode, #failureDescription = :failureDescription, #failureFetchedAt = :failureFetchedAt',
    );
    expect(updatesSent()[0]?.ExpressionAttributeValues).toMatchObject({
      ':failureCode': 'R01',
      ':failureDescription': 'Insufficient Funds',
      ':failureFetchedAt': NOW.toISOString(),
      ':enrichedAt': NOW.toISOString(),
    });
  });

  it('stores the failure reason once; the fetched mark ends the claim', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});

    // Act
    await store.saveFailure('t-1', { code: 'R01', description: 'Insufficient Funds' }, NOW);

    // Assess
    expect(updatesSent()[0]).toMatchObject({
      Key: { pk: 'RESOURCE#t-1', sk: 'TRANSFER' },
      UpdateExpression:
        'SET #failureCode = :failureCode, #failureDescription = :failureDescription, #failureFetchedAt = :failureFetchedAt, #updatedAt = :updatedAt',
      ExpressionAttributeValues: {
        ':failureCode': 'R01',
        ':failureDescription': 'Insufficient Funds',
        ':failureFetchedAt': NOW.toISOString(),
        ':updatedAt': NOW.toISOString(),
      },
    });
  });

  it('links a neighbour without overwriting it, creating it as pending when unknown', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});

    // Act
    await store.linkNeighbour('t-1', 'fundedTransferId', 't-2', NOW);

    // Assess
    expect(updatesSent()[0]).toEqual({
      ...legItem('t-1'),
      UpdateExpression:
        'SET #fundedTransferId = if_not_exists(#fundedTransferId, :fundedTransferId), #id = if_not_exists(#id, :id), #status = if_not_exists(#status, :status), #statusRank = if_not_exists(#statusRank, :statusRank), #updatedAt = :updatedAt',
      ExpressionAttributeNames: namesOf(
        'fundedTransferId',
        'id',
        'status',
        'statusRank',
        'updatedAt',
      ),
      ExpressionAttributeValues: {
        ':fundedTransferId': 't-2',
        ':id': 't-1',
        ':status': 'pending',
        ':statusRank': 0,
        ':updatedAt': NOW.toISOString(),
      },
      ReturnValues: 'ALL_NEW',
    });
  });
});
