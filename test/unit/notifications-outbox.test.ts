import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { Notification } from '../../shared/notifications/notification.js';
import { createOutboxRelay } from '../../shared/notifications/outbox.js';
import { processOutboxStream } from '../../shared/notifications/outbox-stream.js';
import {
  FakeDeliveryQueue,
  FakeEndpointStore,
  FakeNotificationStore,
  recordingLogger,
} from './support/notifications-fakes.js';

const leg = (id: string, status: string, rank: number) => ({
  pk: `RESOURCE#${id}`,
  sk: 'TRANSFER',
  id,
  status,
  statusRank: rank,
  tenantId: 'acme',
  updatedAt: `2026-03-01T10:00:0${rank}.000Z`,
});

function record(sequence: string, before: object | undefined, after: object) {
  return {
    eventName: before ? 'MODIFY' : 'INSERT',
    dynamodb: {
      SequenceNumber: sequence,
      ApproximateCreationDateTime: 1_772_359_200,
      ...(before ? { OldImage: marshall(before) } : {}),
      NewImage: marshall(after),
    },
  };
}

async function setUp() {
  const endpoints = new FakeEndpointStore();
  const base = { tenantId: 'acme', description: null, createdAt: '2026-01-01T00:00:00.000Z' };
  await endpoints.create(
    {
      ...base,
      id: 'every',
      url: 'https://a.example/',
      types: ['transfer.created', 'transfer.processed', 'transfer.failed'],
    },
    20,
  );
  await endpoints.create(
    { ...base, id: 'failed', url: 'https://b.example/', types: ['transfer.failed'] },
    20,
  );
  await endpoints.create(
    {
      ...base,
      tenantId: 'other',
      id: 'other',
      url: 'https://c.example/',
      types: ['transfer.failed'],
    },
    20,
  );
  const notifications = new FakeNotificationStore();
  const deliveries = new FakeDeliveryQueue();
  return {
    relay: createOutboxRelay({ notifications, endpoints, deliveries }),
    notifications,
    deliveries,
  };
}

const observability = () => ({ ...recordingLogger(), metrics: { addMetric: () => undefined } });

describe('Function: processOutboxStream', () => {
  it("queues one delivery per subscribed endpoint of the leg's tenant, in stream order", async () => {
    // Prepare
    const { relay, notifications, deliveries } = await setUp();
    const event = {
      Records: [
        record('1', undefined, leg('t1', 'pending', 0)),
        record('2', leg('t1', 'pending', 0), leg('t1', 'failed', 2)),
      ],
    } as unknown as DynamoDBStreamEvent;

    // Act
    const response = await processOutboxStream(event, relay, observability());

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(deliveries.queued.map((d) => [d.endpointId, d.webhookId])).toEqual([
      ['every', 'msg_t1_pending'],
      ['every', 'msg_t1_failed'],
      ['failed', 'msg_t1_failed'],
    ]);
    expect([...notifications.notifications.keys()]).toEqual(['msg_t1_pending', 'msg_t1_failed']);
  });

  it('stops at the first record that fails and reports it, so the stream retries from there', async () => {
    // Prepare
    const { relay } = await setUp();
    const seen: string[] = [];
    const failing = async (notification: Notification) => {
      seen.push(notification.webhookId);
      if (notification.transferId === 't2') throw new Error('SQS unavailable');
      return relay(notification);
    };
    const event = {
      Records: [
        record('1', undefined, leg('t1', 'pending', 0)),
        record('2', undefined, leg('t2', 'pending', 0)),
        record('3', undefined, leg('t3', 'pending', 0)),
      ],
    } as unknown as DynamoDBStreamEvent;

    // Act
    const response = await processOutboxStream(event, failing, observability());

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
    expect(seen).toEqual(['msg_t1_pending', 'msg_t2_pending']);
  });

  it('relays a redelivered record with the body stored the first time', async () => {
    // Prepare
    const { relay, deliveries } = await setUp();
    const event = {
      Records: [record('1', leg('t1', 'pending', 0), leg('t1', 'processed', 1))],
    } as unknown as DynamoDBStreamEvent;

    // Act
    await processOutboxStream(event, relay, observability());
    await processOutboxStream(event, relay, observability());

    // Assess
    expect(deliveries.queued).toHaveLength(2);
    expect(deliveries.queued[1]).toEqual(deliveries.queued[0]);
  });

  it("reads each tenant's endpoints once per stream batch, and again for the next batch", async () => {
    // Prepare
    const endpoints = new FakeEndpointStore();
    const base = { description: null, createdAt: '2026-01-01T00:00:00.000Z' };
    const every = ['transfer.created', 'transfer.processed', 'transfer.failed'] as const;
    await endpoints.create(
      { ...base, tenantId: 'acme', id: 'a', url: 'https://a.example/', types: [...every] },
      20,
    );
    await endpoints.create(
      { ...base, tenantId: 'other', id: 'o', url: 'https://o.example/', types: [...every] },
      20,
    );
    const listed: string[] = [];
    const list = endpoints.list.bind(endpoints);
    endpoints.list = (tenantId) => {
      listed.push(tenantId);
      return list(tenantId);
    };
    const deliveries = new FakeDeliveryQueue();
    const relay = createOutboxRelay({
      notifications: new FakeNotificationStore(),
      endpoints,
      deliveries,
    });
    const batch = (suffix: string) =>
      ({
        Records: [
          record('1', undefined, leg(`t1${suffix}`, 'pending', 0)),
          record('2', leg(`t1${suffix}`, 'pending', 0), leg(`t1${suffix}`, 'processed', 1)),
          record('3', undefined, { ...leg(`t2${suffix}`, 'pending', 0), tenantId: 'other' }),
          record('4', undefined, leg(`t3${suffix}`, 'failed', 2)),
        ],
      }) as unknown as DynamoDBStreamEvent;

    // Act
    await processOutboxStream(batch('a'), relay, observability());
    await processOutboxStream(batch('b'), relay, observability());

    // Assess
    expect(listed).toEqual(['acme', 'other', 'acme', 'other']);
    expect(deliveries.queued.map((d) => `${d.endpointId} ${d.webhookId}`)).toEqual([
      'a msg_t1a_pending',
      'a msg_t1a_processed',
      'o msg_t2a_pending',
      'a msg_t3a_failed',
      'a msg_t1b_pending',
      'a msg_t1b_processed',
      'o msg_t2b_pending',
      'a msg_t3b_failed',
    ]);
  });

  it('stores nothing for a notification no endpoint of the tenant subscribes to', async () => {
    // Prepare
    const { relay, notifications, deliveries } = await setUp();
    const event = {
      Records: [record('1', leg('t1', 'pending', 0), { ...leg('t1', 'cancelled', 3) })],
    } as unknown as DynamoDBStreamEvent;

    // Act
    await processOutboxStream(event, relay, observability());

    // Assess
    expect(notifications.notifications.size).toBe(0);
    expect(deliveries.queued).toEqual([]);
  });
});
