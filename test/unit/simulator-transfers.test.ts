import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DwollaSimulator, SimAccount } from '../../infra/local/dwolla-simulator/index.js';
import {
  accountTokens,
  appToken,
  call,
  manualClock,
  startTestSimulator,
} from './support/simulator-client.js';

let sim: DwollaSimulator;
let account: SimAccount;
let token: string;

beforeAll(async () => {
  sim = await startTestSimulator();
  account = sim.createAccount({ name: 'Transfers' });
  token = (await accountTokens(sim, account.id)).access_token;
});

afterAll(async () => {
  await sim.close();
});

function transferBody(source: string, destination: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    _links: { source: { href: source }, destination: { href: destination } },
    amount: { currency: 'USD', value: '100.00' },
    ...extra,
  });
}

async function createTransfer(body: string, idempotencyKey?: string) {
  return call(`${sim.url}/transfers`, token, {
    method: 'POST',
    body,
    ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
  });
}

/** A $100 transfer from `source` to the account's unverified customer's bank. */
async function transferToCustomer(source: string) {
  return createTransfer(transferBody(source, account.customers.unverified.fundingSources.bank.url));
}

async function simulate() {
  return call(`${sim.url}/sandbox-simulations`, token, { method: 'POST', body: '{}' });
}

describe('Dwolla simulator: POST /transfers', () => {
  it('answers 201 with the transfer URL in Location and an empty body', async () => {
    // Act
    const created = await transferToCustomer(account.fundingSources.bank.url);

    // Assess
    expect(created.status).toBe(201);
    expect(created.json).toBeUndefined();
    const location = created.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${sim.url}/transfers/[0-9a-f-]{36}$`));
    const transfer = await call(location, token);
    expect(transfer.json).toMatchObject({
      status: 'pending',
      amount: { value: '100.00', currency: 'USD' },
    });
  });

  it('replays the original 201 for the same key and byte-identical body, creating nothing', async () => {
    // Prepare
    const body = transferBody(
      account.fundingSources.bank.url,
      account.customers.unverified.fundingSources.bank.url,
      { correlationId: 'idem-1' },
    );
    const first = await createTransfer(body, 'key-1');
    const eventsBefore = sim.events().length;

    // Act
    const again = await createTransfer(body, 'key-1');

    // Assess
    expect(again.status).toBe(201);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(sim.events()).toHaveLength(eventsBefore);
  });

  it('refuses the same key with a different body', async () => {
    // Prepare
    const source = account.fundingSources.bank.url;
    const destination = account.customers.unverified.fundingSources.bank.url;
    await createTransfer(transferBody(source, destination), 'key-2');

    // Act
    const other = await createTransfer(
      transferBody(source, destination, { correlationId: 'changed' }),
      'key-2',
    );

    // Assess
    expect(other.status).toBe(400);
    expect(other.json!.code).toBe('InvalidIdempotencyKey');
  });

  it('answers a ValidationError with JSON-pointer paths', async () => {
    // Act
    const invalid = await createTransfer(
      JSON.stringify({
        _links: {
          source: { href: account.fundingSources.bank.url },
          destination: { href: `${sim.url}/funding-sources/unknown` },
        },
        amount: { currency: 'USD', value: '1.005' },
        correlationId: 'has spaces',
      }),
    );
    const unknownDestination = await createTransfer(
      transferBody(account.fundingSources.bank.url, `${sim.url}/funding-sources/unknown`),
    );

    // Assess
    expect(invalid.status).toBe(400);
    expect(invalid.json!.code).toBe('ValidationError');
    const paths = (invalid.json!._embedded as { errors: { path: string }[] }).errors.map(
      (e) => e.path,
    );
    expect(paths.sort()).toEqual(['/amount/value', '/correlationId']);
    expect(unknownDestination.json!._embedded).toEqual({
      errors: [
        { code: 'Invalid', message: 'Invalid destination.', path: '/_links/destination/href' },
      ],
    });
  });

  it("refuses another account's funding source", async () => {
    // Prepare
    const other = sim.createAccount({ name: 'Other' });

    // Act
    const result = await transferToCustomer(other.fundingSources.bank.url);

    // Assess
    expect(result.status).toBe(400);
    expect((result.json!._embedded as { errors: { path: string }[] }).errors[0]!.path).toBe(
      '/_links/source/href',
    );
  });
});

describe('Dwolla simulator: transfers over HTTP', () => {
  it('processes the chain one step per POST /sandbox-simulations', async () => {
    // Prepare
    const created = await transferToCustomer(account.fundingSources.bank.url);
    const location = created.headers.get('location')!;
    const funding = (
      (await call(location, token)).json!._links as Record<string, { href: string }>
    )['funding-transfer']!.href;

    // Act / Assess: step 1 settles the bank leg, step 2 the customer leg
    // (https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7)
    await simulate();
    expect((await call(funding, token)).json!.status).toBe('processed');
    expect((await call(location, token)).json!.status).toBe('pending');
    await simulate();
    expect((await call(location, token)).json!.status).toBe('processed');
  });

  it('exposes the failure reason of a failed leg', async () => {
    // Prepare
    const created = await transferToCustomer(account.fundingSources.r01.url);
    const location = created.headers.get('location')!;
    await simulate();

    // Act
    const transfer = await call(location, token);
    const failure = await call(`${location}/failure`, token);

    // Assess
    expect(transfer.json!.status).toBe('failed');
    expect((transfer.json!._links as Record<string, { href: string }>).failure!.href).toBe(
      `${location}/failure`,
    );
    expect(failure.json).toMatchObject({ code: 'R01', description: 'Insufficient Funds' });
  });

  it('cancels a pending transfer and its chain, and refuses once it is not pending', async () => {
    // Prepare
    const created = await transferToCustomer(account.fundingSources.bank.url);
    const location = created.headers.get('location')!;
    const id = location.split('/').pop()!;

    // Act
    const cancelled = await call(location, token, {
      method: 'POST',
      body: JSON.stringify({ status: 'cancelled' }),
    });
    const again = await call(location, token, {
      method: 'POST',
      body: JSON.stringify({ status: 'cancelled' }),
    });

    // Assess
    expect(cancelled.status).toBe(200);
    expect(cancelled.json!.status).toBe('cancelled');
    expect((cancelled.json!._links as Record<string, unknown>).cancel).toBeUndefined();
    expect(again.status).toBe(400);
    expect(again.json!.code).toBe('InvalidResourceState');
    const topics = (sim.events() as { topic: string; resourceId: string }[])
      .filter((event) => event.resourceId === id)
      .map((event) => event.topic);
    expect(topics).toContain('transfer_cancelled');
    expect(topics).toContain('customer_transfer_cancelled');
  });

  it('fails the next leg at creation when its bank was removed meanwhile (*_creation_failed)', async () => {
    // Prepare: two customer → account transfers into the account's R03 bank
    const local = sim.createAccount({ name: 'Creation failed' });
    const localToken = (await accountTokens(sim, local.id)).access_token;
    const post = (source: string) =>
      call(`${sim.url}/transfers`, localToken, {
        method: 'POST',
        body: transferBody(source, local.fundingSources.r03.url),
      });
    const first = (await post(local.customers.unverified.fundingSources.bank.url)).headers.get(
      'location',
    )!;
    const step = () =>
      call(`${sim.url}/sandbox-simulations`, localToken, { method: 'POST', body: '{}' });
    await step();
    const second = (await post(local.customers.verified.fundingSources.balance!.url)).headers.get(
      'location',
    )!;

    // Act: step 2 returns the first push leg with R03 (the bank is removed,
    // https://developers.dwolla.com/api-reference), then the second transfer completes and cannot
    // create its push leg to that bank
    await step();

    // Assess
    const funded = (url: string) =>
      call(url, localToken).then(
        (r) => (r.json!._links as Record<string, { href: string }>)['funded-transfer']!.href,
      );
    const firstPush = await call(await funded(first), localToken);
    const secondPushUrl = await funded(second);
    const secondPush = await call(secondPushUrl, localToken);
    expect(firstPush.json!.status).toBe('failed');
    expect(secondPush.json!.status).toBe('failed');
    const topics = (sim.events() as { topic: string; resourceId: string }[])
      .filter((event) => event.resourceId === secondPushUrl.split('/').pop())
      .map((event) => event.topic);
    expect(topics).toEqual(['bank_transfer_creation_failed']);
  });

  it("hides another account's transfer and refuses the application token", async () => {
    // Prepare
    const other = sim.createAccount({ name: 'Nosy' });
    const otherToken = (await accountTokens(sim, other.id)).access_token;
    const result = await sim.runScenario('client-to-unverified-success', { accountId: account.id });
    const app = await appToken(sim);

    // Act
    const hidden = await call(`${sim.url}/transfers/${result.transferId}`, otherToken);
    const refused = await call(`${sim.url}/transfers/${result.transferId}`, app);

    // Assess
    expect(hidden.status).toBe(404);
    expect(refused.status).toBe(403);
  });
});

describe('Dwolla simulator: chaos and controls', () => {
  it('fails enrichment GETs on a deterministic schedule: the first, then one in 1/failRate', async () => {
    // Prepare
    const result = await sim.runScenario('client-to-unverified-success', { accountId: account.id });
    const get = () => call(`${sim.url}/transfers/${result.transferId}`, token);

    // Act
    sim.setChaos({ failRate: 0.5 });
    const halved = [];
    for (let i = 0; i < 6; i++) halved.push((await get()).status);
    sim.setChaos({ failRate: 0 });
    const calm = (await get()).status;

    // Assess
    expect(halved).toEqual([429, 200, 500, 200, 429, 200]);
    expect(calm).toBe(200);
  });

  it('runs a scenario through POST /__sim/scenarios/{name} without logging it as a Dwolla call', async () => {
    // Prepare
    const logged = sim.requestLog().length;

    // Act
    const response = await fetch(`${sim.url}/__sim/scenarios/verified-to-verified`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: account.id, correlationId: 'via-http' }),
    });

    // Assess
    const result = (await response.json()) as { legs: { status: string }[]; correlationId: string };
    expect(response.status).toBe(200);
    expect(result.correlationId).toBe('via-http');
    expect(result.legs.map((leg) => leg.status)).toEqual(['processed', 'processed', 'processed']);
    expect(sim.requestLog()).toHaveLength(logged);
  });
});

describe('Dwolla simulator: idempotency keys expire', () => {
  it('creates a new transfer for a key re-used after 24 hours', async () => {
    // Prepare
    const clock = manualClock();
    const timed = await startTestSimulator({
      accessTokenLifetimeSeconds: 200_000,
      clock,
    });
    const local = timed.createAccount();
    const localToken = (await accountTokens(timed, local.id)).access_token;
    const body = transferBody(
      local.fundingSources.bank.url,
      local.customers.unverified.fundingSources.bank.url,
    );
    const post = () =>
      call(`${timed.url}/transfers`, localToken, {
        method: 'POST',
        body,
        headers: { 'idempotency-key': 'day-old' },
      });
    const first = await post();

    // Act
    clock.advance(24 * 3600 - 1);
    const within = await post();
    clock.advance(1);
    const after = await post();
    await timed.close();

    // Assess
    expect(within.headers.get('location')).toBe(first.headers.get('location'));
    expect(after.status).toBe(201);
    expect(after.headers.get('location')).not.toBe(first.headers.get('location'));
  });
});
