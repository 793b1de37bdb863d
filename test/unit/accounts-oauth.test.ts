import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { InvalidOAuthStateError, ReturnUrlNotAllowedError } from '../../shared/accounts/errors.js';
import {
  callbackResponse,
  isAccountId,
  parseAuthorizeRequest,
} from '../../shared/accounts/http-edge.js';
import { completeAuthorization } from '../../shared/accounts/oauth-callback.js';
import { hashState, startAuthorization } from '../../shared/accounts/oauth-connect.js';
import { isAllowedReturnUrl } from '../../shared/accounts/return-url.js';
import { ValidationHttpError } from '../../shared/http/errors.js';
import {
  FakeDwollaAuth,
  InMemoryAccountStore,
  InMemoryStateStore,
  InMemoryTokenVault,
  MovableClock,
} from './support/accounts-fakes.js';

const TENANT = 'acme';
const ALLOWLIST = ['https://app.example.com/', 'http://127.0.0.1:3000/connect'];
const REDIRECT = 'https://api.example.com/oauth/callback';

function setup() {
  const clock = new MovableClock();
  const states = new InMemoryStateStore();
  const auth = new FakeDwollaAuth();
  const vault = new InMemoryTokenVault();
  const accounts = new InMemoryAccountStore();
  const start = {
    states,
    clientId: async () => 'client-id+/=',
    authorizeUrl: 'https://accounts-sandbox.dwolla.com/auth',
    redirectUri: REDIRECT,
    returnUrlAllowlist: ALLOWLIST,
    clock,
  };
  const complete = {
    states,
    auth,
    vault,
    secrets: vault,
    accounts,
    redirectUri: REDIRECT,
    clock,
  };
  return { clock, states, auth, vault, accounts, start, complete };
}

describe('Function: isAllowedReturnUrl', () => {
  it.each([
    ['https://app.example.com/done?x=1', true],
    ['https://app.example.com/', true],
    ['http://127.0.0.1:3000/connect', true],
    ['http://127.0.0.1:3000/connect/ok', true],
    ['https://app.example.com.evil.com/', false],
    ['https://evil.com/https://app.example.com/', false],
    ['http://app.example.com/', false],
    ['https://app.example.com:8443/', false],
    ['http://127.0.0.1:3000/connected', false],
    ['http://127.0.0.1:3000/', false],
    ['https://user@app.example.com/', false],
    ['javascript:alert(1)', false],
  ])('%s → %s', (candidate, allowed) => {
    // Act
    const result = isAllowedReturnUrl(candidate, ALLOWLIST);

    // Assess
    expect(result).toBe(allowed);
  });
});

describe('Function: startAuthorization', () => {
  it('builds the authorize URL with client_id, response_type, redirect_uri, default scope and state', async () => {
    // Prepare
    const { start, clock } = setup();

    // Act
    const started = await startAuthorization(start, {
      returnTo: 'https://app.example.com/done',
      tenantId: TENANT,
    });

    // Assess
    const url = new URL(started.authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts-sandbox.dwolla.com/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-id+/=',
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'Send|Funding|Transactions|AccountInfoFull',
      state: started.state,
    });
    expect(started.expiresAt).toBe(new Date(clock.now().getTime() + 600_000).toISOString());
  });

  it('issues a 256-bit base64url state and stores only its hash, with returnTo and scope', async () => {
    // Prepare
    const { start, states } = setup();

    // Act
    const started = await startAuthorization(start, {
      returnTo: 'https://app.example.com/',
      scope: 'Send',
      reference: 'user-7',
      tenantId: TENANT,
    });

    // Assess
    expect(started.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect([...states.states.keys()]).toEqual([hashState(started.state)]);
    expect(states.states.get(hashState(started.state))?.authorization).toEqual({
      scope: 'Send',
      returnTo: 'https://app.example.com/',
      reference: 'user-7',
      tenantId: TENANT,
    });
  });

  it('issues a different state every time', async () => {
    // Prepare
    const { start } = setup();

    // Act
    const a = await startAuthorization(start, { tenantId: TENANT });
    const b = await startAuthorization(start, { tenantId: TENANT });

    // Assess
    expect(a.state).not.toBe(b.state);
  });

  it('refuses a returnTo outside the allowlist and stores nothing', async () => {
    // Prepare
    const { start, states } = setup();

    // Act
    const started = startAuthorization(start, {
      returnTo: 'https://app.example.com.evil.com/',
      tenantId: TENANT,
    });

    // Assess
    await expect(started).rejects.toBeInstanceOf(ReturnUrlNotAllowedError);
    expect(states.states.size).toBe(0);
  });
});

describe('Function: parseAuthorizeRequest', () => {
  it.each([
    [{ returnTo: 'not a url' }, '/returnTo'],
    [{ returnTo: 'ftp://app.example.com/' }, '/returnTo'],
    [{ scope: 'Send Funding' }, '/scope'],
    [{ scope: 42 }, '/scope'],
    [{ reference: '' }, '/reference'],
    [{ reference: 'x'.repeat(256) }, '/reference'],
    [{ reference: 'tab\tinside' }, '/reference'],
    [{ reference: 'zero\u200bwidth' }, '/reference'],
    [{ reference: 'é'.repeat(256) }, '/reference'],
  ])('answers a ValidationError naming the field for %j', (body, path) => {
    // Act
    const parse = () => parseAuthorizeRequest(body);

    // Assess
    expect(parse).toThrow(ValidationHttpError);
    try {
      parse();
    } catch (error) {
      expect((error as ValidationHttpError).body._embedded?.errors.map((e) => e.path)).toEqual([
        path,
      ]);
    }
  });

  it('accepts a reference of 255 printable characters, accents included', () => {
    // Act
    const parsed = parseAuthorizeRequest({ reference: `café ${'x'.repeat(250)}` });

    // Assess
    expect(parsed.reference).toHaveLength(255);
  });

  it('maps a not-allowed returnTo to a 400 naming /returnTo', () => {
    // Act
    const { statusCode, body } = new ReturnUrlNotAllowedError().httpAnswer;

    // Assess
    expect(statusCode).toBe(400);
    expect(body._embedded?.errors).toEqual([
      {
        code: 'NotAllowed',
        message: 'Must start with an entry of the return URL allowlist.',
        path: '/returnTo',
      },
    ]);
  });
});

describe('Function: completeAuthorization', () => {
  async function begin(
    ctx: ReturnType<typeof setup>,
    returnTo?: string,
    tenantId = TENANT,
    reference?: string,
  ) {
    const started = await startAuthorization(ctx.start, {
      tenantId,
      ...(returnTo ? { returnTo } : {}),
      ...(reference ? { reference } : {}),
    });
    ctx.auth.codes.set('code-1', 'acc-1');
    return started.state;
  }

  it('exchanges the code once, stores the pair in the vault and the metadata without tokens', async () => {
    // Prepare
    const ctx = setup();
    const state = await begin(ctx, 'https://app.example.com/done');

    // Act
    const outcome = await completeAuthorization(ctx.complete, { state, code: 'code-1' });

    // Assess
    expect(outcome).toEqual({
      kind: 'connected',
      accountId: 'acc-1',
      returnTo: 'https://app.example.com/done',
      state,
    });
    expect(ctx.auth.calls).toEqual([`exchange code-1 ${REDIRECT}`]);
    expect(ctx.vault.versions.get('acc-1')?.[0]?.refreshToken).toBe('refresh-1');
    const account = ctx.accounts.items.get('acc-1');
    expect(account).toMatchObject({
      status: 'active',
      tenantId: TENANT,
      scopes: ['send', 'funding', 'transactions', 'accountinfofull'],
      connectedAt: ctx.clock.now().toISOString(),
      refreshDueDate: '2026-04-15',
    });
    expect(JSON.stringify(account)).not.toMatch(/access-1|refresh-1/);
  });

  it('refuses a second use of the same state without calling the token endpoint', async () => {
    // Prepare
    const ctx = setup();
    const state = await begin(ctx);
    await completeAuthorization(ctx.complete, { state, code: 'code-1' });

    // Act
    const again = completeAuthorization(ctx.complete, { state, code: 'code-1' });

    // Assess
    await expect(again).rejects.toEqual(new InvalidOAuthStateError('unknown'));
    expect(ctx.auth.calls).toHaveLength(1);
  });

  it.each([
    ['a missing state', undefined, 'missing'],
    ['a forged state', 'forged-state-value', 'unknown'],
  ])('refuses %s without calling the token endpoint', async (_name, state, reason) => {
    // Prepare
    const ctx = setup();
    await begin(ctx);

    // Act
    const call = completeAuthorization(
      ctx.complete,
      state ? { state, code: 'code-1' } : { code: 'code-1' },
    );

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'InvalidOAuthStateError', reason });
    expect(ctx.auth.calls).toEqual([]);
  });

  it('refuses a state older than 10 minutes without calling the token endpoint', async () => {
    // Prepare
    const ctx = setup();
    const state = await begin(ctx);
    ctx.clock.advance(600_000);

    // Act
    const call = completeAuthorization(ctx.complete, { state, code: 'code-1' });

    // Assess
    await expect(call).rejects.toMatchObject({ reason: 'expired' });
    expect(ctx.auth.calls).toEqual([]);
  });

  it('reports a denial with Dwolla error, consuming the state', async () => {
    // Prepare
    const ctx = setup();
    const state = await begin(ctx, 'https://app.example.com/done');

    // Act
    const outcome = await completeAuthorization(ctx.complete, {
      state,
      error: 'access_denied',
      errorDescription: 'The user denied the request.',
    });

    // Assess
    expect(outcome).toEqual({
      kind: 'denied',
      error: 'access_denied',
      errorDescription: 'The user denied the request.',
      returnTo: 'https://app.example.com/done',
      state,
    });
    expect(ctx.auth.calls).toEqual([]);
    expect(ctx.states.states.size).toBe(0);
  });

  it('passes on only an OAuth-style error code from the query string', async () => {
    // Prepare
    const ctx = setup();
    const state = await begin(ctx, 'https://app.example.com/done');

    // Act
    const outcome = await completeAuthorization(ctx.complete, {
      state,
      error: '<script>alert(1)</script>',
    });

    // Assess
    expect(outcome).toMatchObject({ kind: 'denied', error: 'unknown_error' });
  });

  it('reports a failed exchange (e.g. an expired code) with its reason, the state consumed', async () => {
    // Prepare
    const ctx = setup();
    const state = await begin(ctx, 'https://app.example.com/done');

    // Act
    const outcome = await completeAuthorization(ctx.complete, { state, code: 'expired-code' });

    // Assess
    expect(outcome).toEqual({
      kind: 'failed',
      reason: 'invalid_grant',
      returnTo: 'https://app.example.com/done',
      state,
    });
    expect(ctx.states.states.size).toBe(0);
    expect(ctx.vault.versions.size).toBe(0);
  });

  it('replaces the tokens of a reconnected account and makes it active again', async () => {
    // Prepare
    const ctx = setup();
    await completeAuthorization(ctx.complete, { state: await begin(ctx), code: 'code-1' });
    await ctx.accounts.markReauthorizationRequired('acc-1');
    const state = await begin(ctx);

    // Act
    await completeAuthorization(ctx.complete, { state, code: 'code-1' });

    // Assess
    expect(ctx.accounts.items.get('acc-1')?.status).toBe('active');
    expect(ctx.vault.versions.get('acc-1')?.map((p) => p.refreshToken)).toEqual([
      'refresh-1',
      'refresh-2',
    ]);
  });

  it('records the connecting tenant as owner and the reference of the latest connect', async () => {
    // Prepare
    const ctx = setup();
    const state = await begin(ctx, 'https://app.example.com/done', TENANT, 'session-9');

    // Act
    const outcome = await completeAuthorization(ctx.complete, { state, code: 'code-1' });

    // Assess
    expect(outcome).toMatchObject({ kind: 'connected', reference: 'session-9', state });
    expect(ctx.accounts.items.get('acc-1')).toMatchObject({
      tenantId: TENANT,
      reference: 'session-9',
    });
  });

  it('refuses another tenant’s connect of an owned account, leaving tokens and metadata untouched', async () => {
    // Prepare
    const ctx = setup();
    await completeAuthorization(ctx.complete, { state: await begin(ctx), code: 'code-1' });
    const before = structuredClone(ctx.accounts.items.get('acc-1'));
    const state = await begin(ctx, 'https://app.example.com/done', 'other-app', 'theirs');

    // Act
    const outcome = await completeAuthorization(ctx.complete, { state, code: 'code-1' });

    // Assess
    expect(outcome).toEqual({
      kind: 'unavailable',
      returnTo: 'https://app.example.com/done',
      state,
      reference: 'theirs',
    });
    expect(ctx.accounts.items.get('acc-1')).toEqual(before);
    expect(ctx.vault.versions.get('acc-1')?.map((p) => p.refreshToken)).toEqual(['refresh-1']);
  });

  it('restores the token secret of a disconnected account before storing the new pair', async () => {
    // Prepare
    const ctx = setup();
    await completeAuthorization(ctx.complete, { state: await begin(ctx), code: 'code-1' });
    await ctx.accounts.markDisconnected('acc-1', ctx.clock.now().toISOString());
    await ctx.vault.scheduleDeletion('acc-1', 7);
    ctx.vault.log.length = 0;
    const state = await begin(ctx);

    // Act
    await completeAuthorization(ctx.complete, { state, code: 'code-1' });

    // Assess
    expect(ctx.vault.log).toEqual(['vault.restore acc-1', 'vault.put acc-1']);
    expect(ctx.vault.pendingDeletion.size).toBe(0);
    expect(ctx.accounts.items.get('acc-1')?.status).toBe('active');
  });
});

describe('Function: callbackResponse', () => {
  function location(response: APIGatewayProxyStructuredResultV2) {
    return new URL(String(response.headers?.location));
  }

  it('redirects to returnTo with accountId and status=connected appended', () => {
    // Act
    const response = callbackResponse({
      kind: 'connected',
      accountId: 'acc-1',
      returnTo: 'https://app.example.com/done?keep=1',
      state: 'st-1',
      reference: 'user 7&x=1',
    });

    // Assess
    expect(response.statusCode).toBe(302);
    expect(Object.fromEntries(location(response).searchParams)).toEqual({
      keep: '1',
      accountId: 'acc-1',
      status: 'connected',
      state: 'st-1',
      reference: 'user 7&x=1',
    });
  });

  it('redirects a denial with status=denied and the error', () => {
    // Act
    const response = callbackResponse({
      kind: 'denied',
      error: 'access_denied',
      returnTo: 'https://a.example/',
      state: 'st-1',
    });

    // Assess
    expect(Object.fromEntries(location(response).searchParams)).toEqual({
      status: 'denied',
      error: 'access_denied',
      state: 'st-1',
    });
  });

  it('redirects a failed exchange with status=error and a reason', () => {
    // Act
    const response = callbackResponse({
      kind: 'failed',
      reason: 'invalid_grant',
      returnTo: 'https://a.example/',
      state: 'st-1',
    });

    // Assess
    expect(Object.fromEntries(location(response).searchParams)).toEqual({
      status: 'error',
      reason: 'invalid_grant',
      state: 'st-1',
    });
  });

  it('redirects another tenant’s account with status=error and error=account_unavailable', () => {
    // Act
    const response = callbackResponse({
      kind: 'unavailable',
      returnTo: 'https://a.example/',
      state: 'st-1',
      reference: 'r-1',
    });

    // Assess
    expect(Object.fromEntries(location(response).searchParams)).toEqual({
      status: 'error',
      error: 'account_unavailable',
      state: 'st-1',
      reference: 'r-1',
    });
  });

  it('shows a small "Connected" page when there was no returnTo', () => {
    // Act
    const response = callbackResponse({ kind: 'connected', accountId: 'acc-<1>', state: 's' });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1>Connected</h1>');
    expect(response.body).toContain('acc-&lt;1&gt;');
  });

  it('maps an invalid state to a 400 that explains why', () => {
    // Act
    const { statusCode, body } = new InvalidOAuthStateError('expired').httpAnswer;

    // Assess
    expect(statusCode).toBe(400);
    expect(body).toEqual({
      code: 'InvalidState',
      message: 'The state has expired; start the connection again.',
    });
  });
});

describe('Function: isAccountId', () => {
  it.each([
    ['ca32853c-48fa-40be-ae75-77b37504581b', true],
    ['', false],
    ['a'.repeat(129), false],
    ['../ACCOUNT', false],
  ])('%s → %s', (value, expected) => {
    // Act
    const result = isAccountId(value);

    // Assess
    expect(result).toBe(expected);
  });
});
