import { afterEach, describe, expect, it } from 'vitest';
import {
  createDwollaAuthClient,
  createDwollaClient,
  DWOLLA_ERRORS_METRIC,
  DWOLLA_THROTTLED_METRIC,
  DwollaApiError,
  DwollaNetworkError,
} from '../../shared/dwolla/index.js';
import type { Metrics } from '../../shared/ports/observability.js';
import {
  type RecordingServer,
  type ScriptedResponse,
  startRecordingServer,
} from './support/dwolla-recording-server.js';

const TOKEN = 'acct-access-token-SECRET';
const FAST = { baseDelayMs: 1, maxDelayMs: 2 };
const TRANSFER = {
  _links: {
    self: { href: 'https://api.dwolla.com/transfers/t-1' },
    source: { href: 'https://api.dwolla.com/accounts/acc-1' },
    destination: { href: 'https://api.dwolla.com/customers/cus-1' },
  },
  id: 't-1',
  status: 'pending',
  amount: { value: '10.00', currency: 'USD' },
  created: '2015-10-02T19:42:32.950Z',
};

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A metric sink that remembers every count, in order. */
function recordingSink(): Metrics & { readonly counted: string[] } {
  const counted: string[] = [];
  return {
    counted,
    addMetric: (name, unit, value) => {
      expect([unit, value]).toEqual(['Count', 1]);
      counted.push(name);
    },
  };
}

async function clientFor(script: readonly ScriptedResponse[], retry = {}) {
  server = await startRecordingServer(script);
  const metrics = recordingSink();
  const client = createDwollaClient({
    apiUrl: server.url,
    retry: { ...FAST, ...retry },
    metrics,
  });
  return { client, metrics };
}

describe('Dwolla client metrics', () => {
  it('counts each attempt Dwolla throttled or failed, and nothing for the one that succeeded', async () => {
    // Prepare
    const { client, metrics } = await clientFor([
      { status: 429, headers: ['Retry-After', '0'] },
      { status: 503 },
      { destroy: true },
      { status: 200, body: TRANSFER },
    ]);

    // Act
    const transfer = await client.getTransfer(TOKEN, 't-1');

    // Assess
    expect(transfer.id).toBe('t-1');
    expect(metrics.counted).toEqual([
      DWOLLA_THROTTLED_METRIC,
      DWOLLA_ERRORS_METRIC,
      DWOLLA_ERRORS_METRIC,
    ]);
  });

  it('counts no Dwolla error for a 4xx answer: that is the request, not Dwolla', async () => {
    // Prepare
    const { client, metrics } = await clientFor([
      { status: 404, body: { code: 'NotFound', message: 'The requested resource was not found.' } },
    ]);

    // Act
    const failure = await client.getTransfer(TOKEN, 'missing').catch((err: unknown) => err);

    // Assess
    expect(failure).toBeInstanceOf(DwollaApiError);
    expect(metrics.counted).toEqual([]);
  });

  it('counts every dropped attempt of a call that never got an answer', async () => {
    // Prepare
    const { client, metrics } = await clientFor([{ destroy: true }], { maxAttempts: 2 });

    // Act
    const failure = await client.getTransfer(TOKEN, 't-1').catch((err: unknown) => err);

    // Assess
    expect(failure).toBeInstanceOf(DwollaNetworkError);
    expect(metrics.counted).toEqual([DWOLLA_ERRORS_METRIC, DWOLLA_ERRORS_METRIC]);
  });

  it('counts the token endpoint throttling a grant too', async () => {
    // Prepare
    server = await startRecordingServer([
      { status: 429, headers: ['Retry-After', '0'] },
      { status: 200, body: { access_token: 'app-token', expires_in: 3600 } },
    ]);
    const metrics = recordingSink();
    const auth = createDwollaAuthClient({
      tokenUrl: `${server.url}/token`,
      clientId: 'client-id',
      clientSecret: 'client-secret',
      clientAuth: 'basic',
      retry: FAST,
      metrics,
    });

    // Act
    await auth.clientCredentials();

    // Assess
    expect(metrics.counted).toEqual([DWOLLA_THROTTLED_METRIC]);
  });
});
