import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../shared/tenancy/principal.js';
import { apiFetch } from './support/local-stack.js';
import { returnToUrl } from './support/oauth.js';
import {
  expiredKey,
  keyWithout,
  newTenantId,
  observe,
  revokedKey,
  type TestKey,
  tenantKey,
} from './support/tenants.js';
import {
  type ApiJson,
  connectedSimAccount,
  postTransfer,
  type SimAccountInfo,
} from './support/transfers-sim.js';

/**
 * The isolation matrix: every app route × {the owner, another tenant, a key of the owner without
 * the route's scope, a revoked key, an expired key}. Every refusal is checked to have written
 * nothing to the table and sent nothing to Dwolla (the simulator's request log).
 */

type Caller = 'owner' | 'other' | 'noScope' | 'revoked' | 'expired';

interface RouteCase {
  readonly name: string;
  readonly scope: Scope;
  /** The request; `key` is the caller's x-api-key. */
  readonly send: (key: string) => Promise<Response>;
  /** What another tenant gets (404 for anything owned, 200 where nothing is owned yet). */
  readonly otherStatus: number;
}

let ownerTenant: string;
let otherTenant: string;
let owner: TestKey;
let other: TestKey;
let revoked: TestKey;
let expired: TestKey;
let account: SimAccountInfo;
let transferId: string;
let correlationId: string;

function transferBody(accountId: string, changes: Record<string, unknown> = {}) {
  return {
    accountId,
    _links: {
      source: { href: account.fundingSources.bank.url },
      destination: { href: account.customers.unverified.fundingSources.bank.url },
    },
    amount: { value: '3.00', currency: 'USD' },
    correlationId,
    ...changes,
  };
}

beforeAll(async () => {
  ownerTenant = newTenantId('iso-owner');
  otherTenant = newTenantId('iso-other');
  owner = await tenantKey(ownerTenant);
  other = await tenantKey(otherTenant);
  revoked = await revokedKey(ownerTenant);
  expired = await expiredKey(ownerTenant);
  account = await connectedSimAccount({ apiKey: owner.key });
  correlationId = `iso-${randomUUID()}`;
  const created = await postTransfer(transferBody(account.id), randomUUID(), owner.key);
  if (created.status !== 201) throw new Error(`setup transfer answered ${created.status}`);
  transferId = created.json.id;
}, 120_000);

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const withKey = (key: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), 'x-api-key': key },
});

const ROUTE_CASES: RouteCase[] = [
  {
    name: 'POST /oauth/authorize',
    scope: 'accounts:write',
    send: (key) => apiFetch('/oauth/authorize', withKey(key, json({ returnTo: returnToUrl() }))),
    // Starting a connect touches nothing anyone owns: any tenant may.
    otherStatus: 200,
  },
  {
    name: 'GET /accounts/{accountId}',
    scope: 'accounts:read',
    send: (key) => apiFetch(`/accounts/${account.id}`, withKey(key)),
    otherStatus: 404,
  },
  {
    name: 'DELETE /accounts/{accountId}',
    scope: 'accounts:write',
    send: (key) => apiFetch(`/accounts/${account.id}`, withKey(key, { method: 'DELETE' })),
    otherStatus: 404,
  },
  {
    name: 'POST /transfers',
    scope: 'transfers:write',
    send: (key) =>
      apiFetch(
        '/transfers',
        withKey(key, {
          ...json(transferBody(account.id)),
          headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        }),
      ),
    otherStatus: 404,
  },
  {
    name: 'GET /transfers/{id}',
    scope: 'transfers:read',
    send: (key) => apiFetch(`/transfers/${transferId}`, withKey(key)),
    otherStatus: 404,
  },
  {
    name: 'GET /transfers?correlationId=',
    scope: 'transfers:read',
    send: (key) => apiFetch(`/transfers?correlationId=${correlationId}`, withKey(key)),
    // A search never says another tenant's chain exists: it is empty.
    otherStatus: 200,
  },
  {
    name: 'POST /transfers/{id}/cancel',
    scope: 'transfers:write',
    send: (key) => apiFetch(`/transfers/${transferId}/cancel`, withKey(key, { method: 'POST' })),
    otherStatus: 404,
  },
];

describe('Tenant isolation matrix through the local gateway', () => {
  describe.each(ROUTE_CASES)('$name', (route) => {
    it.each<[Caller, number]>([
      ['other', route.otherStatus],
      ['noScope', 403],
      ['revoked', 401],
      ['expired', 401],
    ])(
      'a request by %s answers %i, writes nothing owned and calls no Dwolla',
      async (caller, status) => {
        // Prepare
        const key =
          caller === 'other'
            ? other.key
            : caller === 'noScope'
              ? (await keyWithout(ownerTenant, route.scope)).key
              : caller === 'revoked'
                ? revoked.key
                : expired.key;

        // Act
        const { result, tableChanged, dwollaCalls } = await observe(async () => {
          const response = await route.send(key);
          return { status: response.status, body: (await response.json()) as ApiJson };
        });

        // Assess
        expect(result.status).toBe(status);
        expect(dwollaCalls).toBe(0);
        if (caller === 'noScope') {
          expect(result.body).toEqual({
            code: 'Forbidden',
            message: `This API key needs scope ${route.scope}.`,
          });
        }
        if (status === 401) expect(result.body).toEqual({ message: 'Unauthorized' });
        if (caller === 'other' && route.name === 'POST /oauth/authorize') {
          // The other tenant's own pending connect is the one thing written.
          expect(tableChanged).toBe(true);
        } else {
          expect(tableChanged).toBe(false);
        }
        if (caller === 'other' && route.name === 'GET /transfers?correlationId=') {
          expect(result.body).toEqual({ correlationId, total: 0, transfers: [] });
        }
        if (caller === 'other' && route.name === 'POST /transfers') {
          expect(result.body._embedded.errors).toEqual([
            expect.objectContaining({ code: 'NotFound', path: '/accountId' }),
          ]);
        }
      },
    );
  });

  it('lets the owner use every route: read, search, create, cancel and disconnect', async () => {
    // Act
    const read = await ROUTE_CASES[1]!.send(owner.key);
    const leg = await ROUTE_CASES[4]!.send(owner.key);
    const search = await ROUTE_CASES[5]!.send(owner.key);
    const created = await ROUTE_CASES[3]!.send(owner.key);
    const createdId = ((await created.json()) as ApiJson).id as string;
    const cancel = await apiFetch(
      `/transfers/${createdId}/cancel`,
      withKey(owner.key, { method: 'POST' }),
    );
    const started = await ROUTE_CASES[0]!.send(owner.key);
    const disconnected = await ROUTE_CASES[2]!.send(owner.key);

    // Assess
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ accountId: account.id, tenantId: ownerTenant });
    expect(leg.status).toBe(200);
    expect(await leg.json()).toMatchObject({ id: transferId, tenantId: ownerTenant });
    expect(search.status).toBe(200);
    expect(((await search.json()) as ApiJson).transfers.map((t: ApiJson) => t.id)).toContain(
      transferId,
    );
    expect(created.status).toBe(201);
    expect(cancel.status).toBe(200);
    expect(started.status).toBe(200);
    expect(disconnected.status).toBe(200);
    expect(await disconnected.json()).toMatchObject({ status: 'disconnected' });
  });
});
