import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiFetch, stackInfo, waitFor } from './support/local-stack.js';
import { expireSimulatorTokens, tokenCalls } from './support/oauth.js';
import {
  type ApiJson,
  connectedSimAccount,
  postTransfer,
  runScenario,
  type SimAccountInfo,
  simTransferBody,
  simulatorTransferPosts,
} from './support/transfers-sim.js';

let account: SimAccountInfo;

beforeAll(async () => {
  account = await connectedSimAccount();
});

function transferBody(changes: Record<string, unknown> = {}): Record<string, ApiJson> {
  return simTransferBody(account, { amount: '10.00', correlationPrefix: 'it' }, changes);
}

async function getJson(path: string): Promise<{ status: number; json: ApiJson }> {
  const response = await apiFetch(path);
  return { status: response.status, json: await response.json() };
}

describe('Transfers API through the local gateway and the Dwolla simulator', () => {
  it('creates a transfer, shows it by id and by correlationId, and cancels it', async () => {
    // Prepare
    const body = transferBody();
    const key = randomUUID();

    // Act
    const created = await postTransfer(body, key);
    const id = created.json.id as string;
    const byId = await getJson(`/transfers/${id}`);
    const search = await getJson(`/transfers?correlationId=${body.correlationId}`);
    const cancel = await apiFetch(`/transfers/${id}/cancel`, { method: 'POST' });
    const cancelBody = await cancel.json();
    const afterCancel = await getJson(`/transfers/${id}`);
    const cancelAgain = await apiFetch(`/transfers/${id}/cancel`, { method: 'POST' });

    // Assess
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: expect.any(String),
      status: 'pending',
      correlationId: body.correlationId,
      location: `${stackInfo().dwollaApiUrl}/transfers/${id}`,
      idempotencyKey: key,
    });
    expect(byId.status).toBe(200);
    expect(byId.json).toMatchObject({
      id,
      amount: { value: '10.00', currency: 'USD' },
      correlationId: body.correlationId,
      accountId: account.id,
      created: expect.any(String),
      events: expect.any(Array),
    });
    expect(search.status).toBe(200);
    expect(search.json.correlationId).toBe(body.correlationId);
    expect(search.json.transfers.map((t: { id: string }) => t.id)).toContain(id);
    expect(search.json.total).toBe(search.json.transfers.length);
    expect(cancel.status).toBe(200);
    expect(cancelBody).toEqual({ id, status: 'cancelled' });
    expect(afterCancel.json.status).toBe('cancelled');
    expect(cancelAgain.status).toBe(409);
    expect(await cancelAgain.json()).toEqual({
      code: 'InvalidResourceState',
      message: 'Resource cannot be modified.',
    });
  });

  it('learns the created transfer’s events from the webhook pipeline', async () => {
    // Prepare
    const created = await postTransfer(transferBody(), randomUUID());

    // Act
    const leg = await waitFor(
      async () => {
        const { json } = await getJson(`/transfers/${created.json.id}`);
        return json.events?.length > 0 ? json : undefined;
      },
      { message: 'no event reached the transfer' },
    );

    // Assess
    expect(leg.events[0]).toEqual({
      id: expect.any(String),
      topic: expect.stringMatching(/_created$/),
      created: expect.any(String),
    });
  });

  it('generates and returns an Idempotency-Key when the caller sends none', async () => {
    // Act
    const created = await postTransfer(transferBody());

    // Assess
    expect(created.status).toBe(201);
    expect(created.json.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers.get('idempotency-key')).toBe(created.json.idempotencyKey);
  });

  it('creates one Dwolla transfer for 20 concurrent identical requests, all answered alike', async () => {
    // Prepare
    const body = transferBody();
    const key = randomUUID();
    const before = await simulatorTransferPosts();

    // Act
    const answers = await Promise.all(Array.from({ length: 20 }, () => postTransfer(body, key)));

    // Assess
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => JSON.stringify(a.json))).size).toBe(1);
    expect((await simulatorTransferPosts()) - before).toBe(1);
  });

  it('refuses the same key with another body with 422 and no Dwolla call', async () => {
    // Prepare
    const key = randomUUID();
    const body = transferBody();
    await postTransfer(body, key);
    const before = await simulatorTransferPosts();

    // Act
    const reused = await postTransfer(
      { ...body, amount: { value: '11.00', currency: 'USD' } },
      key,
    );

    // Assess
    expect(reused.status).toBe(422);
    expect(reused.json.code).toBe('IdempotencyKeyReused');
    expect((await simulatorTransferPosts()) - before).toBe(0);
  });

  it('passes Dwolla’s ValidationError through with its path, and replays it without calling again', async () => {
    // Prepare: a mailto: destination passes our rules; the simulator knows no such account
    const key = randomUUID();
    const body = transferBody({
      _links: {
        source: { href: account.fundingSources.bank.url },
        destination: { href: 'mailto:nobody@example.com' },
      },
    });

    // Act
    const first = await postTransfer(body, key);
    const before = await simulatorTransferPosts();
    const replay = await postTransfer(body, key);

    // Assess
    expect(first.status).toBe(400);
    expect(first.json).toMatchObject({
      code: 'ValidationError',
      _embedded: { errors: [expect.objectContaining({ path: '/_links/destination/href' })] },
    });
    expect(replay).toMatchObject({ status: 400, json: first.json });
    expect((await simulatorTransferPosts()) - before).toBe(0);
  });

  it('refreshes an expired access token without the caller noticing', async () => {
    // Prepare
    await expireSimulatorTokens(account.id, 'access');
    const grantsBefore = await tokenCalls();

    // Act
    const created = await postTransfer(transferBody(), randomUUID());

    // Assess
    expect(created.status).toBe(201);
    expect((await tokenCalls()) - grantsBefore).toBe(1);
  });

  it('answers 409 ReauthorizationRequired once Dwolla refused the account’s refresh token', async () => {
    // Prepare: a second account whose tokens both expired at Dwolla
    const lapsed = await connectedSimAccount();
    await expireSimulatorTokens(lapsed.id, 'both');
    const body = transferBody({
      accountId: lapsed.id,
      _links: {
        source: { href: lapsed.fundingSources.bank.url },
        destination: { href: lapsed.customers.unverified.fundingSources.bank.url },
      },
    });

    // Act
    const refused = await postTransfer(body, randomUUID());

    // Assess
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({
      code: 'ReauthorizationRequired',
      reason: 'reauthorization_required',
    });
  });

  it('answers 404 for an account that was never connected, without calling Dwolla', async () => {
    // Prepare
    const before = await simulatorTransferPosts();

    // Act
    const refused = await postTransfer(transferBody({ accountId: randomUUID() }), randomUUID());

    // Assess
    expect(refused.status).toBe(404);
    expect((await simulatorTransferPosts()) - before).toBe(0);
  });

  it('answers 404 for an unknown transfer, by id and on cancel', async () => {
    // Act
    const got = await apiFetch(`/transfers/${randomUUID()}`);
    const cancelled = await apiFetch(`/transfers/${randomUUID()}/cancel`, { method: 'POST' });

    // Assess
    expect(got.status).toBe(404);
    expect(cancelled.status).toBe(404);
  });

  it('refuses a request without x-api-key', async () => {
    // Act
    const response = await apiFetch('/transfers', {
      method: 'POST',
      headers: { 'x-api-key': '' },
      body: JSON.stringify(transferBody()),
    });

    // Assess
    expect([401, 403]).toContain(response.status);
  });

  // https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/ and
  // https://developers.dwolla.com/docs/balance/transfer-lifecycle
  it('lists the three legs of a Verified → Verified chain in chain order (the Correlation ID post, the transfer lifecycle)', async () => {
    // Prepare
    const correlationId = `chain-${randomUUID()}`;
    const scenario = await runScenario('verified-to-verified', {
      accountId: account.id,
      correlationId,
    });

    // Act
    const search = await waitFor(
      async () => {
        const { json } = await getJson(`/transfers?correlationId=${correlationId}`);
        const linked = json.transfers?.filter(
          (t: ApiJson) => t.links.fundingTransfer || t.links.fundedTransfer,
        );
        return json.total === 3 && linked.length === 3 ? json : undefined;
      },
      { timeoutMs: 30_000, message: 'the chain was not learnt from the webhooks' },
    );

    // Assess
    expect(scenario.legs).toHaveLength(3);
    expect(search.transfers.map((t: { id: string }) => t.id)).toEqual(
      scenario.legs.map((leg) => leg.id),
    );
  });
});

describe('POST /transfers validation through the gateway', () => {
  // Each rule of https://developers.dwolla.com/api-reference/transfers/initiate, with the path it
  // is reported at.
  const cases: [string, (b: ApiJson) => void, string][] = [
    ['accountId missing', (b) => delete b.accountId, '/accountId'],
    ['source missing', (b) => delete b._links.source, '/_links/source'],
    [
      'source on another host',
      (b) =>
        (b._links.source.href =
          'https://evil.example/funding-sources/707177c3-bf15-4e7e-b37c-55c3898d9bf4'),
      '/_links/source/href',
    ],
    ['source an account', (b) => (b._links.source.href = account.url), '/_links/source/href'],
    ['destination missing', (b) => delete b._links.destination, '/_links/destination'],
    [
      'destination a customer',
      (b) =>
        (b._links.destination.href = `${stackInfo().dwollaApiUrl}/customers/${account.customers.verified.id}`),
      '/_links/destination/href',
    ],
    ['amount missing', (b) => delete b.amount, '/amount'],
    ['amount with 3 decimals', (b) => (b.amount.value = '1.001'), '/amount/value'],
    ['amount zero', (b) => (b.amount.value = '0.00'), '/amount/value'],
    ['amount negative', (b) => (b.amount.value = '-5.00'), '/amount/value'],
    ['amount a number', (b) => (b.amount.value = 5), '/amount/value'],
    ['currency not USD', (b) => (b.amount.currency = 'EUR'), '/amount/currency'],
    ['correlationId with a space', (b) => (b.correlationId = 'a b'), '/correlationId'],
    [
      'correlationId of 255 characters',
      (b) => (b.correlationId = 'c'.repeat(255)),
      '/correlationId',
    ],
    [
      '11 metadata pairs',
      (b) => (b.metadata = Object.fromEntries([...Array(11).keys()].map((i) => [`k${i}`, 'v']))),
      '/metadata',
    ],
    [
      'a metadata value of 255 characters',
      (b) => (b.metadata = { note: 'n'.repeat(255) }),
      '/metadata/note',
    ],
    [
      'a fee without charge-to',
      (b) => (b.fees = [{ _links: {}, amount: { value: '1.00', currency: 'USD' } }]),
      '/fees/0/_links/charge-to',
    ],
    [
      'a fee amount with 3 decimals',
      (b) =>
        (b.fees = [
          {
            _links: { 'charge-to': { href: account.url } },
            amount: { value: '1.001', currency: 'USD' },
          },
        ]),
      '/fees/0/amount/value',
    ],
    ['an unknown field', (b) => (b.clearing = { source: 'standard' }), '/clearing'],
  ];

  it('refuses every invalid body with the exact path and never calls Dwolla', async () => {
    // Prepare
    const before = await simulatorTransferPosts();

    // Act
    const results = [];
    for (const [name, change, path] of cases) {
      const body = structuredClone(transferBody());
      change(body);
      const response = await postTransfer(body, randomUUID());
      results.push({ name, path, status: response.status, json: response.json });
    }

    // Assess
    for (const { name, path, status, json } of results) {
      expect({ name, status, code: json.code }).toEqual({
        name,
        status: 400,
        code: 'ValidationError',
      });
      expect({ name, paths: json._embedded.errors.map((e: { path: string }) => e.path) }).toEqual({
        name,
        paths: [path],
      });
    }
    expect((await simulatorTransferPosts()) - before).toBe(0);
  });

  it('refuses an invalid Idempotency-Key at /headers/idempotency-key', async () => {
    // Act
    const refused = await postTransfer(transferBody(), 'has space');

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json._embedded.errors).toEqual([
      expect.objectContaining({ path: '/headers/idempotency-key' }),
    ]);
  });

  it('refuses a body that is not JSON', async () => {
    // Act
    const refused = await postTransfer('{not json', randomUUID());

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json.code).toBe('InvalidRequest');
  });

  it('refuses an invalid correlationId search at /correlationId', async () => {
    // Act
    const refused = await getJson('/transfers?correlationId=has%20space');

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json._embedded.errors).toEqual([
      expect.objectContaining({ path: '/correlationId' }),
    ]);
  });
});
