import type { SQSEvent } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import {
  createNotificationDelivery,
  retryDelaySeconds,
} from '../../shared/notifications/delivery.js';
import { processDeliveryBatch } from '../../shared/notifications/delivery-sqs.js';
import { DeliveryTransportError } from '../../shared/notifications/errors.js';
import type { Delivery, WebhookEndpoint } from '../../shared/notifications/ports.js';
import { generateEndpointSecret } from '../../shared/notifications/signature.js';
import {
  FakeEndpointStore,
  FakeNotificationStore,
  FakeSecretVault,
  FakeSender,
  recordingLogger,
} from './support/notifications-fakes.js';

const SCHEDULE = { delaysSeconds: [20, 300, 1_800] };
const NOW = new Date('2026-03-01T10:00:02.500Z');
const endpoint: WebhookEndpoint = {
  id: 'ep-1',
  tenantId: 'acme',
  url: 'https://acme.example/hooks',
  types: ['transfer.created', 'transfer.failed'],
  description: null,
  createdAt: '2026-02-01T00:00:00.000Z',
};
const delivery: Delivery = {
  tenantId: 'acme',
  endpointId: 'ep-1',
  webhookId: 'msg_abc_failed',
  transferId: 'abc',
  type: 'transfer.failed',
  occurredAt: '2026-03-01T10:00:00.000Z',
  body: JSON.stringify({
    type: 'transfer.failed',
    timestamp: '2026-03-01T10:00:00.000Z',
    data: {},
  }),
};

async function setUp(answer: () => Promise<{ status: number }> | { status: number }) {
  const endpoints = new FakeEndpointStore();
  await endpoints.create(endpoint, 20);
  const secrets = new FakeSecretVault();
  const secret = generateEndpointSecret();
  await secrets.create('acme', 'ep-1', secret);
  const log = new FakeNotificationStore();
  const sender = new FakeSender(answer);
  const metrics: Array<[string, string, number]> = [];
  const { lines, logger } = recordingLogger();
  const deliver = createNotificationDelivery({
    endpoints,
    secrets,
    log,
    sender,
    clock: { now: () => NOW },
    schedule: SCHEDULE,
    random: () => 0.5,
    logger,
    metrics: { addMetric: (name, unit, value) => metrics.push([name, unit, value]) },
  });
  return { deliver, endpoints, secret, log, sender, metrics, lines };
}

describe('Function: createNotificationDelivery', () => {
  it('POSTs the body with Standard Webhooks headers a receiver verifies, and records the delivery', async () => {
    // Prepare
    const { deliver, secret, sender, log, metrics } = await setUp(() => ({ status: 204 }));

    // Act
    const outcome = await deliver(delivery, 1);

    // Assess
    expect(outcome).toEqual({ kind: 'delivered', status: 204 });
    const [request] = sender.requests;
    expect(request?.url).toBe('https://acme.example/hooks');
    expect(request?.body).toBe(delivery.body);
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': 'msg_abc_failed',
      'webhook-timestamp': String(Math.floor(NOW.getTime() / 1000)),
    });
    // The receiver checks the timestamp against its own clock: at the attempt's time.
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    try {
      expect(() => new Webhook(secret).verify(request!.body, request!.headers)).not.toThrow();
    } finally {
      vi.useRealTimers();
    }
    expect(await log.wasDelivered('ep-1', 'msg_abc_failed')).toBe(true);
    expect(metrics).toEqual([
      ['NotificationAttempts', 'Count', 1],
      ['NotificationDeliveryLatency', 'Milliseconds', 2_500],
      ['NotificationsDelivered', 'Count', 1],
    ]);
  });

  it('retries a non-2xx answer or a failed request after the schedule wait, plus jitter', async () => {
    // Prepare
    const answers = [
      () => ({ status: 500 }),
      () => ({ status: 302 }),
      () => {
        throw new DeliveryTransportError('request failed: ECONNREFUSED');
      },
    ];
    let call = 0;
    const { deliver, log, metrics } = await setUp(() => answers[call++]!());

    // Act
    const outcomes = [
      await deliver(delivery, 1),
      await deliver(delivery, 2),
      await deliver(delivery, 3),
    ];

    // Assess
    expect(outcomes).toEqual([
      { kind: 'retry', delaySeconds: 22, status: 500 },
      { kind: 'retry', delaySeconds: 330, status: 302 },
      { kind: 'retry', delaySeconds: 1_980 },
    ]);
    expect(await log.wasDelivered('ep-1', 'msg_abc_failed')).toBe(false);
    expect(metrics.filter(([name]) => name === 'NotificationDeliveryFailures')).toHaveLength(3);
  });

  it('gives up after the last attempt of the schedule', async () => {
    // Prepare
    const { deliver, lines } = await setUp(() => ({ status: 503 }));

    // Act
    const outcome = await deliver(delivery, SCHEDULE.delaysSeconds.length + 1);

    // Assess
    expect(outcome).toEqual({ kind: 'exhausted', status: 503 });
    expect(lines.some((line) => line.level === 'error')).toBe(true);
  });

  it('sends nothing to a deleted endpoint, to one not subscribed to the type, or twice to one that acknowledged it', async () => {
    // Prepare
    const { deliver, endpoints, log, sender } = await setUp(() => ({ status: 200 }));

    // Act
    const notSubscribed = await deliver({ ...delivery, type: 'transfer.processed' }, 1);
    await log.markDelivered('ep-1', 'msg_abc_failed');
    const again = await deliver(delivery, 1);
    const replayed = await deliver({ ...delivery, replayId: 'r1' }, 1);
    await endpoints.delete('acme', 'ep-1');
    const deleted = await deliver(delivery, 1);

    // Assess
    expect([notSubscribed, again, replayed, deleted]).toEqual([
      { kind: 'dropped', reason: 'not-subscribed' },
      { kind: 'dropped', reason: 'already-delivered' },
      { kind: 'delivered', status: 200 },
      { kind: 'dropped', reason: 'endpoint-deleted' },
    ]);
    expect(sender.requests).toHaveLength(1);
  });

  it('never logs the secret or the signature', async () => {
    // Prepare
    const { deliver, secret, sender, lines } = await setUp(() => ({ status: 500 }));

    // Act
    await deliver(delivery, 1);

    // Assess
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(secret.slice(6));
    expect(logged).not.toContain(sender.requests[0]!.headers['webhook-signature']!.slice(3));
    expect(logged).toContain('msg_abc_failed');
  });
});

describe('Function: retryDelaySeconds', () => {
  it('waits at least the schedule, at most 20 % more, never above 12 hours, and stops after it', () => {
    // Assess
    expect(retryDelaySeconds(SCHEDULE, 1, () => 0)).toBe(20);
    expect(retryDelaySeconds(SCHEDULE, 1, () => 0.999)).toBe(24);
    expect(retryDelaySeconds({ delaysSeconds: [43_000] }, 1, () => 0.999)).toBe(43_200);
    expect(retryDelaySeconds(SCHEDULE, 4, () => 0)).toBeUndefined();
  });
});

describe('Function: processDeliveryBatch', () => {
  const record = (body: string, receiveCount: number, id: string) => ({
    messageId: id,
    receiptHandle: `rh-${id}`,
    body,
    attributes: { ApproximateReceiveCount: String(receiveCount) },
  });

  it('sets each failed message to come back after its own backoff, and a spent one at once (to the DLQ)', async () => {
    // Prepare
    const changes: Array<[string, number]> = [];
    const attempts: number[] = [];
    const { lines, logger } = recordingLogger();
    const event = {
      Records: [
        record(JSON.stringify(delivery), 1, 'ok'),
        record(JSON.stringify({ ...delivery, webhookId: 'retry' }), 2, 'retry'),
        record(JSON.stringify({ ...delivery, webhookId: 'spent' }), 4, 'spent'),
        record('{"not":"a delivery"}', 1, 'bad'),
      ],
    } as unknown as SQSEvent;

    // Act
    const response = await processDeliveryBatch(
      event,
      async (d, attempt) => {
        attempts.push(attempt);
        if (d.webhookId === 'retry') return { kind: 'retry', delaySeconds: 330 };
        if (d.webhookId === 'spent') return { kind: 'exhausted' };
        return { kind: 'delivered', status: 200 };
      },
      { retryLater: async (handle, delay) => void changes.push([handle, delay]) },
      { logger, metrics: { addMetric: () => undefined } },
    );

    // Assess
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([
      'bad',
      'retry',
      'spent',
    ]);
    expect(changes.sort()).toEqual([
      ['rh-retry', 330],
      ['rh-spent', 0],
    ]);
    expect(attempts.sort()).toEqual([1, 2, 4]);
    // A scheduled retry is not an error: only the poison message is logged as one.
    expect(lines.filter((line) => line.level === 'error').map((line) => line.context)).toEqual([
      [{ messageId: 'bad', error: '$ZodError' }],
    ]);
  });

  it('counts a malformed message as poison, and logs a failure without the endpoint URL', async () => {
    // Prepare
    const metrics: Array<[string, string, number]> = [];
    const { lines, logger } = recordingLogger();
    const event = {
      Records: [record('{"not":"a delivery"}', 1, 'bad'), record(JSON.stringify(delivery), 1, 'x')],
    } as unknown as SQSEvent;

    // Act
    const response = await processDeliveryBatch(
      event,
      async () => {
        throw new TypeError('fetch failed: https://acme.example/hooks', {
          cause: new Error('getaddrinfo ENOTFOUND acme.example'),
        });
      },
      { retryLater: async () => undefined },
      { logger, metrics: { addMetric: (name, unit, value) => metrics.push([name, unit, value]) } },
    );

    // Assess
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['bad', 'x']);
    expect(metrics).toEqual([['PoisonMessages', 'Count', 1]]);
    expect(lines.find((line) => line.message.includes('returned to the queue'))?.context).toEqual([
      {
        messageId: 'x',
        endpointId: 'ep-1',
        webhookId: 'msg_abc_failed',
        error: 'TypeError',
        cause: 'Error',
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain('acme.example');
  });
});
