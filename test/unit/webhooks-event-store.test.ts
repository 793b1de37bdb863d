import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventItem } from '../../shared/adapters/dynamodb/table-design.js';
import { DynamoDbEventStore } from '../../shared/webhooks/dynamodb-event-store.js';
import {
  createEventStoreProcessor,
  type EventRepository,
} from '../../shared/webhooks/event-store.js';

const TABLE = 'dwolla-table';

function dwollaEvent(overrides: Record<string, unknown> = {}) {
  return {
    _links: {
      self: { href: 'https://api.dwolla.com/events/evt-1' },
      resource: { href: 'https://api.dwolla.com/transfers/tr-1' },
      account: { href: 'https://api.dwolla.com/accounts/acc-1' },
      customer: { href: 'https://api.dwolla.com/customers/cus-1' },
    },
    id: 'evt-1',
    created: '2026-01-01T00:00:00.000Z',
    topic: 'customer_transfer_created',
    resourceId: 'tr-1',
    correlationId: 'order-1',
    ...overrides,
  };
}

function record(messageId: string, body: string, sentAt = '1767225605000'): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: sentAt,
      SenderId: 'sns',
      ApproximateFirstReceiveTimestamp: sentAt,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:event-store',
    awsRegion: 'us-east-1',
  };
}

const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

/** An in-memory repository that behaves like the conditional Put. */
function fakeRepository(failFor: ReadonlySet<string> = new Set()) {
  const items = new Map<string, EventItem>();
  const repository: EventRepository = {
    async putIfAbsent(item) {
      if (failFor.has(item.eventId)) throw new Error('ProvisionedThroughputExceededException');
      const key = `${item.pk}|${item.sk}`;
      if (items.has(key)) return 'duplicate';
      items.set(key, item);
      return 'stored';
    },
    async storedEventIds(refs) {
      return new Set(
        refs
          .filter((ref) => items.has(`RESOURCE#${ref.resourceId}|EVENT#${ref.eventId}`))
          .map((ref) => ref.eventId),
      );
    },
  };
  return { repository, items };
}

function setUp(failFor?: ReadonlySet<string>, owned: Record<string, string> = { 'acc-1': 'acme' }) {
  const { repository, items } = fakeRepository(failFor);
  const metrics: { name: string; unit: string; value: number }[] = [];
  const store = createEventStoreProcessor({
    repository,
    owners: { ownerOf: async (accountId) => owned[accountId] },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    metrics: { addMetric: (name, unit, value) => metrics.push({ name, unit, value }) },
    clock: { now: () => new Date('2026-01-01T00:00:09.000Z') },
  });
  return { store, items, metrics };
}

describe('Event store processor', () => {
  it('stores an event with its ids, correlation, account, customer, times and raw payload', async () => {
    const { store, items } = setUp();
    const body = JSON.stringify(dwollaEvent());

    const result = await store(batch(record('m-1', body)));

    expect(result).toEqual({ batchItemFailures: [] });
    expect([...items.values()]).toEqual([
      {
        pk: 'RESOURCE#tr-1',
        sk: 'EVENT#evt-1',
        eventId: 'evt-1',
        topic: 'customer_transfer_created',
        resourceId: 'tr-1',
        created: '2026-01-01T00:00:00.000Z',
        receivedAt: '2026-01-01T00:00:05.000Z',
        correlationId: 'order-1',
        accountId: 'acc-1',
        customerId: 'cus-1',
        payload: body,
      },
    ]);
  });

  it('stores one item for a redelivered event and counts the duplicate as a success', async () => {
    const { store, items, metrics } = setUp();
    const body = JSON.stringify(dwollaEvent());

    const first = await store(batch(record('m-1', body)));
    const second = await store(batch(record('m-2', body), record('m-3', body)));

    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    expect(items.size).toBe(1);
    expect(metrics.filter((m) => m.name === 'WebhookDuplicates')).toHaveLength(2);
    expect(metrics.filter((m) => m.name === 'EventsStored')).toHaveLength(1);
  });

  it('stores an event of an account no tenant owns and counts it once, duplicates aside', async () => {
    const { store, items, metrics } = setUp(undefined, {});
    const body = JSON.stringify(dwollaEvent());

    const result = await store(batch(record('m-1', body), record('m-2', body)));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(items.size).toBe(1);
    expect(metrics.filter((m) => m.name === 'EventsOfUnownedAccount')).toEqual([
      { name: 'EventsOfUnownedAccount', unit: 'Count', value: 1 },
    ]);
  });

  it('does not count an event whose account has an owner', async () => {
    const { store, metrics } = setUp();

    await store(batch(record('m-1', JSON.stringify(dwollaEvent()))));

    expect(metrics.map((m) => m.name)).not.toContain('EventsOfUnownedAccount');
  });

  it('stores events of any topic, including ones this system does not process', async () => {
    const { store, items } = setUp();
    const topics = ['customer_verified', 'funding_source_added', 'some_future_topic'];

    await store(
      batch(
        ...topics.map((topic, i) =>
          record(`m-${i}`, JSON.stringify(dwollaEvent({ id: `evt-${i}`, topic }))),
        ),
      ),
    );

    expect([...items.values()].map((item) => item.topic).sort()).toEqual([...topics].sort());
  });

  it('returns only the record whose write failed, for SQS to retry', async () => {
    const { store, items } = setUp(new Set(['evt-2']));

    const result = await store(
      batch(
        record('m-1', JSON.stringify(dwollaEvent({ id: 'evt-1' }))),
        record('m-2', JSON.stringify(dwollaEvent({ id: 'evt-2' }))),
        record('m-3', JSON.stringify(dwollaEvent({ id: 'evt-3' }))),
      ),
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect([...items.values()].map((item) => item.eventId).sort()).toEqual(['evt-1', 'evt-3']);
  });

  it('reports a body that is not a Dwolla event as a failure (to the DLQ), counted as poison', async () => {
    const { store, items, metrics } = setUp();

    const result = await store(
      batch(
        record('m-bad-json', '{"id":'),
        record('m-bad-shape', JSON.stringify({ id: 'x' })),
        record('m-ok', JSON.stringify(dwollaEvent())),
      ),
    );

    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: 'm-bad-json' },
      { itemIdentifier: 'm-bad-shape' },
    ]);
    expect(items.size).toBe(1);
    expect(metrics.filter((m) => m.name === 'PoisonMessages')).toHaveLength(2);
  });

  it('records the lag between Dwolla creating the event and our receiving it', async () => {
    const { store, metrics } = setUp();

    await store(batch(record('m-1', JSON.stringify(dwollaEvent()))));

    expect(metrics).toContainEqual({ name: 'EventLagSeconds', unit: 'Seconds', value: 5 });
  });

  it('falls back to the clock when SQS gives no sent time', async () => {
    const { store, items } = setUp();
    const withoutSentTime = record('m-1', JSON.stringify(dwollaEvent()), '');

    await store(batch(withoutSentTime));

    expect([...items.values()][0]?.receivedAt).toBe('2026-01-01T00:00:09.000Z');
  });
});

describe('Class: DynamoDbEventStore', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const repository = new DynamoDbEventStore({ client: client, tableName: TABLE });
  const item: EventItem = {
    pk: 'RESOURCE#tr-1',
    sk: 'EVENT#evt-1',
    eventId: 'evt-1',
    topic: 'transfer_created',
    resourceId: 'tr-1',
    created: '2026-01-01T00:00:00.000Z',
    receivedAt: '2026-01-01T00:00:01.000Z',
    payload: '{}',
  };

  beforeEach(() => ddb.reset());

  it('writes with a condition that never overwrites an existing event', async () => {
    ddb.on(PutCommand).resolves({});

    const outcome = await repository.putIfAbsent(item);

    expect(outcome).toBe('stored');
    expect(ddb.commandCalls(PutCommand).map((c) => c.args[0].input)).toEqual([
      { TableName: TABLE, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
    ]);
  });

  it('reports a failed condition as a duplicate', async () => {
    ddb
      .on(PutCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));

    expect(await repository.putIfAbsent(item)).toBe('duplicate');
  });

  it('lets any other write error through', async () => {
    ddb.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));

    await expect(repository.putIfAbsent(item)).rejects.toThrow('ProvisionedThroughputExceeded');
  });

  it('finds stored events with BatchGetItem, retrying unprocessed keys', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [TABLE]: [{ eventId: 'evt-1' }] },
        UnprocessedKeys: { [TABLE]: { Keys: [{ pk: 'RESOURCE#tr-3', sk: 'EVENT#evt-3' }] } },
      })
      .resolvesOnce({ Responses: { [TABLE]: [{ eventId: 'evt-3' }] } });

    const stored = await repository.storedEventIds([
      { resourceId: 'tr-1', eventId: 'evt-1' },
      { resourceId: 'tr-2', eventId: 'evt-2' },
      { resourceId: 'tr-3', eventId: 'evt-3' },
    ]);

    expect([...stored].sort()).toEqual(['evt-1', 'evt-3']);
    expect(ddb.commandCalls(BatchGetCommand).map((c) => c.args[0].input)).toEqual([
      {
        RequestItems: {
          [TABLE]: {
            Keys: [
              { pk: 'RESOURCE#tr-1', sk: 'EVENT#evt-1' },
              { pk: 'RESOURCE#tr-2', sk: 'EVENT#evt-2' },
              { pk: 'RESOURCE#tr-3', sk: 'EVENT#evt-3' },
            ],
            ProjectionExpression: 'eventId',
          },
        },
      },
      {
        RequestItems: {
          [TABLE]: {
            Keys: [{ pk: 'RESOURCE#tr-3', sk: 'EVENT#evt-3' }],
            ProjectionExpression: 'eventId',
          },
        },
      },
    ]);
  });

  it('reads at most 100 keys per BatchGetItem call', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] } });
    const refs = Array.from({ length: 150 }, (_, i) => ({ resourceId: 'tr', eventId: `e-${i}` }));

    await repository.storedEventIds(refs);

    expect(
      ddb
        .commandCalls(BatchGetCommand)
        .map((c) => c.args[0].input.RequestItems?.[TABLE]?.Keys?.length),
    ).toEqual([100, 50]);
  });
});
