import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpErrorHandler } from '../../shared/http/error-handler.js';
import {
  createEndpointsApi,
  MAX_ENDPOINTS_PER_TENANT,
} from '../../shared/notifications/endpoints.js';
import { NOTIFICATION_TYPES } from '../../shared/notifications/notification.js';
import { webhookEndpointsRoute } from '../../shared/notifications/routes.js';
import {
  FakeDeliveryQueue,
  FakeEndpointStore,
  FakeNotificationStore,
  FakeSecretVault,
} from './support/notifications-fakes.js';

const NOW = new Date('2026-03-10T00:00:00.000Z');

function setUp() {
  const endpoints = new FakeEndpointStore();
  const vault = new FakeSecretVault();
  const notifications = new FakeNotificationStore();
  const deliveries = new FakeDeliveryQueue();
  let ids = 0;
  const api = createEndpointsApi({
    endpoints,
    vault,
    notifications,
    deliveries,
    urlPolicy: { allowLoopbackHttp: false, resolve: async () => ['93.184.216.34'] },
    clock: { now: () => NOW },
    newId: () => `id-${++ids}`,
  });
  const handler = middy(webhookEndpointsRoute({ api, now: () => NOW })).use(httpErrorHandler());
  const call = async (
    routeKey: string,
    options: { body?: unknown; id?: string; tenantId?: string; scopes?: string } = {},
  ) => {
    const event = {
      version: '2.0',
      routeKey,
      rawPath: '/webhook-endpoints',
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      ...(options.id ? { pathParameters: { id: options.id } } : {}),
      requestContext: {
        authorizer: {
          lambda: {
            tenantId: options.tenantId ?? 'acme',
            keyId: 'k1',
            keyName: 'test',
            scopes: options.scopes ?? 'webhooks:manage',
          },
        },
      },
    } as unknown as APIGatewayProxyEventV2;
    const result = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
    return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
  };
  return { call, endpoints, vault, notifications, deliveries };
}

const validation = (path: string) => ({
  code: 'ValidationError',
  _embedded: { errors: [expect.objectContaining({ path })] },
});

describe('Route: webhook endpoints', () => {
  it('creates an endpoint for every type by default and shows its secret only in the 201', async () => {
    // Prepare
    const { call, vault } = setUp();

    // Act
    const created = await call('POST /webhook-endpoints', {
      body: { url: 'https://acme.example/hooks', description: 'ledger' },
    });
    const listed = await call('GET /webhook-endpoints');

    // Assess
    expect(created).toEqual({
      status: 201,
      body: {
        id: 'id-1',
        url: 'https://acme.example/hooks',
        types: [...NOTIFICATION_TYPES],
        description: 'ledger',
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
        createdAt: NOW.toISOString(),
      },
    });
    expect(vault.secrets.get('acme/id-1')).toBe(created.body.secret);
    expect(listed).toEqual({
      status: 200,
      body: {
        endpoints: [
          {
            id: 'id-1',
            url: 'https://acme.example/hooks',
            types: [...NOTIFICATION_TYPES],
            description: 'ledger',
            createdAt: NOW.toISOString(),
          },
        ],
      },
    });
  });

  it.each([
    [{ url: 'http://acme.example/hooks' }, '/url'],
    [{ url: 'https://169.254.169.254/' }, '/url'],
    [{ url: 'https://acme.example/', types: ['transfer.created', 'transfer.lost'] }, '/types/1'],
    [{ url: 'https://acme.example/', types: [] }, '/types'],
    [{}, '/url'],
    [{ url: 'https://acme.example/', extra: true }, '/extra'],
  ])('refuses %j with a ValidationError at %s and stores nothing', async (body, path) => {
    // Prepare
    const { call, endpoints, vault } = setUp();

    // Act
    const answer = await call('POST /webhook-endpoints', { body });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject(validation(path));
    expect(endpoints.items.size).toBe(0);
    expect(vault.secrets.size).toBe(0);
  });

  it(`refuses endpoint ${MAX_ENDPOINTS_PER_TENANT + 1} of a tenant and keeps no secret for it`, async () => {
    // Prepare
    const { call, endpoints, vault } = setUp();
    for (let i = 0; i < MAX_ENDPOINTS_PER_TENANT; i += 1) {
      await call('POST /webhook-endpoints', { body: { url: `https://acme.example/${i}` } });
    }

    // Act
    const answer = await call('POST /webhook-endpoints', {
      body: { url: 'https://acme.example/x' },
    });
    const otherTenant = await call('POST /webhook-endpoints', {
      body: { url: 'https://other.example/x' },
      tenantId: 'other',
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      ...validation('/'),
      _embedded: { errors: [{ code: 'MaxNumberReached' }] },
    });
    expect(endpoints.items.size).toBe(MAX_ENDPOINTS_PER_TENANT + 1);
    expect(vault.secrets.size).toBe(MAX_ENDPOINTS_PER_TENANT + 1);
    expect(otherTenant.status).toBe(201);
  });

  it('answers 403 naming the scope to a key without webhooks:manage, and changes nothing', async () => {
    // Prepare
    const { call, endpoints } = setUp();

    // Act
    const answer = await call('POST /webhook-endpoints', {
      body: { url: 'https://acme.example/hooks' },
      scopes: 'transfers:read transfers:write',
    });

    // Assess
    expect(answer).toEqual({
      status: 403,
      body: { code: 'Forbidden', message: 'This API key needs scope webhooks:manage.' },
    });
    expect(endpoints.items.size).toBe(0);
  });

  it("lists only the caller's endpoints and answers 404 to another tenant's delete or replay", async () => {
    // Prepare
    const { call, endpoints, vault } = setUp();
    await call('POST /webhook-endpoints', { body: { url: 'https://acme.example/hooks' } });

    // Act
    const list = await call('GET /webhook-endpoints', { tenantId: 'other' });
    const deleted = await call('DELETE /webhook-endpoints/{id}', { id: 'id-1', tenantId: 'other' });
    const replayed = await call('POST /webhook-endpoints/{id}/replay', {
      id: 'id-1',
      tenantId: 'other',
      body: { since: '2026-03-01T00:00:00Z' },
    });

    // Assess
    expect(list.body).toEqual({ endpoints: [] });
    expect(deleted.status).toBe(404);
    expect(replayed.status).toBe(404);
    expect(endpoints.items.size).toBe(1);
    expect(vault.secrets.size).toBe(1);
  });

  it('deletes an endpoint and its secret: 204, then 404', async () => {
    // Prepare
    const { call, endpoints, vault } = setUp();
    await call('POST /webhook-endpoints', { body: { url: 'https://acme.example/hooks' } });

    // Act
    const first = await call('DELETE /webhook-endpoints/{id}', { id: 'id-1' });
    const second = await call('DELETE /webhook-endpoints/{id}', { id: 'id-1' });

    // Assess
    expect([first.status, second.status]).toEqual([204, 404]);
    expect(endpoints.items.size).toBe(0);
    expect(vault.secrets.size).toBe(0);
  });

  it("replays the endpoint's notifications since a time, with their original ids and bodies, types filtered", async () => {
    // Prepare
    const { call, notifications, deliveries } = setUp();
    await call('POST /webhook-endpoints', {
      body: { url: 'https://acme.example/hooks', types: ['transfer.failed'] },
    });
    const stored = (
      webhookId: string,
      type: 'transfer.failed' | 'transfer.created',
      at: string,
      tenantId = 'acme',
    ) =>
      notifications.record({
        webhookId,
        type,
        tenantId,
        transferId: 't1',
        occurredAt: at,
        body: `{"id":"${webhookId}"}`,
      });
    await stored('msg_old_failed', 'transfer.failed', '2026-03-01T00:00:00.000Z');
    await stored('msg_t1_created', 'transfer.created', '2026-03-10T00:00:00.000Z');
    await stored('msg_t1_failed', 'transfer.failed', '2026-03-10T00:00:00.000Z');
    await stored('msg_x_failed', 'transfer.failed', '2026-03-10T00:00:00.000Z', 'other');

    // Act
    const answer = await call('POST /webhook-endpoints/{id}/replay', {
      id: 'id-1',
      body: { since: '2026-03-05T00:00:00Z' },
    });

    // Assess
    expect(answer).toEqual({
      status: 202,
      body: { id: 'id-1', since: '2026-03-05T00:00:00.000Z', queued: 1 },
    });
    expect(deliveries.queued).toEqual([
      expect.objectContaining({
        endpointId: 'id-1',
        webhookId: 'msg_t1_failed',
        body: '{"id":"msg_t1_failed"}',
        replayId: expect.any(String),
      }),
    ]);
  });

  it('refuses a replay without an ISO-8601 since, or older than the retention', async () => {
    // Prepare
    const { call } = setUp();
    await call('POST /webhook-endpoints', { body: { url: 'https://acme.example/hooks' } });

    // Act
    const missing = await call('POST /webhook-endpoints/{id}/replay', { id: 'id-1', body: {} });
    const notADate = await call('POST /webhook-endpoints/{id}/replay', {
      id: 'id-1',
      body: { since: 'yesterday' },
    });
    const tooOld = await call('POST /webhook-endpoints/{id}/replay', {
      id: 'id-1',
      body: { since: '2025-01-01T00:00:00Z' },
    });

    // Assess
    for (const answer of [missing, notADate, tooOld]) {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject(validation('/since'));
    }
  });
});
