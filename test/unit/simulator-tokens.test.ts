import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DwollaSimulator } from '../../infra/local/dwolla-simulator/index.js';
import {
  accountTokens,
  authorize,
  CLIENT_ID,
  CLIENT_SECRET,
  call,
  manualClock,
  postToken,
  REDIRECT_URI,
  startTestSimulator,
} from './support/simulator-client.js';

let sim: DwollaSimulator;
let clock: ReturnType<typeof manualClock>;
let accountId: string;

beforeEach(async () => {
  clock = manualClock();
  sim = await startTestSimulator({
    refreshReuseWindowSeconds: 30,
    clock,
  });
  accountId = sim.createAccount().id;
});

afterEach(async () => {
  await sim.close();
});

const refresh = (token: string) =>
  postToken(sim, { grant_type: 'refresh_token', refresh_token: token });

describe('Dwolla simulator: authorize page', () => {
  it('shows Allow and Deny buttons for a valid request', async () => {
    // Prepare
    const url = new URL(sim.authorizeUrl);
    url.search = new URLSearchParams({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'Send|Transactions',
      state: 'abc',
    }).toString();

    // Act
    const response = await fetch(url);
    const html = await response.text();

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('>Allow</button>');
    expect(html).toContain('>Deny</button>');
    expect(html).toContain('name="state" value="abc"');
  });

  it('redirects with code and state on Allow', async () => {
    // Act
    const redirect = await authorize(sim, { accountId, state: 'xyz' });

    // Assess
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get('code')).toMatch(/.{20,}/);
    expect(redirect.searchParams.get('state')).toBe('xyz');
  });

  it('redirects with error, error_description and state on Deny', async () => {
    // Act
    const redirect = await authorize(sim, { accountId, decision: 'deny', state: 'xyz' });

    // Assess
    expect(redirect.searchParams.get('code')).toBeNull();
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('error_description')).toBeTruthy();
    expect(redirect.searchParams.get('state')).toBe('xyz');
  });
});

describe('Dwolla simulator: authorization codes', () => {
  it('exchanges a code once for a pair naming the account', async () => {
    // Prepare
    const code = (await authorize(sim, { accountId })).searchParams.get('code')!;
    const exchange = () =>
      postToken(sim, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });

    // Act
    const first = await exchange();
    const second = await exchange();

    // Assess
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      account_id: accountId,
      expires_in: 3600,
      refresh_expires_in: 5184000,
      token_type: 'bearer',
    });
    expect(second.status).toBe(400);
    expect(second.body.error).toBe('invalid_grant');
  });

  it('refuses a code after 60 seconds', async () => {
    // Prepare
    const code = (await authorize(sim, { accountId })).searchParams.get('code')!;
    clock.advance(60);

    // Act
    const result = await postToken(sim, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
    });

    // Assess
    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Expired authorization code.',
    });
  });

  it('accepts a code just before 60 seconds', async () => {
    // Prepare
    const code = (await authorize(sim, { accountId })).searchParams.get('code')!;
    clock.advance(59);

    // Act
    const result = await postToken(sim, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
    });

    // Assess
    expect(result.status).toBe(200);
  });

  it('refuses a code with another redirect_uri', async () => {
    // Prepare
    const code = (await authorize(sim, { accountId })).searchParams.get('code')!;

    // Act
    const result = await postToken(sim, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://127.0.0.1:9/elsewhere',
    });

    // Assess
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('invalid_grant');
  });

  it('accepts client credentials in the form body as well as HTTP Basic', async () => {
    // Act
    const response = await fetch(sim.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      }).toString(),
    });
    const wrong = await fetch(sim.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: CLIENT_ID,
        client_secret: 'not-the-secret',
      }).toString(),
    });

    // Assess
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(body.token_type).toBe('bearer');
    expect(body.expires_in).toBe(3600);
    expect(body.refresh_token).toBeUndefined();
    expect(wrong.status).toBe(401);
  });
});

describe('Dwolla simulator: refresh token rotation', () => {
  it('returns a new pair and kills the old refresh token after the grace window', async () => {
    // Prepare
    const first = await accountTokens(sim, accountId);

    // Act
    const second = await refresh(first.refresh_token);
    clock.advance(31);
    const reused = await refresh(first.refresh_token);

    // Assess
    expect(second.status).toBe(200);
    expect(second.body.access_token).not.toBe(first.access_token);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(reused.status).toBe(400);
    expect(reused.body).toEqual({
      error: 'access_denied',
      error_description: 'Invalid refresh token.',
    });
  });

  it('returns the newest pair again when the last refresh token is re-used within the window', async () => {
    // Prepare
    const first = await accountTokens(sim, accountId);
    const second = await refresh(first.refresh_token);
    clock.advance(10);

    // Act
    const again = await refresh(first.refresh_token);

    // Assess
    expect(again.status).toBe(200);
    expect(again.body.access_token).toBe(second.body.access_token);
    expect(again.body.refresh_token).toBe(second.body.refresh_token);
  });

  it('refuses an older refresh token once a newer pair was rotated again', async () => {
    // Prepare
    const first = await accountTokens(sim, accountId);
    const second = await refresh(first.refresh_token);
    await refresh(second.body.refresh_token as string);

    // Act
    const stale = await refresh(first.refresh_token);

    // Assess
    expect(stale.status).toBe(400);
    expect(stale.body.error_description).toBe('Invalid refresh token.');
  });

  it('stops accepting the previous access token after a refresh', async () => {
    // Prepare
    const first = await accountTokens(sim, accountId);
    const before = await call(`${sim.url}/accounts/${accountId}`, first.access_token);

    // Act
    const second = await refresh(first.refresh_token);
    const old = await call(`${sim.url}/accounts/${accountId}`, first.access_token);
    const fresh = await call(
      `${sim.url}/accounts/${accountId}`,
      second.body.access_token as string,
    );

    // Assess
    expect(before.status).toBe(200);
    expect(old.status).toBe(401);
    expect(old.json).toMatchObject({ code: 'InvalidAccessToken' });
    expect(fresh.status).toBe(200);
  });

  it('answers "Expired refresh token." after the refresh lifetime', async () => {
    // Prepare
    const first = await accountTokens(sim, accountId);
    clock.advance(5_184_000);

    // Act
    const result = await refresh(first.refresh_token);

    // Assess
    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      error: 'access_denied',
      error_description: 'Expired refresh token.',
    });
  });

  it('answers 401 ExpiredAccessToken after the access lifetime', async () => {
    // Prepare
    const first = await accountTokens(sim, accountId);
    clock.advance(3600);

    // Act
    const result = await call(`${sim.url}/accounts/${accountId}`, first.access_token);

    // Assess
    expect(result.status).toBe(401);
    expect(result.json).toMatchObject({ code: 'ExpiredAccessToken' });
  });

  it('expireTokens() makes the current pair expired on demand', async () => {
    // Prepare
    const first = await accountTokens(sim, accountId);

    // Act
    sim.expireTokens(accountId, 'both');
    const access = await call(`${sim.url}/accounts/${accountId}`, first.access_token);
    const refreshed = await refresh(first.refresh_token);

    // Assess
    expect(access.json).toMatchObject({ code: 'ExpiredAccessToken' });
    expect(refreshed.body.error_description).toBe('Expired refresh token.');
  });

  it('answers 401 InvalidAccessToken without a token and keeps tokens out of the request log', async () => {
    // Prepare
    const first = await accountTokens(sim, accountId);

    // Act
    const missing = await fetch(`${sim.url}/accounts/${accountId}`);

    // Assess
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: 'InvalidAccessToken' });
    const logged = JSON.stringify(sim.requestLog());
    expect(logged).toContain('/token');
    expect(logged).not.toContain(first.access_token);
    expect(logged).not.toContain(first.refresh_token);
  });
});

describe('Dwolla simulator: bulk grants and refresh counts (scale bench controls)', () => {
  const control = (path: string, body?: unknown) =>
    fetch(`${sim.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('issues refreshable pairs for new accounts and counts each refresh per account', async () => {
    // Prepare
    const granted = await control('/__sim/tokens/grants', { count: 3 });
    const { grants } = (await granted.json()) as {
      grants: { accountId: string; refreshToken: string }[];
    };

    // Act
    const first = await refresh(grants[0]!.refreshToken);
    const again = await refresh(grants[0]!.refreshToken);
    const other = await refresh(grants[1]!.refreshToken);
    const counts = (await (await control('/__sim/tokens/refreshes')).json()) as Record<
      string,
      { calls: number; rotations: number }
    >;

    // Assess
    expect(granted.status).toBe(201);
    expect(new Set(grants.map((grant) => grant.accountId)).size).toBe(3);
    expect([first.status, again.status, other.status]).toEqual([200, 200, 200]);
    // The re-use within the grace window is a second call that rotates nothing.
    expect(counts[grants[0]!.accountId]).toEqual({ calls: 2, rotations: 1 });
    expect(counts[grants[1]!.accountId]).toEqual({ calls: 1, rotations: 1 });
    expect(counts[grants[2]!.accountId]).toBeUndefined();
  });

  it('refuses a grant count outside 1..10000', async () => {
    // Act
    const response = await control('/__sim/tokens/grants', { count: 0 });

    // Assess
    expect(response.status).toBe(400);
  });
});
