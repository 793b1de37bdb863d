import type { SQSEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { AccountNotFoundError } from '../../shared/accounts/errors.js';
import {
  canTransition,
  STATUS_RANK,
  statusFromTopic,
  type TransferFailure,
  type TransferStatus,
} from '../../shared/domain/transfer.js';
import { DwollaApiError } from '../../shared/dwolla/errors.js';
import type { DwollaTransfer, DwollaTransferFailure } from '../../shared/ports/dwolla-api.js';
import type { AccountTokens } from '../../shared/ports/tokens.js';
import type {
  LegEnrichment,
  LegEventFacts,
  LegSnapshot,
  LegStore,
  LegTask,
  NeighbourLinkField,
} from '../../shared/webhooks/leg-store.js';
import type { DwollaEventPayload } from '../../shared/webhooks/payload.js';
import { createTransferChainProcessor } from '../../shared/webhooks/transfer-chain.js';
import { ResourceFetchError } from '../../shared/webhooks/transfer-chain-errors.js';
import { processDwollaEventBatch } from '../../shared/webhooks/transfer-chain-sqs.js';
import { ScriptedCalls } from './support/scripted-calls.js';

type Leg = {
  -readonly [K in keyof LegSnapshot]: LegSnapshot[K];
} & Partial<LegEnrichment & { failure: TransferFailure; claims: Partial<Record<LegTask, string>> }>;

/** In-memory LegStore with the same rules as the DynamoDB adapter's conditions. */
class FakeLegStore implements LegStore {
  readonly legs = new Map<string, Leg>();
  readonly calls: string[] = [];

  async applyEvent(facts: LegEventFacts, _now: Date) {
    this.calls.push(`applyEvent:${facts.transferId}:${facts.status}`);
    const leg = this.legs.get(facts.transferId) ?? {
      id: facts.transferId,
      status: 'pending' as TransferStatus,
      statusRank: -1,
    };
    leg.accountId ??= facts.accountId;
    leg.tenantId ??= facts.tenantId;
    leg.customerId ??= facts.customerId;
    leg.correlationId ??= facts.correlationId;
    if (facts.enrichmentClaim !== undefined && leg.claims?.enrichment === undefined) {
      leg.claims = { ...leg.claims, enrichment: facts.enrichmentClaim };
    }
    if (facts.failureClaim !== undefined && leg.claims?.failure === undefined) {
      leg.claims = { ...leg.claims, failure: facts.failureClaim };
    }
    let statusApplied = false;
    if (facts.status && STATUS_RANK[facts.status] > leg.statusRank) {
      leg.status = facts.status;
      leg.statusRank = STATUS_RANK[facts.status];
      statusApplied = true;
    }
    if (leg.statusRank < 0) leg.statusRank = 0;
    if (facts.status === 'pending' && leg.statusRank === 0) statusApplied = true;
    this.legs.set(facts.transferId, leg);
    return {
      leg: { ...leg, enrichmentClaim: leg.claims?.enrichment, failureClaim: leg.claims?.failure },
      statusApplied,
    };
  }

  async claim(transferId: string, task: LegTask, now: Date, leaseMs: number) {
    this.calls.push(`claim:${transferId}:${task}`);
    const leg = this.legs.get(transferId);
    if (!leg) return false;
    const done = task === 'enrichment' ? leg.enrichedAt : leg.failureFetchedAt;
    const claimedAt = leg.claims?.[task];
    if (done || (claimedAt && claimedAt >= new Date(now.getTime() - leaseMs).toISOString())) {
      return false;
    }
    leg.claims = { ...leg.claims, [task]: now.toISOString() };
    return true;
  }

  async release(transferId: string, task: LegTask, claim: string) {
    this.calls.push(`release:${transferId}:${task}`);
    const leg = this.legs.get(transferId);
    if (leg?.claims?.[task] === claim) delete leg.claims[task];
  }

  async saveEnrichment(
    transferId: string,
    enrichment: LegEnrichment,
    now: Date,
    _tenantId: string | undefined,
    failure?: TransferFailure,
  ) {
    this.calls.push(`saveEnrichment:${transferId}${failure ? '+failure' : ''}`);
    const leg = this.legs.get(transferId)!;
    Object.assign(leg, enrichment, { enrichedAt: now.toISOString() });
    if (failure) this.storeFailure(leg, failure, now);
  }

  async saveFailure(transferId: string, failure: TransferFailure, now: Date) {
    this.calls.push(`saveFailure:${transferId}`);
    this.storeFailure(this.legs.get(transferId)!, failure, now);
  }

  private storeFailure(leg: Leg, failure: TransferFailure, now: Date) {
    leg.failure = failure;
    leg.failureCode = failure.code;
    leg.failureFetchedAt = now.toISOString();
  }

  async linkNeighbour(transferId: string, field: NeighbourLinkField, value: string, _now: Date) {
    this.calls.push(`linkNeighbour:${transferId}:${field}=${value}`);
    const leg = this.legs.get(transferId) ?? { id: transferId, status: 'pending', statusRank: 0 };
    leg[field] ??= value;
    this.legs.set(transferId, leg);
  }
}

class FakeDwolla extends ScriptedCalls {
  readonly transfers = new Map<string, DwollaTransfer>();
  readonly failures = new Map<string, DwollaTransferFailure>();

  async getTransfer(token: string, id: string): Promise<DwollaTransfer> {
    this.record(`getTransfer:${id}:${token}`);
    const transfer = this.transfers.get(id);
    if (!transfer) throw apiError(404, 'NotFound', false);
    return transfer;
  }

  async getTransferFailure(token: string, id: string): Promise<DwollaTransferFailure> {
    this.record(`getTransferFailure:${id}:${token}`);
    return this.failures.get(id)!;
  }
}

class FakeTokens implements AccountTokens {
  readonly connected = new Set<string>(['acc-1']);
  async withAccountToken<T>(accountId: string, call: (token: string) => Promise<T>): Promise<T> {
    if (!this.connected.has(accountId)) throw new AccountNotFoundError(accountId);
    return call(`token-of-${accountId}`);
  }
}

class FakeObservability {
  readonly metricNames: string[] = [];
  readonly logs: { level: string; message: string; context?: unknown }[] = [];
  readonly metrics = { addMetric: (name: string) => void this.metricNames.push(name) };
  readonly logger = {
    info: (message: string, context?: unknown) =>
      void this.logs.push({ level: 'info', message, context }),
    warn: (message: string, context?: unknown) =>
      void this.logs.push({ level: 'warn', message, context }),
    error: (message: string, context?: unknown) =>
      void this.logs.push({ level: 'error', message, context }),
  };
}

function apiError(status: number, code: string, retryable: boolean): DwollaApiError {
  return new DwollaApiError(status, code, code, [], 'req-1', 'GET', '/transfers/x', { retryable });
}

const API = 'https://api.dwolla.com';

function event(
  topic: string,
  transferId: string,
  overrides: { id?: string; account?: string | null; correlationId?: string } = {},
): DwollaEventPayload {
  const account = overrides.account === undefined ? 'acc-1' : overrides.account;
  return {
    id: overrides.id ?? `evt-${topic}-${transferId}`,
    resourceId: transferId,
    topic,
    created: '2026-01-01T00:00:00.000Z',
    correlationId: overrides.correlationId ?? 'corr-1',
    _links: {
      self: { href: `${API}/events/${overrides.id ?? 'e'}` },
      resource: { href: `${API}/transfers/${transferId}` },
      ...(account === null ? {} : { account: { href: `${API}/accounts/${account}` } }),
      customer: { href: `${API}/customers/cus-1` },
    },
  };
}

function transfer(id: string, links: Partial<DwollaTransfer['links']> = {}): DwollaTransfer {
  return {
    id,
    status: 'pending',
    amount: { value: '12.34', currency: 'USD' },
    created: '2026-01-01T00:00:01.000Z',
    correlationId: 'corr-1',
    links: { self: `${API}/transfers/${id}`, source: `${API}/funding-sources/fs-1`, ...links },
  };
}

describe('Function: createTransferChainProcessor', () => {
  let legs: FakeLegStore;
  let dwolla: FakeDwolla;
  let tokens: FakeTokens;
  let observed: FakeObservability;
  let nowMs: number;
  let processor: ReturnType<typeof createTransferChainProcessor>;
  let owners: Map<string, string>;

  beforeEach(() => {
    legs = new FakeLegStore();
    dwolla = new FakeDwolla();
    tokens = new FakeTokens();
    observed = new FakeObservability();
    nowMs = Date.parse('2026-01-02T00:00:00.000Z');
    owners = new Map([['acc-1', 'acme']]);
    processor = createTransferChainProcessor({
      legs,
      owners: { ownerOf: async (accountId) => owners.get(accountId) },
      dwolla,
      tokens,
      clock: {
        now: () => {
          nowMs += 1;
          return new Date(nowMs);
        },
      },
      logger: observed.logger,
      metrics: observed.metrics,
    });
  });

  it('upserts the leg with the status the topic implies and the ids the event carries', async () => {
    // Prepare
    dwolla.transfers.set('t-1', transfer('t-1'));

    // Act
    const outcome = await processor.process(event('customer_bank_transfer_completed', 't-1'));

    // Assess
    expect(outcome).toEqual({
      transferId: 't-1',
      status: 'processed',
      statusApplied: true,
      enriched: true,
      failureFetched: false,
    });
    expect(legs.legs.get('t-1')).toMatchObject({
      accountId: 'acc-1',
      tenantId: 'acme',
      customerId: 'cus-1',
      correlationId: 'corr-1',
      status: 'processed',
    });
  });

  it('fetches the leg from Dwolla once, with the account token, whatever the number of events', async () => {
    // Prepare
    dwolla.transfers.set('t-1', transfer('t-1'));

    // Act
    await processor.process(event('transfer_created', 't-1'));
    await processor.process(event('transfer_completed', 't-1'));
    await processor.process(event('transfer_completed', 't-1', { id: 'duplicate' }));

    // Assess
    expect(dwolla.calls).toEqual(['getTransfer:t-1:token-of-acc-1']);
    expect(legs.legs.get('t-1')).toMatchObject({
      amount: { value: '12.34', currency: 'USD' },
      created: '2026-01-01T00:00:01.000Z',
      sourceUrl: `${API}/funding-sources/fs-1`,
      enrichedAt: expect.any(String),
    });
    expect(observed.metricNames.filter((name) => name === 'EnrichmentCalls')).toHaveLength(1);
  });

  it('claims the enrichment in the event’s own upsert, with no separate claim write', async () => {
    // Prepare
    dwolla.transfers.set('t-1', transfer('t-1'));

    // Act
    const outcome = await processor.process(event('transfer_created', 't-1'));

    // Assess
    expect(outcome?.enriched).toBe(true);
    expect(legs.calls).toEqual(['applyEvent:t-1:pending', 'saveEnrichment:t-1']);
    expect(legs.legs.get('t-1')?.claims?.enrichment).toMatch(
      /^2026-01-02T00:00:00\.001Z#[0-9a-f-]{36}$/,
    );
  });

  it('claims the enrichment separately when only the stored leg knows the account', async () => {
    // Prepare
    dwolla.transfers.set('t-1', transfer('t-1'));
    legs.legs.set('t-1', { id: 't-1', status: 'pending', statusRank: 0, accountId: 'acc-1' });

    // Act
    const outcome = await processor.process(event('transfer_completed', 't-1', { account: null }));

    // Assess
    expect(outcome?.enriched).toBe(true);
    expect(legs.calls).toEqual([
      'applyEvent:t-1:processed',
      'claim:t-1:enrichment',
      'saveEnrichment:t-1',
    ]);
    expect(dwolla.calls).toEqual(['getTransfer:t-1:token-of-acc-1']);
  });

  it('sets the reverse link on both neighbours, creating unknown ones as pending', async () => {
    // Prepare
    dwolla.transfers.set(
      't-2',
      transfer('t-2', {
        fundingTransfer: `${API}/transfers/t-1`,
        fundedTransfer: `${API}/transfers/t-3`,
      }),
    );

    // Act
    await processor.process(event('customer_transfer_created', 't-2'));

    // Assess
    expect(legs.legs.get('t-2')).toMatchObject({
      fundingTransferId: 't-1',
      fundedTransferId: 't-3',
    });
    expect(legs.legs.get('t-1')).toMatchObject({ status: 'pending', fundedTransferId: 't-2' });
    expect(legs.legs.get('t-3')).toMatchObject({ status: 'pending', fundingTransferId: 't-2' });
    expect(legs.calls.indexOf('saveEnrichment:t-2')).toBeGreaterThan(
      legs.calls.indexOf('linkNeighbour:t-3:fundingTransferId=t-2'),
    );
  });

  it('writes no mirror link on a neighbour that already linked this leg from its own enrichment', async () => {
    // Prepare
    dwolla.transfers.set('t-1', transfer('t-1', { fundedTransfer: `${API}/transfers/t-2` }));
    dwolla.transfers.set('t-2', transfer('t-2', { fundingTransfer: `${API}/transfers/t-1` }));
    await processor.process(event('customer_transfer_created', 't-2'));
    legs.calls.length = 0;

    // Act
    await processor.process(event('customer_transfer_created', 't-1'));

    // Assess
    expect(legs.calls).toEqual(['applyEvent:t-1:pending', 'saveEnrichment:t-1']);
    expect(legs.legs.get('t-1')).toMatchObject({
      fundedTransferId: 't-2',
      enrichedAt: expect.any(String),
    });
    expect(legs.legs.get('t-2')).toMatchObject({ fundingTransferId: 't-1' });
  });

  it('keeps the bill-payment link of a leg created by a bill payment', async () => {
    // Prepare
    dwolla.transfers.set('t-1', transfer('t-1', { billPayment: `${API}/bill-payments/bp-1` }));

    // Act
    await processor.process(event('customer_transfer_created', 't-1'));

    // Assess
    expect(legs.legs.get('t-1')?.billPaymentId).toBe('bp-1');
  });

  it('fetches the failure reason once for a failed leg, duplicates included', async () => {
    // Prepare
    dwolla.transfers.set('t-1', transfer('t-1'));
    dwolla.failures.set('t-1', { code: 'R01', description: 'Insufficient Funds' });

    // Act
    const first = await processor.process(event('bank_transfer_failed', 't-1'));
    const duplicate = await processor.process(event('bank_transfer_failed', 't-1'));

    // Assess
    expect(first?.failureFetched).toBe(true);
    expect(duplicate?.failureFetched).toBe(false);
    expect(dwolla.calls.filter((call) => call.startsWith('getTransferFailure'))).toEqual([
      'getTransferFailure:t-1:token-of-acc-1',
    ]);
    expect(legs.legs.get('t-1')?.failure).toEqual({
      code: 'R01',
      description: 'Insufficient Funds',
    });
  });

  it('claims the failure fetch in the failing event’s own upsert, and saves it with the enrichment in one write', async () => {
    // Prepare
    dwolla.transfers.set('t-1', transfer('t-1'));
    dwolla.failures.set('t-1', { code: 'R01', description: 'Insufficient Funds' });

    // Act
    const outcome = await processor.process(event('transfer_failed', 't-1'));

    // Assess
    expect(outcome).toMatchObject({ enriched: true, failureFetched: true });
    expect(legs.calls).toEqual(['applyEvent:t-1:failed', 'saveEnrichment:t-1+failure']);
    expect(dwolla.calls).toEqual([
      'getTransfer:t-1:token-of-acc-1',
      'getTransferFailure:t-1:token-of-acc-1',
    ]);
    expect(legs.legs.get('t-1')).toMatchObject({
      failureCode: 'R01',
      enrichedAt: expect.any(String),
    });
  });

  it('fetches the failure on its own when the leg failed after its enrichment', async () => {
    // Prepare
    dwolla.transfers.set('t-1', transfer('t-1'));
    dwolla.failures.set('t-1', { code: 'R01', description: 'Insufficient Funds' });

    // Act
    await processor.process(event('transfer_created', 't-1'));
    const outcome = await processor.process(event('transfer_failed', 't-1'));

    // Assess
    expect(outcome).toMatchObject({ enriched: false, failureFetched: true });
    expect(legs.calls).toEqual([
      'applyEvent:t-1:pending',
      'saveEnrichment:t-1',
      'applyEvent:t-1:failed',
      'saveFailure:t-1',
    ]);
  });

  it('keeps the enrichment when the failure fetched with it is refused for good, and succeeds', async () => {
    // Prepare
    dwolla.transfers.set('t-1', transfer('t-1'));
    dwolla.getTransferFailure = async () => {
      throw apiError(404, 'NotFound', false);
    };

    // Act
    const outcome = await processor.process(event('transfer_failed', 't-1'));

    // Assess
    expect(outcome).toMatchObject({ enriched: true, failureFetched: false });
    expect(legs.calls).toEqual([
      'applyEvent:t-1:failed',
      'saveEnrichment:t-1',
      'release:t-1:failure',
    ]);
    expect(legs.legs.get('t-1')?.failureFetchedAt).toBeUndefined();
  });

  it('gives the failure claim back with the enrichment’s, so the redelivery fetches both', async () => {
    // Prepare
    dwolla.transfers.set('t-1', transfer('t-1'));
    dwolla.failures.set('t-1', { code: 'R01', description: 'Insufficient Funds' });
    dwolla.failNext.push(apiError(503, 'ServiceUnavailable', true));

    // Act
    await expect(processor.process(event('transfer_failed', 't-1'))).rejects.toBeInstanceOf(
      ResourceFetchError,
    );
    const redelivery = await processor.process(event('transfer_failed', 't-1'));

    // Assess
    expect(legs.calls).toContain('release:t-1:failure');
    expect(redelivery).toMatchObject({ enriched: true, failureFetched: true });
    expect(legs.legs.get('t-1')?.failureCode).toBe('R01');
  });

  it('fetches the failure reason when a stale event finds the leg already failed without one', async () => {
    // Prepare
    legs.legs.set('t-1', {
      id: 't-1',
      status: 'failed',
      statusRank: 2,
      accountId: 'acc-1',
      enrichedAt: 'earlier',
    });
    dwolla.failures.set('t-1', { code: 'R03', description: 'No Account' });

    // Act
    const outcome = await processor.process(event('transfer_completed', 't-1'));

    // Assess
    expect(outcome).toMatchObject({ status: 'failed', statusApplied: false, failureFetched: true });
    expect(legs.legs.get('t-1')?.failureCode).toBe('R03');
  });

  it('returns a record to the queue on a retryable Dwolla error and completes on redelivery', async () => {
    // Prepare
    dwolla.transfers.set('t-1', transfer('t-1'));
    dwolla.failNext.push(apiError(503, 'ServiceUnavailable', true));

    // Act
    const firstDelivery = processor.process(event('transfer_created', 't-1'));
    await expect(firstDelivery).rejects.toBeInstanceOf(ResourceFetchError);
    const redelivery = await processor.process(event('transfer_created', 't-1'));

    // Assess
    expect(legs.calls).toContain('release:t-1:enrichment');
    expect(redelivery?.enriched).toBe(true);
    expect(legs.legs.get('t-1')?.enrichedAt).toBeDefined();
  });

  it('redoes only the failed step on redelivery after a 429 on the failure fetch', async () => {
    // Prepare
    dwolla.transfers.set('t-1', transfer('t-1'));
    dwolla.failures.set('t-1', { code: 'R01', description: 'Insufficient Funds' });
    const throttled = apiError(429, 'TooManyRequests', true);
    const originalFailure = dwolla.getTransferFailure.bind(dwolla);
    let throttleOnce = true;
    dwolla.getTransferFailure = async (token, id) => {
      if (throttleOnce) {
        throttleOnce = false;
        throw throttled;
      }
      return originalFailure(token, id);
    };

    // Act
    await expect(processor.process(event('transfer_failed', 't-1'))).rejects.toThrow(
      ResourceFetchError,
    );
    const redelivery = await processor.process(event('transfer_failed', 't-1'));

    // Assess
    expect(redelivery).toMatchObject({ enriched: false, failureFetched: true });
    expect(dwolla.calls.filter((call) => call.startsWith('getTransfer:'))).toHaveLength(1);
    expect(legs.legs.get('t-1')?.failureCode).toBe('R01');
  });

  it('stores an unknown account’s event without enrichment and succeeds', async () => {
    // Prepare
    const unknown = event('transfer_failed', 't-9', { account: 'acc-unknown' });

    // Act
    const outcome = await processor.process(unknown);

    // Assess
    expect(outcome).toMatchObject({ status: 'failed', enriched: false, failureFetched: false });
    expect(legs.legs.get('t-9')).toMatchObject({ status: 'failed', accountId: 'acc-unknown' });
    expect(legs.legs.get('t-9')?.enrichedAt).toBeUndefined();
    expect(legs.legs.get('t-9')?.tenantId).toBeUndefined();
    expect(observed.metricNames).toContain('EnrichmentSkippedUnknownAccount');
    expect(dwolla.calls).toEqual([]);
  });

  it('gives a leg learnt only from webhooks the tenant owning the event’s account', async () => {
    // Prepare
    owners.set('acc-2', 'other-app');
    dwolla.transfers.set('t-5', transfer('t-5'));

    // Act
    await processor.process(event('transfer_created', 't-5', { account: 'acc-2' }));

    // Assess
    expect(legs.legs.get('t-5')).toMatchObject({ accountId: 'acc-2', tenantId: 'other-app' });
  });

  it('skips enrichment when the event names no account', async () => {
    // Act
    const outcome = await processor.process(event('transfer_created', 't-1', { account: null }));

    // Assess
    expect(outcome?.enriched).toBe(false);
    expect(dwolla.calls).toEqual([]);
    expect(observed.metricNames).toEqual(['EnrichmentSkippedUnknownAccount']);
  });

  it('succeeds without enrichment when Dwolla refuses the fetch for good, and releases the claim', async () => {
    // Act
    const outcome = await processor.process(event('transfer_created', 't-unknown-at-dwolla'));

    // Assess
    expect(outcome?.enriched).toBe(false);
    expect(legs.calls).toContain('release:t-unknown-at-dwolla:enrichment');
    expect(legs.legs.get('t-unknown-at-dwolla')?.claims?.enrichment).toBeUndefined();
    expect(observed.logs.some((log) => log.level === 'error')).toBe(true);
  });

  it('leaves the fetch to the processor holding a live claim', async () => {
    // Prepare
    legs.legs.set('t-1', {
      id: 't-1',
      status: 'pending',
      statusRank: 0,
      accountId: 'acc-1',
      claims: { enrichment: new Date(nowMs).toISOString() },
    });

    // Act
    const outcome = await processor.process(event('transfer_completed', 't-1'));

    // Assess
    expect(outcome?.enriched).toBe(false);
    expect(dwolla.calls).toEqual([]);
  });

  it('retakes the claim of a processor that crashed mid-fetch once its lease expired', async () => {
    // Prepare
    dwolla.transfers.set('t-1', transfer('t-1'));
    legs.legs.set('t-1', {
      id: 't-1',
      status: 'pending',
      statusRank: 0,
      accountId: 'acc-1',
      claims: { enrichment: new Date(nowMs - 61_000).toISOString() },
    });

    // Act
    const outcome = await processor.process(event('transfer_completed', 't-1'));

    // Assess
    expect(outcome?.enriched).toBe(true);
    expect(dwolla.calls).toEqual(['getTransfer:t-1:token-of-acc-1']);
  });

  it('ignores a topic that is not a transfer leg’s', async () => {
    // Act
    const outcome = await processor.process(event('customer_bill_payment_created', 'bp-1'));

    // Assess
    expect(outcome).toBeUndefined();
    expect(legs.calls).toEqual([]);
  });
});

// https://developers.dwolla.com/docs/balance/transfer-lifecycle,
// https://developers.dwolla.com/api-reference/transfers/retrieve-a-transfer-failure-reason
describe('Transfer status rules (transfer lifecycle, failure reasons)', () => {
  const statuses: TransferStatus[] = ['pending', 'processed', 'failed', 'cancelled', 'reclaimed'];

  it.each([
    ['processed', 'failed', true],
    ['pending', 'processed', true],
    ['pending', 'failed', true],
    ['pending', 'cancelled', true],
    ['processed', 'reclaimed', true],
    ['failed', 'processed', false],
    ['processed', 'pending', false],
    ['failed', 'pending', false],
  ] as const)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it('never moves a leg back to pending', () => {
    for (const from of statuses) expect(canTransition(from, 'pending')).toBe(false);
  });

  it('keeps cancelled and reclaimed terminal', () => {
    for (const from of ['cancelled', 'reclaimed'] as const) {
      for (const to of statuses) expect(canTransition(from, to)).toBe(false);
    }
  });

  it.each([
    ['bank_transfer_created', 'pending'],
    ['customer_bank_transfer_creation_failed', 'failed'],
    ['transfer_completed', 'processed'],
    ['customer_transfer_failed', 'failed'],
    ['transfer_cancelled', 'cancelled'],
    ['transfer_reclaimed', 'reclaimed'],
  ] as const)('maps topic %s to %s', (topic, status) => {
    expect(statusFromTopic(topic)).toBe(status);
  });
});

describe('Function: processDwollaEventBatch', () => {
  const record = (messageId: string, body: string) =>
    ({ messageId, body }) as SQSEvent['Records'][number];

  it('reports only the records that failed, and poison messages, as batch item failures', async () => {
    // Prepare
    const observed = new FakeObservability();
    const handled: string[] = [];
    const batch: SQSEvent = {
      Records: [
        record('m-ok', JSON.stringify(event('transfer_created', 't-1', { id: 'e-ok' }))),
        record('m-retry', JSON.stringify(event('transfer_created', 't-2', { id: 'e-retry' }))),
        record('m-not-json', '{nope'),
        record('m-not-event', JSON.stringify({ hello: 'world' })),
      ],
    };

    // Act
    const response = await processDwollaEventBatch(
      batch,
      async (payload) => {
        handled.push(payload.id);
        if (payload.id === 'e-retry') throw new Error('Dwolla 503');
      },
      observed,
    );

    // Assess
    expect(response).toEqual({
      batchItemFailures: [
        { itemIdentifier: 'm-retry' },
        { itemIdentifier: 'm-not-json' },
        { itemIdentifier: 'm-not-event' },
      ],
    });
    expect(handled.sort()).toEqual(['e-ok', 'e-retry']);
    expect(observed.metricNames).toEqual(['PoisonMessages', 'PoisonMessages']);
  });
});
