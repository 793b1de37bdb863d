import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioName, ScenarioResult } from '../../infra/local/dwolla-simulator/index.js';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import type { TransferLeg, TransferStatus } from '../../shared/domain/transfer.js';
import { apiFetch, drain, invocations, localAwsClients, stackInfo } from './support/local-stack.js';
import { connectAccount, simulatorRequests } from './support/oauth.js';
import { getLeg, runDelivered, simulator, storedEventIds } from './support/pipeline.js';
import { connectedSimAccount, postTransfer } from './support/transfers-sim.js';

/**
 * Every documented event sequence, delivered by the simulator's signed webhooks through the local
 * gateway with chaos (every event delivered twice, the whole burst shuffled), then read back
 * through the API. Expectations are transcribed from the documents, not from the simulator.
 */

/** One leg as the documents describe it: final status, ACH return code, the topics it receives. */
interface ExpectedLeg {
  readonly status: TransferStatus;
  readonly failureCode?: RegExp;
  /**
   * https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7 tables, as a multiset
   * (order is never guaranteed).
   */
  readonly topics?: readonly string[];
}

const bank = (...suffixes: string[]) => suffixes.map((s) => `bank_transfer_${s}`);
const clientAndCustomer = (...suffixes: string[]) =>
  suffixes.flatMap((s) => [`transfer_${s}`, `customer_transfer_${s}`]);
// Any return code; used for a leg failed because the leg that funded it was returned.
const ANY_RETURN = /^R\d{2}$/;

/**
 * https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7. Scenario 1: Client
 * Account bank → (bank_transfer, Client) → balance → (transfer, Client + Customer B) → Customer B
 * bank. Scenario 2: Customer B bank → (transfer) → Client balance → (bank_transfer, Client) →
 * Client bank. The failing bank's return code is the one of the sandbox bank the scenario uses (R01
 * insufficient funds, R03 no account).
 */
const SEQUENCES_002: Readonly<Record<string, readonly ExpectedLeg[]>> = {
  'client-to-unverified-success': [
    { status: 'processed', topics: bank('created', 'completed') },
    { status: 'processed', topics: clientAndCustomer('created', 'completed') },
  ],
  'client-to-unverified-source-failed': [
    { status: 'failed', failureCode: /^R01$/, topics: bank('created', 'failed') },
    { status: 'failed', failureCode: ANY_RETURN, topics: clientAndCustomer('created', 'failed') },
  ],
  'client-to-unverified-destination-failed': [
    { status: 'processed', topics: bank('created', 'completed') },
    { status: 'failed', failureCode: /^R03$/, topics: clientAndCustomer('created', 'failed') },
  ],
  'client-to-unverified-source-returned': [
    { status: 'failed', failureCode: /^R01$/, topics: bank('created', 'completed', 'failed') },
    { status: 'processed', topics: clientAndCustomer('created', 'completed') },
  ],
  'client-to-unverified-destination-returned': [
    { status: 'processed', topics: bank('created', 'completed') },
    {
      status: 'failed',
      failureCode: /^R03$/,
      topics: clientAndCustomer('created', 'completed', 'failed'),
    },
  ],
  'unverified-to-client-success': [
    { status: 'processed', topics: clientAndCustomer('created', 'completed') },
    { status: 'processed', topics: bank('created', 'completed') },
  ],
  'unverified-to-client-source-failed': [
    { status: 'failed', failureCode: /^R03$/, topics: clientAndCustomer('created', 'failed') },
  ],
  'unverified-to-client-destination-failed': [
    { status: 'processed', topics: clientAndCustomer('created', 'completed') },
    { status: 'failed', failureCode: /^R01$/, topics: bank('created', 'failed') },
  ],
  'unverified-to-client-source-returned': [
    {
      status: 'failed',
      failureCode: /^R03$/,
      topics: clientAndCustomer('created', 'completed', 'failed'),
    },
    { status: 'processed', topics: bank('created', 'completed') },
  ],
  'unverified-to-client-destination-returned': [
    { status: 'processed', topics: clientAndCustomer('created', 'completed') },
    { status: 'failed', failureCode: /^R01$/, topics: bank('created', 'completed', 'failed') },
  ],
};

async function search(correlationId: string) {
  const response = await apiFetch(`/transfers?correlationId=${encodeURIComponent(correlationId)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { total: number; transfers: Omit<TransferLeg, 'events'>[] };
}

const sorted = (values: readonly string[]) => [...values].sort();

/** The chain, read back through the API, against the expected legs. */
async function assertChain(result: ScenarioResult, expected: readonly ExpectedLeg[]) {
  const { total, transfers } = await search(result.correlationId);
  // Chain order is the simulator's funding → funded order
  // (https://developers.dwolla.com/docs/balance/transfer-lifecycle).
  expect(transfers.map((leg) => leg.id)).toEqual(result.legs.map((leg) => leg.id));
  expect(total).toBe(expected.length);
  expect(transfers.map((leg) => leg.status)).toEqual(expected.map((leg) => leg.status));

  for (const [index, leg] of transfers.entries()) {
    const previous = transfers[index - 1];
    const next = transfers[index + 1];
    // Links both ways (https://developers.dwolla.com/docs/balance/transfer-lifecycle
    // ("funding-transfer / funded-transfer")).
    expect(leg.links.fundingTransfer).toBe(previous?.id);
    expect(leg.links.fundedTransfer).toBe(next?.id);
    expect(leg.amount).toEqual({ value: '100.00', currency: 'USD' });
    expect(leg.correlationId).toBe(result.correlationId);
    const code = expected[index]!.failureCode;
    if (code) expect(leg.failure?.code).toMatch(code);
    else expect(leg.failure).toBeUndefined();
  }

  for (const [index, leg] of result.legs.entries()) {
    const emitted = result.events.filter((event) => event.resourceId === leg.id);
    const detail = await getLeg(leg.id);
    // Exactly one stored event per Dwolla event id, although every webhook came twice.
    const stored = await storedEventIds(leg.id);
    expect(sorted(stored)).toEqual(sorted(emitted.map((event) => event.id)));
    expect(sorted(detail.events.map((event) => event.id))).toEqual(sorted(stored));
    const topics = expected[index]!.topics;
    if (topics) expect(sorted(detail.events.map((event) => event.topic))).toEqual(sorted(topics));
  }
}

describe('Webhook pipeline: documented scenarios, shuffled with duplicates', () => {
  let accountId: string;

  beforeAll(async () => {
    ({ accountId } = await connectAccount());
    // At-least-once and unordered
    // (https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7 ("General
    // recommendations")).
    await simulator('/__sim/chaos', { duplicateRate: 1, shuffle: true });
  });

  afterAll(async () => {
    await simulator('/__sim/chaos', {});
  });

  it.each(Object.entries(SEQUENCES_002))(
    '002 %s: every leg ends as documented, linked both ways, one event per id',
    async (name, expected) => {
      // Prepare
      const before = (await invocations()).webhookIntake ?? 0;

      // Act
      const result = await runDelivered(name as ScenarioName, accountId);

      // Assess
      const delivered = ((await invocations()).webhookIntake ?? 0) - before;
      expect(delivered).toBeGreaterThanOrEqual(2 * result.events.length);
      await assertChain(result, expected);
    },
  );

  it('003/004 Verified → Verified: three legs, processed, linked both ways', async () => {
    // Act
    const result = await runDelivered('verified-to-verified', accountId);

    // Assess
    await assertChain(result, [
      { status: 'processed' },
      { status: 'processed' },
      { status: 'processed' },
    ]);
  });

  it('a throttled or failing Dwolla during enrichment delays the chain but never breaks it', async () => {
    // Prepare: half of the enrichment GETs answer 429 or 500
    // (https://developers.dwolla.com/api-reference).
    await simulator('/__sim/chaos', { duplicateRate: 1, shuffle: true, failRate: 0.5 });
    const requestsBefore = (await simulatorRequests()).length;

    // Act
    const result = await runDelivered('verified-to-verified', accountId);
    await simulator('/__sim/chaos', { duplicateRate: 1, shuffle: true });

    // Assess
    const refused = (await simulatorRequests())
      .slice(requestsBefore)
      .filter((request) => request.status === 429 || request.status === 500);
    expect(refused.length).toBeGreaterThan(0);
    await assertChain(result, [
      { status: 'processed' },
      { status: 'processed' },
      { status: 'processed' },
    ]);
  });

  it('a transfer initiated through POST /transfers merges with its webhooks into the 002 chain', async () => {
    // Prepare
    const account = await connectedSimAccount();
    const correlationId = `api-${randomUUID()}`;
    const created = await postTransfer(
      {
        accountId: account.id,
        _links: {
          source: { href: account.fundingSources.bank.url },
          destination: { href: account.customers.unverified.fundingSources.bank.url },
        },
        amount: { value: '100.00', currency: 'USD' },
        correlationId,
      },
      randomUUID(),
    );
    expect(created.status).toBe(201);

    // Act: the sandbox moves the chain step by step
    // (https://developers.dwolla.com/guides/sandbox/transfers).
    for (let step = 0; step < 4; step++) await simulator('/__sim/process');
    await simulator('/__sim/flush');
    await drain(60_000);

    // Assess: https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7 scenario 1,
    // the API's transfer is the funded (second) leg.
    const { transfers } = await search(correlationId);
    expect(transfers.map((leg) => leg.status)).toEqual(['processed', 'processed']);
    const [funding, funded] = transfers;
    expect(funded!.id).toBe(created.json.id);
    expect(funding!.links.fundedTransfer).toBe(funded!.id);
    expect(funded!.links.fundingTransfer).toBe(funding!.id);
    const detail = await getLeg(funded!.id);
    expect(sorted(detail.events.map((event) => event.topic))).toEqual(
      sorted(clientAndCustomer('created', 'completed')),
    );
  });

  it('the local chain view shows the legs in chain order with their event timelines', async () => {
    // Prepare
    const result = await runDelivered('client-to-unverified-destination-failed', accountId);

    // Act
    const response = await fetch(
      `${stackInfo().apiUrl}/ui/transfers?correlationId=${encodeURIComponent(result.correlationId)}`,
    );

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    const [funding, funded] = result.legs;
    expect(html.indexOf(`<tr id="leg-${funding!.id}">`)).toBeGreaterThan(0);
    expect(html.indexOf(`<tr id="leg-${funding!.id}">`)).toBeLessThan(
      html.indexOf(`<tr id="leg-${funded!.id}">`),
    );
    expect(html).toMatch(/R03: /);
    for (const event of result.events) expect(html).toContain(event.id);
  });

  it.each([
    ['bill-payment-completed', 'processed', 'Confirmed', undefined],
    ['bill-payment-failed', 'failed', 'Rejected', /^R01$/],
  ] as const)(
    '000 %s: the bill payment is %s (%s), its leg is the only search result and links back',
    async (name, status, regaliiStatus, failureCode) => {
      // Act
      const result = await runDelivered(name, accountId);

      // Assess
      const { total, transfers } = await search(result.correlationId);
      expect(total).toBe(1);
      const [leg] = transfers;
      expect(leg).toMatchObject({ id: result.transferId, status });
      expect(leg!.links.billPayment).toBe(result.billPaymentId);
      if (failureCode) expect(leg!.failure?.code).toMatch(failureCode);
      const { ddb } = localAwsClients();
      const { Item } = await ddb.send(
        new GetCommand({
          TableName: stackInfo().tableName,
          Key: keys.billPayment(result.billPaymentId!),
        }),
      );
      expect(Item).toMatchObject({
        status,
        regaliiStatus,
        correlationId: result.correlationId,
        transferId: result.transferId,
      });
      expect(Item!.gsi1pk).toBeUndefined();
      const billPaymentEvents = result.events.filter(
        (event) => event.resourceId === result.billPaymentId,
      );
      expect(sorted(billPaymentEvents.map((event) => event.topic))).toEqual(
        sorted([
          'customer_bill_payment_created',
          status === 'processed'
            ? 'customer_bill_payment_completed'
            : 'customer_bill_payment_failed',
        ]),
      );
      expect(sorted(await storedEventIds(result.billPaymentId!))).toEqual(
        sorted(billPaymentEvents.map((event) => event.id)),
      );
    },
  );
});
