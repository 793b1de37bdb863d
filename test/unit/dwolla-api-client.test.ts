import { describe, expect, it } from 'vitest';
import {
  createDwollaClient,
  DwollaApiError,
  DwollaNetworkError,
  type DwollaRequestInfo,
  DwollaResponseError,
  isAccessTokenError,
} from '../../shared/dwolla/index.js';
import {
  recordingServerPerTest,
  type ScriptedResponse,
} from './support/dwolla-recording-server.js';

const HAL = 'application/vnd.dwolla.v1.hal+json';
const TOKEN = 'acct-access-token-SECRET';
const FAST = { baseDelayMs: 1, maxDelayMs: 2 };

const startServer = recordingServerPerTest();

async function clientFor(script: readonly ScriptedResponse[], retry = {}) {
  const server = await startServer(script);
  const calls: DwollaRequestInfo[] = [];
  const client = createDwollaClient({
    apiUrl: `${server.url}/`,
    retry: { ...FAST, ...retry },
    onRequest: (info) => calls.push(info),
  });
  return { client, server, calls };
}

function transferJson(base: string, id: string, extraLinks: Record<string, string> = {}) {
  const links: Record<string, { href: string }> = {
    self: { href: `${base}/transfers/${id}` },
    source: { href: `${base}/accounts/acc-1` },
    destination: { href: `${base}/customers/cus-1` },
  };
  for (const [name, href] of Object.entries(extraLinks)) links[name] = { href };
  return {
    _links: links,
    id,
    status: 'pending',
    amount: { value: '225.00', currency: 'USD' },
    created: '2015-10-02T19:42:32.950Z',
    correlationId: 'corr-1',
    metadata: { foo: 'bar' },
    individualAchId: 'IQ2242EX',
  };
}

const TRANSFER_BODY =
  '{"_links":{"source":{"href":"https://x/funding-sources/a"}},"amount":{"currency":"USD","value":"10.00"}}';

describe('Function: createDwollaClient', () => {
  describe('createTransfer', () => {
    it('sends the exact body with the Idempotency-Key and HAL headers, and returns the id from Location', async () => {
      // Prepare
      const { client, server } = await clientFor([
        { status: 201, headers: ['Location', 'https://api.dwolla.com/transfers/74c9129b-d14a'] },
      ]);

      // Act
      const created = await client.createTransfer(TOKEN, {
        body: TRANSFER_BODY,
        idempotencyKey: 'key-1',
      });

      // Assess
      expect(created).toEqual({
        id: '74c9129b-d14a',
        location: 'https://api.dwolla.com/transfers/74c9129b-d14a',
      });
      expect(server.requests).toHaveLength(1);
      const [request] = server.requests;
      expect(request?.method).toBe('POST');
      expect(request?.url).toBe('/transfers');
      expect(request?.headers.accept).toBe(HAL);
      expect(request?.headers['content-type']).toBe(HAL);
      expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request?.headers['idempotency-key']).toBe('key-1');
      expect(request?.rawBody.toString('utf8')).toBe(TRANSFER_BODY);
    });

    it.each([['location'], ['LOCATION'], ['LoCaTiOn']])(
      'reads the Location header whatever its case (%s)',
      async (headerName) => {
        // Prepare
        const { client } = await clientFor([
          { status: 201, headers: [headerName, 'https://api.dwolla.com/transfers/abc-123/'] },
        ]);

        // Act
        const created = await client.createTransfer(TOKEN, { body: '{}', idempotencyKey: 'k' });

        // Assess
        expect(created.id).toBe('abc-123');
      },
    );

    it('re-sends the byte-identical body with the same key after a 503 and a dropped connection', async () => {
      // Prepare
      const body = '{"amount":{"value":"1.00","currency":"USD"},"note":"café ✓"}';
      const { client, server } = await clientFor([
        { status: 503, body: { code: 'ServerError', message: 'down' } },
        { destroy: true },
        { status: 201, headers: ['location', 'https://api.dwolla.com/transfers/t-9'] },
      ]);

      // Act
      const created = await client.createTransfer(TOKEN, { body, idempotencyKey: 'same-key' });

      // Assess
      expect(created.id).toBe('t-9');
      expect(server.requests).toHaveLength(3);
      for (const request of server.requests) {
        expect(request.rawBody.equals(Buffer.from(body, 'utf8'))).toBe(true);
        expect(request.headers['idempotency-key']).toBe('same-key');
      }
    });

    it('retries a 409 "still processing" answer to a keyed POST', async () => {
      // Prepare
      const { client, server } = await clientFor([
        { status: 409, body: { code: 'Conflict', message: 'still processing' } },
        { status: 201, headers: ['Location', 'https://api.dwolla.com/transfers/t-1'] },
      ]);

      // Act
      const created = await client.createTransfer(TOKEN, { body: '{}', idempotencyKey: 'k' });

      // Assess
      expect(created.id).toBe('t-1');
      expect(server.requests).toHaveLength(2);
    });

    it('gives up after maxAttempts against a server that always answers 503', async () => {
      // Prepare
      const { client, server, calls } = await clientFor(
        [
          {
            status: 503,
            headers: ['X-Request-ID', 'req-503'],
            body: { code: 'ServerError', message: 'Unavailable' },
          },
        ],
        { maxAttempts: 4 },
      );

      // Act
      const failure = await client
        .createTransfer(TOKEN, { body: '{}', idempotencyKey: 'k' })
        .catch((err: unknown) => err);

      // Assess
      expect(server.requests).toHaveLength(4);
      expect(failure).toBeInstanceOf(DwollaApiError);
      expect(failure).toMatchObject({
        status: 503,
        code: 'ServerError',
        retryable: true,
        attempts: 4,
        requestId: 'req-503',
      });
      expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
    });

    it('stops retrying when the total time budget is spent, before maxAttempts', async () => {
      // Prepare: every wait is at least 10 ms, so a 60 ms budget allows at most 7 attempts.
      const { client, server } = await clientFor([{ status: 503 }], {
        maxAttempts: 1_000,
        baseDelayMs: 20,
        maxDelayMs: 20,
        totalBudgetMs: 60,
      });

      // Act
      const failure = await client
        .createTransfer(TOKEN, { body: '{}', idempotencyKey: 'k' })
        .catch((err: unknown) => err);

      // Assess
      expect(failure).toMatchObject({ status: 503, retryable: true });
      expect(server.requests.length).toBeGreaterThanOrEqual(1);
      expect(server.requests.length).toBeLessThanOrEqual(7);
    });

    it('stops retrying when Retry-After would exceed the total budget, and reports it', async () => {
      // Prepare
      const { client, server } = await clientFor(
        [
          {
            status: 429,
            headers: ['Retry-After', '300'],
            body: { code: 'TooManyRequests', message: 'slow down' },
          },
        ],
        { totalBudgetMs: 2_000 },
      );

      // Act
      const failure = await client
        .createTransfer(TOKEN, { body: '{}', idempotencyKey: 'k' })
        .catch((err: unknown) => err);

      // Assess
      expect(server.requests).toHaveLength(1);
      expect(failure).toMatchObject({
        status: 429,
        code: 'TooManyRequests',
        retryAfterSeconds: 300,
      });
    });

    it('honours a short Retry-After and then succeeds', async () => {
      // Prepare
      const { client, server } = await clientFor([
        {
          status: 429,
          headers: ['Retry-After', '0'],
          body: { code: 'TooManyRequests', message: 'x' },
        },
        { status: 201, headers: ['Location', 'https://api.dwolla.com/transfers/t-2'] },
      ]);

      // Act
      const created = await client.createTransfer(TOKEN, { body: '{}', idempotencyKey: 'k' });

      // Assess
      expect(created.id).toBe('t-2');
      expect(server.requests).toHaveLength(2);
    });

    it('maps a 400 ValidationError with its field paths and X-Request-ID, without retrying', async () => {
      // Prepare
      const { client, server } = await clientFor([
        {
          status: 400,
          headers: ['x-request-id', 'b3f1c0de'],
          body: {
            code: 'ValidationError',
            message: 'Validation error(s) present. See embedded errors list for more details.',
            _embedded: {
              errors: [
                {
                  code: 'InsufficientFunds',
                  message: 'Insufficient funds.',
                  path: '/_links/source/href',
                },
                { code: 'Invalid', message: 'Invalid amount.', path: '/amount/value' },
              ],
            },
          },
        },
      ]);

      // Act
      const failure = await client
        .createTransfer(TOKEN, { body: '{}', idempotencyKey: 'k' })
        .catch((err: unknown) => err);

      // Assess
      expect(server.requests).toHaveLength(1);
      expect(failure).toBeInstanceOf(DwollaApiError);
      const error = failure as DwollaApiError;
      expect(error.status).toBe(400);
      expect(error.code).toBe('ValidationError');
      expect(error.requestId).toBe('b3f1c0de');
      expect(error.retryable).toBe(false);
      expect(error.errors.map((e) => e.path)).toEqual(['/_links/source/href', '/amount/value']);
      expect(error.errors[0]?.code).toBe('InsufficientFunds');
      expect(isAccessTokenError(error)).toBe(false);
    });

    it('fails with a typed error when the 201 carries no Location', async () => {
      // Prepare
      const { client } = await clientFor([{ status: 201 }]);

      // Act
      const failure = await client
        .createTransfer(TOKEN, { body: '{}', idempotencyKey: 'k' })
        .catch((err: unknown) => err);

      // Assess
      expect(failure).toBeInstanceOf(DwollaResponseError);
    });
  });

  describe('getTransfer', () => {
    it('sends a GET with Accept and Bearer only, and keeps every HAL link the chain needs as a URL', async () => {
      // Prepare
      const base = 'https://api.dwolla.com';
      const { client, server } = await clientFor([
        {
          status: 200,
          body: transferJson(base, 't-2', {
            'funding-transfer': `${base}/transfers/t-1`,
            'funded-transfer': `${base}/transfers/t-3`,
            failure: `${base}/transfers/t-2/failure`,
            cancel: `${base}/transfers/t-2`,
            'bill-payment': `${base}/bill-payments/bp-1`,
          }),
        },
      ]);

      // Act
      const transfer = await client.getTransfer(TOKEN, 't-2');

      // Assess
      const [request] = server.requests;
      expect(request?.method).toBe('GET');
      expect(request?.url).toBe('/transfers/t-2');
      expect(request?.headers.accept).toBe(HAL);
      expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request?.headers['content-type']).toBeUndefined();
      expect(request?.headers['idempotency-key']).toBeUndefined();
      expect(transfer).toEqual({
        id: 't-2',
        status: 'pending',
        amount: { value: '225.00', currency: 'USD' },
        created: '2015-10-02T19:42:32.950Z',
        correlationId: 'corr-1',
        metadata: { foo: 'bar' },
        links: {
          self: `${base}/transfers/t-2`,
          source: `${base}/accounts/acc-1`,
          destination: `${base}/customers/cus-1`,
          fundingTransfer: `${base}/transfers/t-1`,
          fundedTransfer: `${base}/transfers/t-3`,
          failure: `${base}/transfers/t-2/failure`,
          cancel: `${base}/transfers/t-2`,
          billPayment: `${base}/bill-payments/bp-1`,
        },
      });
    });

    it('encodes the id into the path', async () => {
      // Prepare
      const { client, server } = await clientFor([
        { status: 200, body: transferJson('https://api.dwolla.com', 'x') },
      ]);

      // Act
      await client.getTransfer(TOKEN, '../accounts/evil?x=1');

      // Assess
      expect(server.requests[0]?.url).toBe('/transfers/..%2Faccounts%2Fevil%3Fx%3D1');
    });

    it('retries a GET on 502 and returns the transfer', async () => {
      // Prepare
      const { client, server } = await clientFor([
        { status: 502 },
        { status: 200, body: transferJson('https://api.dwolla.com', 't-5') },
      ]);

      // Act
      const transfer = await client.getTransfer(TOKEN, 't-5');

      // Assess
      expect(transfer.id).toBe('t-5');
      expect(server.requests).toHaveLength(2);
    });

    it.each([
      [
        {
          code: 'ExpiredAccessToken',
          message: 'Generate a new access token using a valid refresh token.',
        },
      ],
      [{ code: 'InvalidAccessToken', message: 'Invalid access token.' }],
      [undefined],
    ])('treats a 401 (%o) as an access-token error, without retrying', async (body) => {
      // Prepare
      const { client, server } = await clientFor([{ status: 401, body }]);

      // Act
      const failure = await client.getTransfer(TOKEN, 't').catch((err: unknown) => err);

      // Assess
      expect(server.requests).toHaveLength(1);
      expect(isAccessTokenError(failure)).toBe(true);
      expect((failure as DwollaApiError).code).toBe(body?.code ?? 'Http401');
      expect(String((failure as Error).message)).not.toContain(TOKEN);
    });

    it('maps a 404 to a DwollaApiError that is neither retryable nor an access-token error', async () => {
      // Prepare
      const { client, server } = await clientFor([
        { status: 404, body: { code: 'NotFound', message: 'Transfer not found.' } },
      ]);

      // Act
      const failure = await client.getTransfer(TOKEN, 'nope').catch((err: unknown) => err);

      // Assess
      expect(server.requests).toHaveLength(1);
      expect(failure).toMatchObject({ status: 404, code: 'NotFound', retryable: false });
      expect(isAccessTokenError(failure)).toBe(false);
    });

    it('rejects a body that is not a transfer with a DwollaResponseError naming the field', async () => {
      // Prepare
      const json = { ...transferJson('https://api.dwolla.com', 't'), status: 'teleported' };
      const { client } = await clientFor([{ status: 200, body: json }]);

      // Act
      const failure = await client.getTransfer(TOKEN, 't').catch((err: unknown) => err);

      // Assess
      expect(failure).toBeInstanceOf(DwollaResponseError);
      expect((failure as DwollaResponseError).problems.join()).toContain('/status');
    });

    it('fails with DwollaNetworkError after maxAttempts dropped connections', async () => {
      // Prepare
      const { client, server, calls } = await clientFor([{ destroy: true }], { maxAttempts: 3 });

      // Act
      const failure = await client.getTransfer(TOKEN, 't').catch((err: unknown) => err);

      // Assess
      expect(failure).toBeInstanceOf(DwollaNetworkError);
      expect(failure).toMatchObject({ attempts: 3, retryable: true });
      expect(server.requests).toHaveLength(3);
      expect(calls.map((c) => c.status)).toEqual([0, 0, 0]);
    });

    it('abandons an attempt Dwolla does not answer within attemptTimeoutMs, and tries again', async () => {
      // Prepare
      const { client, server, calls } = await clientFor(
        [{ hang: true }, { status: 200, body: transferJson('https://api.dwolla.com', 't-7') }],
        { attemptTimeoutMs: 50 },
      );

      // Act
      const transfer = await client.getTransfer(TOKEN, 't-7');

      // Assess
      expect(transfer.id).toBe('t-7');
      expect(server.requests).toHaveLength(2);
      expect(calls.map((c) => c.status)).toEqual([0, 200]);
    });

    it('reports each attempt to onRequest without the token', async () => {
      // Prepare
      const { client, calls } = await clientFor([
        { status: 500 },
        { status: 200, body: transferJson('https://api.dwolla.com', 't') },
      ]);

      // Act
      await client.getTransfer(TOKEN, 't');

      // Assess
      expect(calls).toEqual([
        { method: 'GET', path: '/transfers/t', status: 500, attempt: 1 },
        { method: 'GET', path: '/transfers/t', status: 200, attempt: 2 },
      ]);
      expect(JSON.stringify(calls)).not.toContain(TOKEN);
    });
  });

  describe('getTransferFailure', () => {
    it('returns the ACH return code and description', async () => {
      // Prepare
      const { client, server } = await clientFor([
        {
          status: 200,
          body: {
            _links: { self: { href: 'https://api.dwolla.com/transfers/t/failure' } },
            code: 'R01',
            description: 'Insufficient Funds',
            explanation: 'Available balance is not sufficient.',
          },
        },
      ]);

      // Act
      const failure = await client.getTransferFailure(TOKEN, 't');

      // Assess
      expect(server.requests[0]?.url).toBe('/transfers/t/failure');
      expect(failure).toEqual({
        code: 'R01',
        description: 'Insufficient Funds',
        explanation: 'Available balance is not sufficient.',
      });
    });
  });

  describe('cancelTransfer', () => {
    it('posts {"status":"cancelled"} and returns the cancelled transfer', async () => {
      // Prepare
      const json = { ...transferJson('https://api.dwolla.com', 't-c'), status: 'cancelled' };
      const { client, server } = await clientFor([{ status: 200, body: json }]);

      // Act
      const transfer = await client.cancelTransfer(TOKEN, 't-c');

      // Assess
      const [request] = server.requests;
      expect(request?.method).toBe('POST');
      expect(request?.url).toBe('/transfers/t-c');
      expect(request?.headers['content-type']).toBe(HAL);
      expect(request?.rawBody.toString()).toBe('{"status":"cancelled"}');
      expect(transfer.status).toBe('cancelled');
    });

    it('does not repeat a POST that carries no Idempotency-Key', async () => {
      // Prepare
      const { client, server } = await clientFor([{ status: 503 }]);

      // Act
      const failure = await client.cancelTransfer(TOKEN, 't').catch((err: unknown) => err);

      // Assess
      expect(server.requests).toHaveLength(1);
      expect(failure).toMatchObject({ status: 503, retryable: true, attempts: 1 });
    });
  });

  describe('listEvents', () => {
    it('asks for one page and keeps each event exactly as Dwolla sent it', async () => {
      // Prepare
      const event = {
        _links: {
          self: { href: 'https://api.dwolla.com/events/e-1' },
          resource: { href: 'https://api.dwolla.com/transfers/t-1' },
          account: { href: 'https://api.dwolla.com/accounts/a-1' },
          customer: { href: 'https://api.dwolla.com/customers/c-1' },
        },
        id: 'e-1',
        created: '2015-10-16T15:58:15.000Z',
        topic: 'customer_transfer_created',
        resourceId: 't-1',
        timestamp: '2015-10-16T15:58:15.000Z',
        correlationId: 'corr-9',
      };
      const { client, server } = await clientFor([
        { status: 200, body: { _links: {}, _embedded: { events: [event] }, total: 151 } },
      ]);

      // Act
      const page = await client.listEvents(TOKEN, { limit: 25, offset: 50 });

      // Assess
      expect(server.requests[0]?.url).toBe('/events?limit=25&offset=50');
      expect(page.total).toBe(151);
      expect(page.events).toEqual([
        {
          id: 'e-1',
          topic: 'customer_transfer_created',
          resourceId: 't-1',
          created: '2015-10-16T15:58:15.000Z',
          correlationId: 'corr-9',
          links: {
            self: 'https://api.dwolla.com/events/e-1',
            resource: 'https://api.dwolla.com/transfers/t-1',
            account: 'https://api.dwolla.com/accounts/a-1',
            customer: 'https://api.dwolla.com/customers/c-1',
          },
          raw: event,
        },
      ]);
    });

    it('answers an empty page when Dwolla has no more events', async () => {
      // Prepare
      const { client } = await clientFor([{ status: 200, body: { _links: {}, total: 0 } }]);

      // Act
      const page = await client.listEvents(TOKEN, { limit: 25, offset: 0 });

      // Assess
      expect(page).toEqual({ events: [], total: 0 });
    });
  });

  describe('searchTransfers', () => {
    it.each([
      [{ customerId: 'cus-1' }, '/customers/cus-1/transfers'],
      [{ accountId: 'acc-1' }, '/accounts/acc-1/transfers'],
    ])('searches %o by correlationId', async (owner, path) => {
      // Prepare
      const base = 'https://api.dwolla.com';
      const { client, server } = await clientFor([
        {
          status: 200,
          body: {
            _embedded: { transfers: [transferJson(base, 't-1'), transferJson(base, 't-2')] },
            total: 2,
          },
        },
      ]);

      // Act
      const transfers = await client.searchTransfers(TOKEN, { owner, correlationId: 'DB-ID 1&2' });

      // Assess
      expect(server.requests.map((r) => r.url)).toEqual([
        `${path}?correlationId=DB-ID+1%262&limit=200&offset=0`,
      ]);
      expect(transfers.map((t) => t.id)).toEqual(['t-1', 't-2']);
    });

    it('follows pages until it holds the total', async () => {
      // Prepare
      const base = 'https://api.dwolla.com';
      const firstPage = Array.from({ length: 200 }, (_, i) => transferJson(base, `t-${i}`));
      const { client, server } = await clientFor([
        { status: 200, body: { _embedded: { transfers: firstPage }, total: 201 } },
        {
          status: 200,
          body: { _embedded: { transfers: [transferJson(base, 't-200')] }, total: 201 },
        },
      ]);

      // Act
      const transfers = await client.searchTransfers(TOKEN, {
        owner: { customerId: 'c' },
        correlationId: 'x',
      });

      // Assess
      expect(transfers).toHaveLength(201);
      expect(server.requests.map((r) => r.url)).toEqual([
        '/customers/c/transfers?correlationId=x&limit=200&offset=0',
        '/customers/c/transfers?correlationId=x&limit=200&offset=200',
      ]);
    });
  });

  describe('getBillPayment', () => {
    it('returns the bill payment with its links and the raw object', async () => {
      // Prepare
      const json = {
        _links: {
          self: {
            href: 'https://api.dwolla.com/bill-payments/bp-1',
            'resource-type': 'bill-payment',
          },
          transfers: { href: 'https://api.dwolla.com/transfers/t-1', 'resource-type': 'transfer' },
        },
        id: 'bp-1',
        billedFor: 'Biller Name',
        created: '2018-03-29T17:43:35.692Z',
        status: 'pending',
      };
      const { client, server } = await clientFor([{ status: 200, body: json }]);

      // Act
      const billPayment = await client.getBillPayment(TOKEN, 'bp-1');

      // Assess
      expect(server.requests[0]?.url).toBe('/bill-payments/bp-1');
      expect(billPayment).toEqual({
        id: 'bp-1',
        status: 'pending',
        links: {
          self: 'https://api.dwolla.com/bill-payments/bp-1',
          transfers: 'https://api.dwolla.com/transfers/t-1',
        },
        raw: json,
      });
    });
  });

  describe('webhook subscriptions', () => {
    it('lists subscriptions, reading an absent paused flag as not paused', async () => {
      // Prepare
      const { client, server } = await clientFor([
        {
          status: 200,
          body: {
            _embedded: {
              'webhook-subscriptions': [
                { id: 'ws-1', url: 'https://a/webhooks', created: '2015-08-19T21:43:49.000Z' },
                {
                  id: 'ws-2',
                  url: 'https://b/webhooks',
                  paused: true,
                  created: '2016-01-01T00:00:00.000Z',
                },
              ],
            },
            total: 2,
          },
        },
      ]);

      // Act
      const subscriptions = await client.listWebhookSubscriptions('app-token');

      // Assess
      expect(server.requests[0]?.url).toBe('/webhook-subscriptions');
      expect(server.requests[0]?.headers.authorization).toBe('Bearer app-token');
      expect(subscriptions).toEqual([
        {
          id: 'ws-1',
          url: 'https://a/webhooks',
          paused: false,
          created: '2015-08-19T21:43:49.000Z',
        },
        {
          id: 'ws-2',
          url: 'https://b/webhooks',
          paused: true,
          created: '2016-01-01T00:00:00.000Z',
        },
      ]);
    });

    it('creates a subscription and returns the id from Location', async () => {
      // Prepare
      const { client, server } = await clientFor([
        { status: 201, headers: ['Location', 'https://api.dwolla.com/webhook-subscriptions/ws-9'] },
      ]);

      // Act
      const created = await client.createWebhookSubscription('app-token', {
        url: 'https://me/webhooks',
        secret: 'shh',
      });

      // Assess
      expect(created).toEqual({ id: 'ws-9' });
      expect(server.requests[0]?.method).toBe('POST');
      expect(server.requests[0]?.url).toBe('/webhook-subscriptions');
      expect(server.requests[0]?.rawBody.toString()).toBe(
        '{"url":"https://me/webhooks","secret":"shh"}',
      );
    });

    it('keeps the webhook secret out of the error when Dwolla refuses the subscription', async () => {
      // Prepare
      const { client } = await clientFor([
        { status: 400, body: { code: 'ValidationError', message: 'Invalid url.' } },
      ]);

      // Act
      const failure = await client
        .createWebhookSubscription('app-token', { url: 'https://me', secret: 'super-secret-value' })
        .catch((err: unknown) => err);

      // Assess
      expect(failure).toBeInstanceOf(DwollaApiError);
      expect(
        JSON.stringify({ ...(failure as object), message: (failure as Error).message }),
      ).not.toMatch(/super-secret-value|app-token/);
    });

    it.each([[true], [false]])('posts {"paused":%s} to pause or unpause', async (paused) => {
      // Prepare
      const { client, server } = await clientFor([{ status: 200, body: { id: 'ws-1', paused } }]);

      // Act
      await client.updateWebhookSubscription('app-token', 'ws-1', { paused });

      // Assess
      expect(server.requests[0]?.method).toBe('POST');
      expect(server.requests[0]?.url).toBe('/webhook-subscriptions/ws-1');
      expect(server.requests[0]?.rawBody.toString()).toBe(`{"paused":${paused}}`);
    });
  });
});
