import { describe, expect, it } from 'vitest';
import {
  AccountDisconnectedError,
  AccountNotFoundError,
  ReauthorizationRequiredError,
} from '../../shared/accounts/errors.js';
import { DwollaApiError, DwollaNetworkError } from '../../shared/dwolla/errors.js';
import type { Principal } from '../../shared/tenancy/principal.js';
import {
  type CreateTransferInput,
  canonicalTransferBody,
  createTransferUseCase,
  DwollaUnavailableError,
  dwollaIdempotencyKey,
  IdempotencyKeyExpiredError,
  IdempotencyKeyReusedError,
  parseCreateTransfer,
  RequestInProgressError,
  TransferRejectedError,
  transferRequestSchema,
  UnknownAccountError,
} from '../../shared/transfers/index.js';
import { INSUFFICIENT_FUNDS, INSUFFICIENT_FUNDS_REJECTION } from './support/dwolla-rejections.js';
import {
  FakeAccounts,
  FakeAccountTokens,
  FakeClock,
  FakeDwolla,
  InMemoryIdempotencyStore,
  InMemoryTransferRepository,
  OTHER_PRINCIPAL,
  PRINCIPAL,
  TENANT,
} from './transfers-fakes.js';

const API = 'https://api-sandbox.dwolla.com';
const ACCOUNT = 'ca32853c-48fa-40be-ae75-77b37504581b';
const TRANSFER_ID = '74c9129b-d14a-e511-80da-0aa34a9b2388';
const LOCATION = `${API}/transfers/${TRANSFER_ID}`;
const schema = transferRequestSchema(API);

function input(key = 'key-1', changes: Record<string, unknown> = {}): CreateTransferInput {
  return parseCreateTransfer(
    schema,
    {
      accountId: ACCOUNT,
      _links: {
        source: { href: `${API}/funding-sources/707177c3-bf15-4e7e-b37c-55c3898d9bf4` },
        destination: { href: `${API}/accounts/07d59716-ef22-4fe6-98e8-f3190233dfb8` },
      },
      amount: { currency: 'USD', value: '10.00' },
      correlationId: 'order-42',
      ...changes,
    },
    key,
    () => 'unused',
  );
}

function apiError(status: number, code: string, retryable = false, retryAfterSeconds?: number) {
  return new DwollaApiError(
    status,
    code,
    code === 'ValidationError' ? 'Validation error(s) present.' : `${code} message`,
    code === 'ValidationError' ? [INSUFFICIENT_FUNDS] : [],
    'req-1',
    'POST',
    '/transfers',
    { retryable, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) },
  );
}

function setup(sleep?: (ms: number) => Promise<void>) {
  const clock = new FakeClock();
  const idempotency = new InMemoryIdempotencyStore();
  const transfers = new InMemoryTransferRepository();
  const tokens = new FakeAccountTokens();
  const dwolla = new FakeDwolla();
  dwolla.createAnswers = [{ id: TRANSFER_ID, location: LOCATION }];
  const accounts = new FakeAccounts().add(ACCOUNT);
  const useCase = createTransferUseCase({
    accounts,
    idempotency,
    transfers,
    tokens,
    dwolla,
    clock,
    sleep: sleep ?? clock.sleep,
  });
  const createTransfer = (request: CreateTransferInput, principal: Principal = PRINCIPAL) =>
    useCase(request, principal);
  return { clock, accounts, idempotency, transfers, tokens, dwolla, createTransfer };
}

describe('Function: createTransferUseCase', () => {
  it('sends the canonical body under the key with the account’s token and answers pending', async () => {
    // Prepare
    const { createTransfer, dwolla, transfers, idempotency } = setup();
    const request = input();

    // Act
    const created = await createTransfer(request);

    // Assess
    expect(created).toEqual({
      id: TRANSFER_ID,
      status: 'pending',
      correlationId: 'order-42',
      location: LOCATION,
      idempotencyKey: 'key-1',
    });
    expect(dwolla.creates).toEqual([
      {
        token: `token-of-${ACCOUNT}`,
        body: canonicalTransferBody(request.request),
        idempotencyKey: dwollaIdempotencyKey(TENANT, 'key-1'),
      },
    ]);
    expect(transfers.created).toEqual([
      expect.objectContaining({
        id: TRANSFER_ID,
        accountId: ACCOUNT,
        amount: { currency: 'USD', value: '10.00' },
        correlationId: 'order-42',
        idempotencyKey: 'key-1',
      }),
    ]);
    expect(idempotency.records.get(`${TENANT}#key-1`)).toMatchObject({
      state: 'created',
      transferId: TRANSFER_ID,
      location: LOCATION,
      canonicalBody: canonicalTransferBody(request.request),
    });
  });

  it('answers a repeat with the same key and body from the record, without calling Dwolla', async () => {
    // Prepare
    const { createTransfer, dwolla } = setup();
    const first = await createTransfer(input());

    // Act
    const again = await createTransfer(input());

    // Assess
    expect(again).toEqual(first);
    expect(dwolla.creates).toHaveLength(1);
  });

  it('creates one Dwolla transfer for 20 concurrent identical requests', async () => {
    // Prepare: waiting requests yield to the event loop without moving the clock
    const { createTransfer, dwolla } = setup(() => new Promise((resolve) => setImmediate(resolve)));
    let finish!: () => void;
    const dwollaAnswered = new Promise<void>((resolve) => {
      finish = resolve;
    });
    dwolla.createAnswers = [
      async () => {
        await dwollaAnswered;
        return { id: TRANSFER_ID, location: LOCATION };
      },
    ];

    // Act
    const all = Promise.all(Array.from({ length: 20 }, () => createTransfer(input())));
    await new Promise((resolve) => setImmediate(resolve));
    finish();
    const answers = await all;

    // Assess
    expect(dwolla.creates).toHaveLength(1);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]?.id).toBe(TRANSFER_ID);
  });

  it('refuses the same key with another body and does not call Dwolla', async () => {
    // Prepare
    const { createTransfer, dwolla } = setup();
    await createTransfer(input());

    // Act
    const act = createTransfer(input('key-1', { amount: { currency: 'USD', value: '11.00' } }));

    // Assess
    await expect(act).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(dwolla.creates).toHaveLength(1);
  });

  it('passes a Dwolla 4xx through and replays it for the same key without calling again', async () => {
    // Prepare
    const { createTransfer, dwolla, idempotency } = setup();
    dwolla.createAnswers = [apiError(400, 'ValidationError')];

    // Act
    const first = await createTransfer(input()).catch((error: unknown) => error);
    const replay = await createTransfer(input()).catch((error: unknown) => error);

    // Assess
    const expected = { status: 400, body: INSUFFICIENT_FUNDS_REJECTION };
    expect(first).toBeInstanceOf(TransferRejectedError);
    expect(first).toMatchObject(expected);
    expect(replay).toMatchObject(expected);
    expect(dwolla.creates).toHaveLength(1);
    expect(idempotency.records.get(`${TENANT}#key-1`)?.state).toBe('failed_permanently');
  });

  it('answers 503 with Dwolla’s Retry-After after a 429, and a later retry re-sends the same bytes', async () => {
    // Prepare
    const { createTransfer, dwolla, idempotency } = setup();
    dwolla.createAnswers = [apiError(429, 'TooManyRequests', true, 7)];
    const unavailable = await createTransfer(input()).catch((error: unknown) => error);
    dwolla.createAnswers = [{ id: TRANSFER_ID, location: LOCATION }];

    // Act
    const created = await createTransfer(input());

    // Assess
    expect(unavailable).toBeInstanceOf(DwollaUnavailableError);
    expect((unavailable as DwollaUnavailableError).retryAfterSeconds).toBe(7);
    expect(created.id).toBe(TRANSFER_ID);
    expect(dwolla.creates).toHaveLength(2);
    expect(dwolla.creates[1]?.body).toBe(dwolla.creates[0]?.body);
    expect(dwolla.creates[1]?.idempotencyKey).toBe(dwollaIdempotencyKey(TENANT, 'key-1'));
    expect(idempotency.records.get(`${TENANT}#key-1`)?.state).toBe('created');
  });

  it('answers 503 with the default Retry-After when Dwolla could not be reached', async () => {
    // Prepare
    const { createTransfer, dwolla } = setup();
    dwolla.createAnswers = [
      new DwollaNetworkError('POST', '/transfers', { attempts: 4, cause: new Error('ECONNRESET') }),
    ];

    // Act
    const error = await createTransfer(input()).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(DwollaUnavailableError);
    expect((error as DwollaUnavailableError).retryAfterSeconds).toBe(5);
  });

  it('never answers Retry-After 0, even when Dwolla’s last answer said 0', async () => {
    // Prepare
    const { createTransfer, dwolla } = setup();
    dwolla.createAnswers = [apiError(503, 'ServiceUnavailable', true, 0)];

    // Act
    const error = await createTransfer(input()).catch((e: unknown) => e);

    // Assess
    expect((error as DwollaUnavailableError).retryAfterSeconds).toBe(1);
  });

  it('answers 409 RequestInProgress when Dwolla still processes the key', async () => {
    // Prepare
    const { createTransfer, dwolla, idempotency } = setup();
    dwolla.createAnswers = [apiError(409, 'Conflict', true)];

    // Act
    const error = await createTransfer(input()).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(RequestInProgressError);
    expect(idempotency.records.get(`${TENANT}#key-1`)).toMatchObject({
      state: 'in_progress',
      lockUntil: 0,
    });
  });

  it.each([
    ['an unknown account', new AccountNotFoundError(ACCOUNT)],
    ['an account to reauthorize', new ReauthorizationRequiredError(ACCOUNT)],
  ])('lets %s through and leaves the key usable once fixed', async (_name, failure) => {
    // Prepare
    const { createTransfer, dwolla, tokens } = setup();
    tokens.failWith = () => failure;
    const error = await createTransfer(input()).catch((e: unknown) => e);
    tokens.failWith = undefined;

    // Act
    const created = await createTransfer(input());

    // Assess
    expect(error).toBe(failure);
    expect(created.id).toBe(TRANSFER_ID);
    expect(dwolla.creates).toHaveLength(1);
  });

  it('waits for a running identical request, then answers 409 with Retry-After past the bound', async () => {
    // Prepare
    const { createTransfer, dwolla, clock } = setup();
    dwolla.createAnswers = [() => new Promise(() => {})];
    void createTransfer(input());
    await new Promise((resolve) => setImmediate(resolve));

    // Act
    const error = await createTransfer(input()).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(RequestInProgressError);
    expect((error as RequestInProgressError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(clock.ms).toBeGreaterThanOrEqual(Date.parse('2026-03-01T12:00:12.000Z'));
    expect(dwolla.creates).toHaveLength(1);
  });

  it('does not re-send an unfinished request older than Dwolla’s 24 h key window', async () => {
    // Prepare
    const { createTransfer, dwolla, clock } = setup();
    dwolla.createAnswers = [apiError(503, 'ServiceUnavailable', true)];
    await createTransfer(input()).catch(() => undefined);
    clock.ms += 23 * 3_600_000 + 1;

    // Act
    const error = await createTransfer(input()).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(IdempotencyKeyExpiredError);
    expect(dwolla.creates).toHaveLength(1);
  });

  it('takes over a record whose holder died, re-sending the stored bytes', async () => {
    // Prepare
    const { createTransfer, dwolla, clock } = setup();
    dwolla.createAnswers = [() => new Promise(() => {}), { id: TRANSFER_ID, location: LOCATION }];
    void createTransfer(input());
    await new Promise((resolve) => setImmediate(resolve));
    clock.ms += 31_000;

    // Act
    const created = await createTransfer(input());

    // Assess
    expect(created.id).toBe(TRANSFER_ID);
    expect(dwolla.creates).toHaveLength(2);
    expect(dwolla.creates[1]?.body).toBe(dwolla.creates[0]?.body);
  });

  it('records who initiated the leg: tenant, key id and key name', async () => {
    // Prepare
    const { createTransfer, transfers } = setup();

    // Act
    await createTransfer(input());

    // Assess
    expect(transfers.created[0]).toMatchObject({
      tenantId: TENANT,
      initiatedBy: { tenantId: TENANT, keyId: PRINCIPAL.keyId, keyName: PRINCIPAL.keyName },
    });
  });

  it('answers another tenant’s account as not connected, writing nothing and calling no Dwolla', async () => {
    // Prepare
    const { createTransfer, dwolla, idempotency, transfers, tokens } = setup();

    // Act
    const attempt = createTransfer(input(), OTHER_PRINCIPAL);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(UnknownAccountError);
    expect(dwolla.creates).toHaveLength(0);
    expect(tokens.calls).toHaveLength(0);
    expect(idempotency.records.size).toBe(0);
    expect(transfers.created).toHaveLength(0);
  });

  it('refuses a disconnected account before anything is written or sent', async () => {
    // Prepare
    const { createTransfer, accounts, dwolla, idempotency } = setup();
    accounts.add(ACCOUNT, TENANT, 'disconnected');

    // Act
    const attempt = createTransfer(input());

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(AccountDisconnectedError);
    expect(dwolla.creates).toHaveLength(0);
    expect(idempotency.records.size).toBe(0);
  });

  it('treats the same Idempotency-Key from two tenants as two requests with two Dwolla keys', async () => {
    // Prepare
    const { createTransfer, accounts, dwolla, idempotency } = setup();
    const otherAccount = '0ee84069-47c5-455c-b425-633523291dc3';
    accounts.add(otherAccount, OTHER_PRINCIPAL.tenantId);
    dwolla.createAnswers = [
      { id: TRANSFER_ID, location: LOCATION },
      {
        id: 'b1e1a0b2-0000-4000-8000-000000000002',
        location: `${API}/transfers/b1e1a0b2-0000-4000-8000-000000000002`,
      },
    ];

    // Act
    const ours = await createTransfer(input('shared-key'));
    const theirs = await createTransfer(
      input('shared-key', { accountId: otherAccount }),
      OTHER_PRINCIPAL,
    );

    // Assess
    expect(ours.id).toBe(TRANSFER_ID);
    expect(theirs.id).toBe('b1e1a0b2-0000-4000-8000-000000000002');
    expect(dwolla.creates.map((c) => c.idempotencyKey)).toEqual([
      dwollaIdempotencyKey(TENANT, 'shared-key'),
      dwollaIdempotencyKey(OTHER_PRINCIPAL.tenantId, 'shared-key'),
    ]);
    expect(new Set(dwolla.creates.map((c) => c.idempotencyKey)).size).toBe(2);
    expect(idempotency.records.size).toBe(2);
  });

  it('sends tenant default’s key to Dwolla unchanged and every other tenant’s as a tenant-bound UUID', () => {
    // Act
    const defaults = dwollaIdempotencyKey('default', 'order-1001');
    const acme = dwollaIdempotencyKey('acme', 'order-1001');
    const other = dwollaIdempotencyKey('other-app', 'order-1001');

    // Assess
    expect(defaults).toBe('order-1001');
    expect(acme).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(acme).not.toBe(other);
    expect(dwollaIdempotencyKey('acme', 'order-1001')).toBe(acme);
  });
});
