import { afterEach, describe, expect, it } from 'vitest';
import { createDwollaClient } from '../../shared/dwolla/index.js';
import {
  canonicalTransferBody,
  createTransferUseCase,
  DwollaUnavailableError,
  dwollaIdempotencyKey,
  parseCreateTransfer,
  transferRequestSchema,
} from '../../shared/transfers/index.js';
import { type RecordingServer, startRecordingServer } from './support/dwolla-recording-server.js';
import {
  FakeAccounts,
  FakeAccountTokens,
  FakeClock,
  InMemoryIdempotencyStore,
  InMemoryTransferRepository,
  PRINCIPAL,
  TENANT,
} from './transfers-fakes.js';

const ID = '74c9129b-d14a-e511-80da-0aa34a9b2388';
let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(script: Parameters<typeof startRecordingServer>[0]) {
  server = await startRecordingServer(script);
  const api = server.url;
  const clock = new FakeClock();
  const useCase = createTransferUseCase({
    accounts: new FakeAccounts(TENANT),
    idempotency: new InMemoryIdempotencyStore(),
    transfers: new InMemoryTransferRepository(),
    tokens: new FakeAccountTokens(),
    dwolla: createDwollaClient({
      apiUrl: api,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, totalBudgetMs: 5_000 },
    }),
    clock,
    sleep: clock.sleep,
  });
  const input = parseCreateTransfer(
    transferRequestSchema(api),
    {
      metadata: { b: '2', a: '1' },
      amount: { value: '12.34', currency: 'USD' },
      _links: {
        destination: { href: 'mailto:payee@example.com' },
        source: { href: `${api}/funding-sources/707177c3-bf15-4e7e-b37c-55c3898d9bf4` },
      },
      accountId: 'ca32853c-48fa-40be-ae75-77b37504581b',
      correlationId: 'order-7',
    },
    'key-7',
    () => 'unused',
  );
  const createTransfer = (request: typeof input) => useCase(request, PRINCIPAL);
  return { createTransfer, input, server, api };
}

describe('POST /transfers retries against a real HTTP server', () => {
  it('re-sends byte-identical bodies with the same key through 5xx until Dwolla creates it', async () => {
    // Prepare
    const { createTransfer, input, server } = await setup([
      { status: 503 },
      { status: 502 },
      { status: 201, headers: ['Location', `https://api-sandbox.dwolla.com/transfers/${ID}`] },
    ]);

    // Act
    const created = await createTransfer(input);

    // Assess
    expect(created.id).toBe(ID);
    expect(server.requests).toHaveLength(3);
    const expected = canonicalTransferBody(input.request);
    for (const request of server.requests) {
      expect(request.rawBody.toString('utf8')).toBe(expected);
      expect(request.headers['idempotency-key']).toBe(dwollaIdempotencyKey(TENANT, 'key-7'));
    }
  });

  it('backs off on 429, answers 503 once the budget is spent, and a later retry completes with the same bytes', async () => {
    // Prepare
    const { createTransfer, input, server } = await setup([
      {
        status: 429,
        headers: ['Retry-After', '0'],
        body: { code: 'TooManyRequests', message: 'Slow down.' },
      },
      {
        status: 429,
        headers: ['Retry-After', '0'],
        body: { code: 'TooManyRequests', message: 'Slow down.' },
      },
      {
        status: 429,
        headers: ['Retry-After', '0'],
        body: { code: 'TooManyRequests', message: 'Slow down.' },
      },
      { status: 201, headers: ['Location', `https://api-sandbox.dwolla.com/transfers/${ID}`] },
    ]);

    // Act
    const first = await createTransfer(input).catch((error: unknown) => error);
    const later = await createTransfer(input);

    // Assess
    expect(first).toBeInstanceOf(DwollaUnavailableError);
    expect(later.id).toBe(ID);
    expect(server.requests).toHaveLength(4);
    const bodies = new Set(server.requests.map((r) => r.rawBody.toString('utf8')));
    expect([...bodies]).toEqual([canonicalTransferBody(input.request)]);
    expect(new Set(server.requests.map((r) => r.headers['idempotency-key']))).toEqual(
      new Set([dwollaIdempotencyKey(TENANT, 'key-7')]),
    );
  });
});
