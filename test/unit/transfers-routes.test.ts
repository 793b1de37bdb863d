import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  AccountNotFoundError,
  ReauthorizationRequiredError,
} from '../../shared/accounts/errors.js';
import { httpErrorHandler } from '../../shared/http/error-handler.js';
import {
  CancelRefusedError,
  type CreateTransferInput,
  cancelTransferRoute,
  createTransferRoute,
  DwollaUnavailableError,
  getTransferRoute,
  IdempotencyKeyExpiredError,
  IdempotencyKeyReusedError,
  RequestInProgressError,
  type Route,
  searchTransfersRoute,
  TransferNotFoundError,
  TransferRejectedError,
} from '../../shared/transfers/index.js';
import { INSUFFICIENT_FUNDS_REJECTION } from './support/dwolla-rejections.js';
import { authorizedContext, PRINCIPAL } from './transfers-fakes.js';

const API = 'https://api-sandbox.dwolla.com';
const ACCOUNT = 'ca32853c-48fa-40be-ae75-77b37504581b';
const body = {
  accountId: ACCOUNT,
  _links: {
    source: { href: `${API}/funding-sources/707177c3-bf15-4e7e-b37c-55c3898d9bf4` },
    destination: { href: 'mailto:payee@example.com' },
  },
  amount: { value: '5.00', currency: 'USD' },
};

function event(changes: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /transfers',
    rawPath: '/transfers',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    body: JSON.stringify(body),
    requestContext: authorizedContext() as unknown as APIGatewayProxyEventV2['requestContext'],
    ...changes,
  };
}

async function call(route: Route, e: APIGatewayProxyEventV2) {
  const handler = middy(route).use(httpErrorHandler());
  const result = (await handler(e, {} as Context)) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    body: JSON.parse(String(result.body)),
  };
}

function createRoute(outcome: (input: CreateTransferInput) => Promise<unknown>) {
  const inputs: CreateTransferInput[] = [];
  const route = createTransferRoute({
    dwollaApiUrl: API,
    newKey: () => 'generated-key',
    createTransfer: async (input) => {
      inputs.push(input);
      return (await outcome(input)) as never;
    },
  });
  return { route, inputs };
}

const created = async (input: CreateTransferInput) => ({
  id: 't-1',
  status: 'pending',
  location: `${API}/transfers/t-1`,
  idempotencyKey: input.idempotencyKey,
});

describe('Function: createTransferRoute', () => {
  it('answers 201 with the generated key when the caller sent none', async () => {
    // Prepare
    const { route, inputs } = createRoute(created);

    // Act
    const res = await call(route, event());

    // Assess
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: 't-1',
      status: 'pending',
      location: `${API}/transfers/t-1`,
      idempotencyKey: 'generated-key',
    });
    expect(res.headers['idempotency-key']).toBe('generated-key');
    expect(inputs[0]?.request.accountId).toBe(ACCOUNT);
  });

  it('uses the caller’s Idempotency-Key whatever its header case', async () => {
    // Prepare
    const { route } = createRoute(created);

    // Act
    const res = await call(route, event({ headers: { 'Idempotency-Key': 'mine-1' } }));

    // Assess
    expect(res.body.idempotencyKey).toBe('mine-1');
  });

  it('refuses an invalid body with Dwolla’s ValidationError shape and never runs the use case', async () => {
    // Prepare
    const { route, inputs } = createRoute(created);

    // Act
    const res = await call(
      route,
      event({ body: JSON.stringify({ ...body, amount: { value: '5.001', currency: 'USD' } }) }),
    );

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 'ValidationError',
      message: 'Validation error(s) present. See embedded errors list for more details.',
      _embedded: {
        errors: [{ code: 'Invalid', message: expect.any(String), path: '/amount/value' }],
      },
    });
    expect(inputs).toHaveLength(0);
  });

  it('refuses a body that is not JSON', async () => {
    // Prepare
    const { route, inputs } = createRoute(created);

    // Act
    const res = await call(route, event({ body: '{nope' }));

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('InvalidRequest');
    expect(inputs).toHaveLength(0);
  });

  it.each([
    ['an unknown account', new AccountNotFoundError(ACCOUNT), 404, 'NotFound', {}],
    [
      'an account to reauthorize',
      new ReauthorizationRequiredError(ACCOUNT),
      409,
      'ReauthorizationRequired',
      {},
    ],
    ['a reused key', new IdempotencyKeyReusedError('k'), 422, 'IdempotencyKeyReused', {}],
    [
      'a key past Dwolla’s window',
      new IdempotencyKeyExpiredError('k'),
      409,
      'IdempotencyKeyExpired',
      {},
    ],
    [
      'a request in progress',
      new RequestInProgressError(3),
      409,
      'RequestInProgress',
      { 'retry-after': '3' },
    ],
    [
      'Dwolla unavailable',
      new DwollaUnavailableError(5),
      503,
      'ServiceUnavailable',
      { 'retry-after': '5' },
    ],
  ])('maps %s to its status', async (_name, error, status, code, headers) => {
    // Prepare
    const { route } = createRoute(async () => {
      throw error;
    });

    // Act
    const res = await call(route, event());

    // Assess
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(res.headers).toMatchObject(headers);
  });

  it('passes a Dwolla rejection through with its status, code and paths', async () => {
    // Prepare
    const rejection = INSUFFICIENT_FUNDS_REJECTION;
    const { route } = createRoute(async () => {
      throw new TransferRejectedError(400, rejection);
    });

    // Act
    const res = await call(route, event());

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toEqual(rejection);
  });
});

describe('Function: getTransferRoute / searchTransfersRoute / cancelTransferRoute', () => {
  it('answers 404 for an unknown transfer', async () => {
    // Prepare
    const route = getTransferRoute({
      getTransfer: async (id) => {
        throw new TransferNotFoundError(id);
      },
    });

    // Act
    const res = await call(route, event({ pathParameters: { id: 'nope' } }));

    // Assess
    expect(res).toMatchObject({ status: 404, body: { code: 'NotFound' } });
  });

  it('refuses an invalid correlationId at /correlationId without searching', async () => {
    // Prepare
    const searched: string[] = [];
    const route = searchTransfersRoute({
      searchTransfers: async (correlationId) => {
        searched.push(correlationId);
        return { correlationId, total: 0, transfers: [] };
      },
    });

    // Act
    const res = await call(route, event({ queryStringParameters: { correlationId: 'has space' } }));

    // Assess
    expect(res.status).toBe(400);
    expect(res.body._embedded.errors).toEqual([
      expect.objectContaining({ path: '/correlationId' }),
    ]);
    expect(searched).toHaveLength(0);
  });

  it('answers the search result', async () => {
    // Prepare
    const route = searchTransfersRoute({
      searchTransfers: async (correlationId) => ({ correlationId, total: 0, transfers: [] }),
    });

    // Act
    const res = await call(route, event({ queryStringParameters: { correlationId: 'order-1' } }));

    // Assess
    expect(res).toEqual({
      status: 200,
      headers: expect.anything(),
      body: { correlationId: 'order-1', total: 0, transfers: [] },
    });
  });

  it('answers 409 with Dwolla’s code and reason when the cancellation is refused', async () => {
    // Prepare
    const route = cancelTransferRoute({
      cancelTransfer: async () => {
        throw new CancelRefusedError('InvalidResourceState', 'Resource cannot be modified.');
      },
    });

    // Act
    const res = await call(route, event({ pathParameters: { id: 't-1' } }));

    // Assess
    expect(res).toMatchObject({
      status: 409,
      body: { code: 'InvalidResourceState', message: 'Resource cannot be modified.' },
    });
  });
});

describe('Scopes on the transfer routes', () => {
  const noop = async () => {
    throw new Error('the use case must not run');
  };
  const readOnly = { ...PRINCIPAL, scopes: ['transfers:read' as const] };
  const writeOnly = { ...PRINCIPAL, scopes: ['transfers:write' as const] };

  it.each([
    [
      'POST /transfers',
      createTransferRoute({ dwollaApiUrl: API, createTransfer: noop }),
      readOnly,
      'transfers:write',
    ],
    [
      'POST /transfers/{id}/cancel',
      cancelTransferRoute({ cancelTransfer: noop }),
      readOnly,
      'transfers:write',
    ],
    ['GET /transfers/{id}', getTransferRoute({ getTransfer: noop }), writeOnly, 'transfers:read'],
    [
      'GET /transfers',
      searchTransfersRoute({ searchTransfers: noop }),
      writeOnly,
      'transfers:read',
    ],
  ])('%s answers 403 naming %s before anything runs', async (_route, route, principal, scope) => {
    // Act
    const answer = await call(
      route,
      event({
        pathParameters: { id: 't-1' },
        queryStringParameters: { correlationId: 'c-1' },
        requestContext: authorizedContext(
          principal,
        ) as unknown as APIGatewayProxyEventV2['requestContext'],
      }),
    );

    // Assess
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      code: 'Forbidden',
      message: `This API key needs scope ${scope}.`,
    });
  });

  it('answers 401 when no authorizer context reached the route', async () => {
    // Act
    const answer = await call(
      createTransferRoute({ dwollaApiUrl: API, createTransfer: noop }),
      event({ requestContext: {} as APIGatewayProxyEventV2['requestContext'] }),
    );

    // Assess
    expect(answer.status).toBe(401);
  });
});
