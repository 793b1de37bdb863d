import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DwollaSimulator, signWebhookBody } from '../../infra/local/dwolla-simulator/index.js';
import type { SimEvent } from '../../infra/local/dwolla-simulator/store.js';
import { WebhookSender } from '../../infra/local/dwolla-simulator/webhooks.js';
import { accountTokens, appToken, call, startTestSimulator } from './support/simulator-client.js';

const SECRET = 'webhook-secret-for-tests';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly raw: Buffer;
}

/** A webhook receiver on 127.0.0.1:0 that answers with the statuses it is given, in order. */
async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks) });
      const status = statuses.shift() ?? 200;
      setImmediate(() => {
        inFlight--;
        res.writeHead(status, status === 302 ? { location: 'http://127.0.0.1:9/' } : {});
        res.end();
        for (const waiter of [...waiters]) {
          if (received.length >= waiter.count) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/dwolla`,
    received,
    maxInFlight: () => maxInFlight,
    /** Resolves once `count` requests have arrived. */
    waitFor: (count: number) =>
      received.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let sim: DwollaSimulator;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let accountId: string;

beforeEach(async () => {
  sim = await startTestSimulator({
    webhookSecret: SECRET,
    webhookRetryCompression: 36_000,
  });
  accountId = sim.createAccount().id;
});

afterEach(async () => {
  await sim.close();
  await receiver?.close();
});

describe('Dwolla simulator: signed webhooks', () => {
  it('signs the exact body bytes with HMAC-SHA256 in lowercase hex', async () => {
    // Prepare
    receiver = await startReceiver();
    await sim.subscribeWebhooks(receiver.url, SECRET);

    // Act
    await sim.runScenario('client-to-unverified-success', { accountId });
    await sim.flushWebhooks();

    // Assess
    expect(receiver.received).toHaveLength(6);
    for (const { headers, raw } of receiver.received) {
      const expected = createHmac('sha256', SECRET).update(raw).digest('hex');
      expect(headers['x-request-signature-sha-256']).toBe(expected);
      expect(headers['x-request-signature-sha-256']).toMatch(/^[0-9a-f]{64}$/);
      const event = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      expect(headers['x-dwolla-topic']).toBe(event.topic);
      expect(headers['content-type']).toBe('application/json');
      expect(headers['user-agent']).toBe('dwolla-webhooks/1.1');
      expect(Object.keys(event).sort()).toEqual(
        ['_links', 'correlationId', 'created', 'id', 'resourceId', 'timestamp', 'topic'].sort(),
      );
    }
  });

  it('signWebhookBody() changes when a single byte of the body changes', () => {
    // Prepare
    const body = '{"id":"1","topic":"transfer_created"}';

    // Act
    const signature = signWebhookBody(SECRET, body);
    const tampered = signWebhookBody(SECRET, body.replace('1', '2'));

    // Assess
    expect(signature).toBe(createHmac('sha256', SECRET).update(body).digest('hex'));
    expect(tampered).not.toBe(signature);
  });

  it('sends the same bytes as GET /events lists for that event', async () => {
    // Prepare
    receiver = await startReceiver();
    await sim.subscribeWebhooks(receiver.url, SECRET);
    await sim.runScenario('client-to-unverified-source-failed', { accountId });
    await sim.flushWebhooks();
    const token = await appToken(sim);

    // Act
    const page = await call(`${sim.url}/events?limit=200`, token);

    // Assess
    const listed = new Map(
      (page.json!._embedded as { events: { id: string }[] }).events.map((event) => [
        event.id,
        event,
      ]),
    );
    for (const { raw } of receiver.received) {
      const event = JSON.parse(raw.toString('utf8')) as { id: string };
      expect(listed.get(event.id)).toEqual(event);
    }
  });
});

describe('Dwolla simulator: webhook retries', () => {
  it('retries a failed delivery (status >= 300, redirects included) with the same body', async () => {
    // Prepare
    receiver = await startReceiver([500, 302]);
    await sim.subscribeWebhooks(receiver.url, SECRET);

    // Act: 6 events; the first two attempts fail and are retried on the compressed schedule
    await sim.runScenario('client-to-unverified-source-failed', { accountId });
    await receiver.waitFor(8);

    // Assess
    const bodies = receiver.received.map(({ raw }) => raw.toString('utf8'));
    expect(new Set(bodies).size).toBe(6);
    expect(bodies.filter((body) => body === bodies[0])).toHaveLength(2);
    expect(bodies.filter((body) => body === bodies[1])).toHaveLength(2);
  });

  it('records every attempt under GET /webhook-subscriptions/{id}/webhooks', async () => {
    // Prepare
    receiver = await startReceiver([500]);
    const { id } = await sim.subscribeWebhooks(receiver.url, SECRET);
    await sim.runScenario('client-to-unverified-source-failed', { accountId });
    await receiver.waitFor(7);
    await sim.flushWebhooks();
    const token = await appToken(sim);

    // Act
    const page = await call(`${sim.url}/webhook-subscriptions/${id}/webhooks`, token);

    // Assess
    const webhooks = (
      page.json!._embedded as { webhooks: { attempts: { response: { statusCode: number } }[] }[] }
    ).webhooks;
    const statuses = webhooks.map((webhook) =>
      webhook.attempts.map((attempt) => attempt.response.statusCode),
    );
    expect(statuses.flat().sort()).toEqual([200, 200, 200, 200, 200, 200, 500]);
    expect(statuses).toHaveLength(6);
  });
});

describe('Dwolla simulator: webhook timeouts and pausing', () => {
  it('counts a delivery without an answer within the timeout as failed and retries it', async () => {
    // Prepare: a receiver that never answers the first request
    const hung: (() => void)[] = [];
    let requests = 0;
    const server = createServer((req, res) => {
      requests++;
      req.resume();
      if (requests === 1) hung.push(() => res.end());
      else req.on('end', () => res.end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const slow = await startTestSimulator({
      webhookTimeoutMs: 300,
      webhookRetryCompression: 36_000,
    });
    const { id } = await slow.subscribeWebhooks(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      SECRET,
    );
    const token = await appToken(slow);
    type Attempt = { response: { statusCode: number | null; error: string | null } };
    const delivered = (attempts: Attempt[]) => attempts.some((a) => a.response.statusCode === 200);

    // Act
    await slow.runScenario('unverified-to-client-success', { accountId: slow.createAccount().id });
    let webhooks: Attempt[][] = [];
    for (let i = 0; i < 300 && !(webhooks.length === 6 && webhooks.every(delivered)); i++) {
      await slow.flushWebhooks();
      await new Promise((resolve) => setTimeout(resolve, 10));
      const page = await call(`${slow.url}/webhook-subscriptions/${id}/webhooks`, token);
      webhooks = (page.json!._embedded as { webhooks: { attempts: Attempt[] }[] }).webhooks.map(
        (webhook) => webhook.attempts,
      );
    }
    for (const end of hung) end();
    await slow.close();
    server.closeAllConnections();
    server.close();

    // Assess: every event arrives in the end; the hung one after a timeout
    expect(webhooks).toHaveLength(6);
    expect(webhooks.every(delivered)).toBe(true);
    const timedOut = webhooks.filter((attempts) => attempts[0]!.response.error === 'timeout');
    expect(timedOut.length).toBeGreaterThanOrEqual(1);
    expect(timedOut.every((attempts) => attempts.length >= 2)).toBe(true);
  });

  it('pauses a subscription after 400 consecutive failures and stops delivering to it', async () => {
    // Prepare: a receiver that always fails, and a schedule compressed so far that 24 h pass at once
    receiver = await startReceiver(Array.from({ length: 2000 }, () => 500));
    await sim.close();
    sim = await startTestSimulator({
      webhookRetryCompression: 100_000_000,
    });
    const { id } = await sim.subscribeWebhooks(receiver.url, SECRET);
    const pausingAccount = sim.createAccount().id;
    const token = await appToken(sim);

    // Act: 60 events x 9 attempts would be 540 deliveries without the pause
    for (let i = 0; i < 10; i++) {
      await sim.runScenario('client-to-unverified-success', { accountId: pausingAccount });
    }
    let paused = false;
    for (let i = 0; i < 500 && !paused; i++) {
      await sim.flushWebhooks();
      await new Promise((resolve) => setTimeout(resolve, 5));
      paused = (await call(`${sim.url}/webhook-subscriptions/${id}`, token)).json!
        .paused as boolean;
    }
    const afterPause = receiver.received.length;
    await sim.runScenario('client-to-unverified-success', { accountId: pausingAccount });
    await sim.flushWebhooks();

    // Assess
    expect(paused).toBe(true);
    expect(afterPause).toBeGreaterThanOrEqual(400);
    expect(afterPause).toBeLessThanOrEqual(410);
    expect(receiver.received.length).toBe(afterPause);
  });
});

describe('Dwolla simulator: subscriptions', () => {
  it('delivers nothing to a paused subscription', async () => {
    // Prepare
    receiver = await startReceiver();
    const token = await appToken(sim);
    const created = await call(`${sim.url}/webhook-subscriptions`, token, {
      method: 'POST',
      body: JSON.stringify({ url: receiver.url, secret: SECRET }),
    });
    const location = created.headers.get('location')!;
    await call(location, token, { method: 'POST', body: JSON.stringify({ paused: true }) });

    // Act
    await sim.runScenario('client-to-unverified-success', { accountId });
    await sim.flushWebhooks();
    const subscription = await call(location, token);

    // Assess
    expect(created.status).toBe(201);
    expect(subscription.json!.paused).toBe(true);
    expect(receiver.received).toHaveLength(0);
  });

  it("stops an account's webhooks once its refresh token lapsed", async () => {
    // Prepare
    receiver = await startReceiver();
    await sim.subscribeWebhooks(receiver.url, SECRET);
    await accountTokens(sim, accountId);
    sim.expireTokens(accountId, 'refresh');

    // Act
    await sim.runScenario('client-to-unverified-success', { accountId });
    await sim.flushWebhooks();

    // Assess: still recorded for GET /events, but not sent
    // (https://developers.dwolla.com/docs/api-reference/webhook-subscriptions)
    expect(receiver.received).toHaveLength(0);
    expect(sim.events()).toHaveLength(6);
  });

  it('never has more than 10 deliveries in flight and delivers every event', async () => {
    // Prepare
    receiver = await startReceiver();
    await sim.subscribeWebhooks(receiver.url, SECRET);

    // Act
    for (let i = 0; i < 40; i++) {
      await sim.runScenario('client-to-unverified-success', { accountId });
    }
    await sim.flushWebhooks();

    // Assess
    expect(receiver.received).toHaveLength(240);
    expect(receiver.maxInFlight()).toBeLessThanOrEqual(10);
    expect(receiver.maxInFlight()).toBeGreaterThan(1);
  });
});

describe('Dwolla simulator: webhook chaos', () => {
  it('duplicates deliveries with the same event id and body', async () => {
    // Prepare
    receiver = await startReceiver();
    await sim.subscribeWebhooks(receiver.url, SECRET);
    sim.setChaos({ duplicateRate: 1 });

    // Act
    await sim.runScenario('client-to-unverified-source-failed', { accountId });
    await sim.flushWebhooks();

    // Assess
    const bodies = receiver.received.map(({ raw }) => raw.toString('utf8'));
    expect(bodies).toHaveLength(12);
    const counts = new Map<string, number>();
    for (const body of bodies) counts.set(body, (counts.get(body) ?? 0) + 1);
    expect([...counts.values()]).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('shuffles the order of a burst', async () => {
    // Prepare: one delivery at a time so arrival order is send order
    receiver = await startReceiver();
    const sender = new WebhookSender({
      clock: { now: () => new Date() },
      retryCompression: 3600,
      random: () => 0,
      streamsEvents: () => true,
      concurrency: 1,
    });
    sender.subscribe(receiver.url, SECRET);
    sender.setChaos({ shuffle: true });
    const events: SimEvent[] = ['a', 'b', 'c', 'd'].map((id) => ({
      id,
      topic: 'transfer_created',
      resourceId: id,
      created: '2026-01-01T00:00:00.000Z',
      accountId: 'acc',
      payload: { id },
      body: JSON.stringify({ id }),
    }));

    // Act
    sender.enqueue(events);
    await sender.flush();
    sender.close();

    // Assess: Fisher–Yates with random() = 0 rotates a,b,c,d into b,c,d,a
    expect(receiver.received.map(({ raw }) => JSON.parse(raw.toString()).id)).toEqual([
      'b',
      'c',
      'd',
      'a',
    ]);
  });
});
