import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpErrorHandler } from '../../shared/http/error-handler.js';
import { logger } from '../../shared/observability/logger.js';
import { createTransferRoute, createTransferUseCase } from '../../shared/transfers/index.js';
import {
  authorizedContext,
  FakeAccounts,
  FakeAccountTokens,
  FakeClock,
  FakeDwolla,
  InMemoryIdempotencyStore,
  InMemoryTransferRepository,
  TENANT,
} from './transfers-fakes.js';

/**
 * Fuzz of `POST /transfers` composed as `functions/transfer-create.ts` composes it (route, use
 * case, HTTP error handler) with typed fakes: a body is either accepted (201, one call to Dwolla)
 * or refused with a Dwolla-style `ValidationError` naming a JSON-pointer path, and a refused
 * request never reaches Dwolla (https://developers.dwolla.com/api-reference/transfers/initiate for
 * the rules).
 */

const API = 'https://api-sandbox.dwolla.com';
const TRANSFER_ID = '74c9129b-d14a-e511-80da-0aa34a9b2388';

function setup() {
  const clock = new FakeClock();
  const dwolla = new FakeDwolla();
  dwolla.createAnswers = [{ id: TRANSFER_ID, location: `${API}/transfers/${TRANSFER_ID}` }];
  const createTransfer = createTransferUseCase({
    accounts: new FakeAccounts(TENANT),
    idempotency: new InMemoryIdempotencyStore(),
    transfers: new InMemoryTransferRepository(),
    tokens: new FakeAccountTokens(),
    dwolla,
    clock,
    sleep: clock.sleep,
  });
  const handler = middy(createTransferRoute({ dwollaApiUrl: API, createTransfer })).use(
    httpErrorHandler(),
  );
  return { dwolla, handler };
}

function event(body: string, idempotencyKey: string | undefined): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /transfers',
    rawPath: '/transfers',
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
    },
    isBase64Encoded: false,
    body,
    requestContext: authorizedContext() as unknown as APIGatewayProxyEventV2['requestContext'],
  };
}

const link = (kind: string) => fc.uuid().map((id) => ({ href: `${API}/${kind}/${id}` }));
const amount = fc.record({
  value: fc.stringMatching(/^[1-9]\d{0,6}(\.\d{1,2})?$/),
  currency: fc.constant('USD'),
});

/** A request the documents accept: funding source → funding source, account or e-mail. */
const validRequest = fc.record(
  {
    accountId: fc.uuid(),
    _links: fc.record({
      source: link('funding-sources'),
      destination: fc.oneof(
        link('funding-sources'),
        link('accounts'),
        fc
          .tuple(fc.stringMatching(/^[a-z]{1,10}$/), fc.stringMatching(/^[a-z]{1,10}$/))
          .map(([user, domain]) => ({ href: `mailto:${user}@${domain}.com` })),
      ),
    }),
    amount,
    correlationId: fc.stringMatching(/^[A-Za-z0-9._-]{1,60}$/),
    metadata: fc.dictionary(fc.stringMatching(/^[a-z]{1,20}$/), fc.string({ maxLength: 50 }), {
      maxKeys: 10,
    }),
    fees: fc.array(fc.record({ _links: fc.record({ 'charge-to': link('accounts') }), amount }), {
      maxLength: 2,
    }),
  },
  { requiredKeys: ['accountId', '_links', 'amount'] },
);

/** One change that breaks a documented rule, whatever the rest of the request holds. */
const breakage = fc.constantFrom<(request: Record<string, unknown>) => void>(
  (r) => delete r.accountId,
  (r) => delete r.amount,
  (r) => delete r._links,
  (r) => {
    r.accountId = 'not-an-id';
  },
  (r) => {
    r.amount = { value: '10.001', currency: 'USD' };
  },
  (r) => {
    r.amount = { value: '-5.00', currency: 'USD' };
  },
  (r) => {
    r.amount = { value: '0.00', currency: 'USD' };
  },
  (r) => {
    r.amount = { value: 10, currency: 'USD' };
  },
  (r) => {
    r.amount = { value: '10.00', currency: 'EUR' };
  },
  (r) => {
    (r._links as Record<string, unknown>).source = { href: 'https://evil.example.com/x' };
  },
  (r) => {
    (r._links as Record<string, unknown>).destination = { href: 'mailto:nobody' };
  },
  (r) => {
    r.correlationId = 'has spaces';
  },
  (r) => {
    r.correlationId = 'x'.repeat(255);
  },
  (r) => {
    r.metadata = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
  },
  (r) => {
    r.metadata = { note: 42 };
  },
  (r) => {
    r.fees = [{ _links: { 'charge-to': { href: `${API}/funding-sources/x` } }, amount: {} }];
  },
  (r) => {
    r.unexpected = true;
  },
);

const validKey = fc.option(fc.stringMatching(/^[\x21-\x7E]{1,64}$/), { nil: undefined });
const invalidKey = fc.constantFrom('has space', '', 'é-key', 'x'.repeat(256));

async function post(body: string, key: string | undefined) {
  const { dwolla, handler } = setup();
  const result = (await handler(
    event(body, key),
    {} as Context,
  )) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    body: JSON.parse(String(result.body)) as {
      code?: string;
      _embedded?: { errors?: { code: string; path: string; message: string }[] };
    },
    dwollaCalls: dwolla.creates.length,
  };
}

/** The refusal contract: 400, Dwolla's `ValidationError` shape, every error naming a path. */
function expectValidationError(response: Awaited<ReturnType<typeof post>>) {
  expect(response.status).toBe(400);
  expect(response.body.code).toBe('ValidationError');
  const errors = response.body._embedded?.errors ?? [];
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(error.path).toMatch(/^\//);
    expect(error.message.length).toBeGreaterThan(0);
  }
  expect(response.dwollaCalls).toBe(0);
}

describe('Fuzz: POST /transfers request bodies', () => {
  beforeAll(() => {
    // Hundreds of accepted transfers: their info lines would bury the test output.
    logger.setLogLevel('SILENT');
  });

  it('accepts every documented request and sends it to Dwolla once', async () => {
    await fc.assert(
      fc.asyncProperty(validRequest, validKey, async (request, key) => {
        // Act
        const response = await post(JSON.stringify(request), key);

        // Assess
        expect(response.status).toBe(201);
        expect(response.dwollaCalls).toBe(1);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a request that breaks one rule with a ValidationError naming a path, without calling Dwolla', async () => {
    await fc.assert(
      fc.asyncProperty(validRequest, breakage, validKey, async (request, breakIt, key) => {
        // Prepare
        const broken = structuredClone(request) as Record<string, unknown>;
        breakIt(broken);

        // Act
        const response = await post(JSON.stringify(broken), key);

        // Assess
        expectValidationError(response);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a valid body under an invalid Idempotency-Key at /headers/idempotency-key', async () => {
    await fc.assert(
      fc.asyncProperty(validRequest, invalidKey, async (request, key) => {
        // Act
        const response = await post(JSON.stringify(request), key);

        // Assess
        expectValidationError(response);
        expect(response.body._embedded?.errors?.map((error) => error.path)).toContain(
          '/headers/idempotency-key',
        );
      }),
      { numRuns: 25 },
    );
  });

  it('answers any JSON value with either an accepted transfer or a ValidationError, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), validKey, async (value, key) => {
        // Act
        const response = await post(JSON.stringify(value), key);

        // Assess
        if (response.status === 201) expect(response.dwollaCalls).toBe(1);
        else expectValidationError(response);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a body that is not JSON with a 400 and never calls Dwolla', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 100 }).filter((text) => {
          if (text.trim() === '') return false;
          try {
            JSON.parse(text);
            return false;
          } catch {
            return true;
          }
        }),
        async (text) => {
          // Act
          const response = await post(text, undefined);

          // Assess
          expect(response.status).toBe(400);
          expect(response.dwollaCalls).toBe(0);
        },
      ),
      { numRuns: 50 },
    );
  });
});
