import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DwollaSimulator,
  ScenarioName,
  ScenarioResult,
} from '../../infra/local/dwolla-simulator/index.js';
import { accountTokens, appToken, call, startTestSimulator } from './support/simulator-client.js';

/**
 * Expected events per scenario, oldest first, as `[topic, leg]` where `leg` is the index of the
 * transfer in chain order (funding → funded). Transcribed from
 * https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7: in scenario 1 leg 0 is
 * the Client Account's `bank_transfer_*` (e.g. 52fbb333…) and leg 1 the `transfer_*` /
 * `customer_transfer_*` one (53fbb333…); in scenario 2 leg 0 is the `customer_transfer_*` /
 * `transfer_*` one (1952e3a7…) and leg 1 the `bank_transfer_*` one (69d1bdfe…).
 */
const CREATED_1: [string, number][] = [
  ['bank_transfer_created', 0],
  ['transfer_created', 1],
  ['customer_transfer_created', 1],
];
const CREATED_2: [string, number][] = [
  ['customer_transfer_created', 0],
  ['transfer_created', 0],
];
const COMPLETED_TO_BALANCE_2: [string, number][] = [
  ['customer_transfer_completed', 0],
  ['transfer_completed', 0],
  ['bank_transfer_created', 1],
];

const SEQUENCES: Record<string, { section: string; events: [string, number][] }> = {
  'client-to-unverified-success': {
    section: 'Transfer scenario 1 / Success',
    events: [
      ...CREATED_1,
      ['bank_transfer_completed', 0],
      ['transfer_completed', 1],
      ['customer_transfer_completed', 1],
    ],
  },
  'client-to-unverified-source-failed': {
    section: 'Transfer scenario 1 / Fail - ACH return on source bank',
    events: [
      ...CREATED_1,
      ['bank_transfer_failed', 0],
      ['transfer_failed', 1],
      ['customer_transfer_failed', 1],
    ],
  },
  'client-to-unverified-destination-failed': {
    section: 'Transfer scenario 1 / Fail - ACH return on destination bank',
    events: [
      ...CREATED_1,
      ['bank_transfer_completed', 0],
      ['transfer_failed', 1],
      ['customer_transfer_failed', 1],
    ],
  },
  'client-to-unverified-source-returned': {
    section: 'Transfer scenario 1 / Fail "post-settlement" - ACH return on source bank',
    events: [
      ...CREATED_1,
      ['bank_transfer_completed', 0],
      ['transfer_completed', 1],
      ['customer_transfer_completed', 1],
      ['bank_transfer_failed', 0],
    ],
  },
  'client-to-unverified-destination-returned': {
    section:
      'Transfer scenario 1 / Fail "post-settlement" - ACH return on destination bank account',
    events: [
      ...CREATED_1,
      ['bank_transfer_completed', 0],
      ['transfer_completed', 1],
      ['customer_transfer_completed', 1],
      ['transfer_failed', 1],
      ['customer_transfer_failed', 1],
    ],
  },
  'unverified-to-client-success': {
    section: 'Transfer scenario 2 / Success',
    events: [...CREATED_2, ...COMPLETED_TO_BALANCE_2, ['bank_transfer_completed', 1]],
  },
  'unverified-to-client-source-failed': {
    section: 'Transfer scenario 2 / Fail - ACH return on source bank',
    events: [...CREATED_2, ['customer_transfer_failed', 0], ['transfer_failed', 0]],
  },
  'unverified-to-client-destination-failed': {
    section: 'Transfer scenario 2 / Fail - ACH return on destination bank',
    events: [...CREATED_2, ...COMPLETED_TO_BALANCE_2, ['bank_transfer_failed', 1]],
  },
  'unverified-to-client-source-returned': {
    section: 'Transfer scenario 2 / Fail "post-settlement" - ACH return on source bank',
    events: [
      ...CREATED_2,
      ...COMPLETED_TO_BALANCE_2,
      ['bank_transfer_completed', 1],
      ['customer_transfer_failed', 0],
      ['transfer_failed', 0],
    ],
  },
  'unverified-to-client-destination-returned': {
    section:
      'Transfer scenario 2 / Fail "post-settlement" - ACH return on destination bank account',
    events: [
      ...CREATED_2,
      ...COMPLETED_TO_BALANCE_2,
      ['bank_transfer_completed', 1],
      ['bank_transfer_failed', 1],
    ],
  },
};

/**
 * The id `POST /transfers` answers with:
 * https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7 ("HTTP/1.1 201 Created /
 * Location").
 */
const LOCATION_LEG: Record<string, number> = {
  'client-to-unverified': 1,
  'unverified-to-client': 0,
};

let sim: DwollaSimulator;
let accountId: string;

beforeAll(async () => {
  sim = await startTestSimulator();
  accountId = sim.createAccount({ name: 'Sequences' }).id;
});

afterAll(async () => {
  await sim.close();
});

/** `[topic, leg index]` of every transfer event of a scenario, oldest first, as GET /events lists them. */
function transferEvents(result: ScenarioResult): [string, number][] {
  const legIndex = new Map(result.legs.map((leg, index) => [leg.id, index]));
  return (sim.events() as { topic: string; resourceId: string }[])
    .filter((event) => legIndex.has(event.resourceId))
    .reverse()
    .map((event) => [event.topic, legIndex.get(event.resourceId)!]);
}

// https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7
describe('Dwolla simulator: the event sequences of bank-to-bank transfers', () => {
  for (const [name, expected] of Object.entries(SEQUENCES)) {
    it(`emits the documented sequence for ${expected.section}`, async () => {
      // Prepare / Act
      const result = await sim.runScenario(name as ScenarioName, { accountId });

      // Assess
      expect(transferEvents(result)).toEqual(expected.events);
      expect(result.legs.map((leg) => leg.status)).toEqual(
        result.legs.map((leg) => leg.expectedStatus),
      );
      const prefix = name.startsWith('client-to-unverified')
        ? 'client-to-unverified'
        : 'unverified-to-client';
      expect(result.transferId).toBe(result.legs[LOCATION_LEG[prefix]!]!.id);
    });
  }

  it('links customer events to the customer and account events to the account only', async () => {
    // Prepare / Act
    const result = await sim.runScenario('client-to-unverified-success', { accountId });

    // Assess
    const events = (
      sim.events() as {
        topic: string;
        resourceId: string;
        _links: { account: { href: string }; customer?: { href: string } };
      }[]
    ).filter((event) => event.resourceId === result.legs[1]!.id);
    const customerUrl = `${sim.url}/customers/${result.customerIds[0]}`;
    for (const event of events) {
      expect(event._links.account.href).toBe(`${sim.url}/accounts/${accountId}`);
      expect(event._links.customer?.href).toBe(
        event.topic.startsWith('customer_') ? customerUrl : undefined,
      );
    }
  });

  it('removes a bank after a non-R01 return and records a funding-source event', async () => {
    // Prepare / Act: the customer's R03 bank fails
    // (https://developers.dwolla.com/api-reference/transfers/retrieve-a-transfer-failure-reason)
    const result = await sim.runScenario('client-to-unverified-destination-failed', { accountId });

    // Assess
    const removed = (
      sim.events() as { topic: string; _links: { customer?: { href: string } } }[]
    ).filter(
      (event) =>
        event.topic === 'customer_funding_source_removed' &&
        event._links.customer?.href === `${sim.url}/customers/${result.customerIds[0]}`,
    );
    expect(removed).toHaveLength(1);
  });
});

// https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/ and
// https://developers.dwolla.com/docs/balance/transfer-lifecycle
describe('Dwolla simulator: the Verified → Verified three-leg chain', () => {
  it('creates bank → balance → balance → bank legs one after another with their events', async () => {
    // Prepare / Act
    const result = await sim.runScenario('verified-to-verified', { accountId });

    // Assess: each leg is created once the previous one completes
    // (https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/), and
    // both customers get their own customer_transfer_* for the middle leg
    // (https://developers.dwolla.com/guides/webhooks/process-validate).
    expect(transferEvents(result)).toEqual([
      ['customer_bank_transfer_created', 0],
      ['customer_bank_transfer_completed', 0],
      ['customer_transfer_created', 1],
      ['customer_transfer_created', 1],
      ['customer_transfer_completed', 1],
      ['customer_transfer_completed', 1],
      ['customer_bank_transfer_created', 2],
      ['customer_bank_transfer_completed', 2],
    ]);
    expect(result.legs.map((leg) => leg.status)).toEqual(['processed', 'processed', 'processed']);
  });

  // https://developers.dwolla.com/docs/balance/transfer-lifecycle ("Example")
  it('links the legs both ways and shares one correlationId (the transfer lifecycle example)', async () => {
    // Prepare
    const result = await sim.runScenario('verified-to-verified', {
      accountId,
      correlationId: 'DB-ID-123abc',
    });
    const token = (await accountTokens(sim, accountId)).access_token;

    // Act
    const legs = await Promise.all(
      result.legs.map(async (leg) => (await call(`${sim.url}/transfers/${leg.id}`, token)).json!),
    );

    // Assess
    const href = (leg: Record<string, unknown>, rel: string) =>
      (leg._links as Record<string, { href: string } | undefined>)[rel]?.href;
    const url = (index: number) => `${sim.url}/transfers/${result.legs[index]!.id}`;
    expect(legs.map((leg) => href(leg, 'funding-transfer'))).toEqual([undefined, url(0), url(1)]);
    expect(legs.map((leg) => href(leg, 'funded-transfer'))).toEqual([url(1), url(2), undefined]);
    expect(legs.map((leg) => leg.correlationId)).toEqual([
      'DB-ID-123abc',
      'DB-ID-123abc',
      'DB-ID-123abc',
    ]);
    const correlated = (sim.events() as { resourceId: string; correlationId?: string }[]).filter(
      (event) => result.legs.some((leg) => leg.id === event.resourceId),
    );
    expect(correlated.every((event) => event.correlationId === 'DB-ID-123abc')).toBe(true);
  });

  // https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/
  it("lists the receiving customer's two legs when searching by correlationId", async () => {
    // Prepare
    const result = await sim.runScenario('verified-to-verified', {
      accountId,
      correlationId: 'search-me-1',
    });
    const token = (await accountTokens(sim, accountId)).access_token;
    const receiver = result.customerIds[1]!;

    // Act
    const page = await call(
      `${sim.url}/customers/${receiver}/transfers?correlationId=search-me-1`,
      token,
    );

    // Assess
    const ids = (page.json!._embedded as { transfers: { id: string }[] }).transfers.map(
      (t) => t.id,
    );
    expect(ids.sort()).toEqual([result.legs[1]!.id, result.legs[2]!.id].sort());
    expect(page.json!.total).toBe(2);
  });
});

// https://developers.dwolla.com/resources/dwolla-billpayment-integration.html
describe('Dwolla simulator: bill payments', () => {
  for (const [name, outcome] of [
    ['bill-payment-completed', 'completed'],
    ['bill-payment-failed', 'failed'],
  ] as const) {
    it(`emits customer_bill_payment_${outcome} with customer_transfer_${outcome}`, async () => {
      // Prepare / Act
      const result = await sim.runScenario(name, {
        accountId,
        correlationId: `regalii-${outcome}`,
      });

      // Assess: https://developers.dwolla.com/resources/dwolla-billpayment-integration.html ("Track
      // the status of a bill payment") status table.
      const leg = result.legs[0]!.id;
      expect(result.events.map((event) => [event.topic, event.resourceId])).toEqual([
        ['customer_bill_payment_created', result.billPaymentId],
        ['customer_transfer_created', leg],
        [`customer_bill_payment_${outcome}`, result.billPaymentId],
        [`customer_transfer_${outcome}`, leg],
      ]);
      const token = (await accountTokens(sim, accountId)).access_token;
      const transfer = (await call(`${sim.url}/transfers/${leg}`, token)).json!;
      expect(transfer.correlationId).toBe(`regalii-${outcome}`);
      expect((transfer._links as Record<string, { href: string }>)['bill-payment']!.href).toBe(
        `${sim.url}/bill-payments/${result.billPaymentId}`,
      );
      const billPayment = (await call(`${sim.url}/bill-payments/${result.billPaymentId}`, token))
        .json!;
      expect(billPayment.status).toBe(outcome === 'completed' ? 'processed' : 'failed');
    });
  }
});

describe('Dwolla simulator: GET /events', () => {
  it('lists events newest first with total, for the application token only', async () => {
    // Prepare
    await sim.runScenario('unverified-to-client-success', { accountId });
    const token = await appToken(sim);
    const all = sim.events() as { id: string }[];

    // Act
    const page = await call(`${sim.url}/events?limit=3&offset=1`, token);
    const accountToken = (await accountTokens(sim, accountId)).access_token;
    const refused = await call(`${sim.url}/events`, accountToken);

    // Assess
    const events = (page.json!._embedded as { events: { id: string }[] }).events;
    expect(events.map((event) => event.id)).toEqual(all.slice(1, 4).map((event) => event.id));
    expect(page.json!.total).toBe(all.length);
    expect(refused.status).toBe(403);
  });
});
