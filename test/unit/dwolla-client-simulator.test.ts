import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DwollaSimulator,
  startDwollaSimulator,
} from '../../infra/local/dwolla-simulator/index.js';
import {
  createDwollaAuthClient,
  createDwollaClient,
  DwollaApiError,
  InvalidGrantError,
  InvalidRefreshTokenError,
  isAccessTokenError,
} from '../../shared/dwolla/index.js';
import type { DwollaAuthApi } from '../../shared/ports/dwolla-api.js';

/**
 * The client against the project's Dwolla simulator: the two must agree on the wire, since the
 * local stack and the integration tests run one against the other.
 */

// No `+`: the simulator form-decodes Basic credentials (RFC 6749 2.3.1) while the client sends
// them raw like Dwolla's own SDK; a `+` would read as a space there.
const CLIENT_ID = 'sim/client=id';
const CLIENT_SECRET = 'sim-client-secret';
const REDIRECT_URI = 'http://127.0.0.1/oauth/callback';

let sim: DwollaSimulator;

beforeAll(async () => {
  sim = await startDwollaSimulator({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    refreshReuseWindowSeconds: 0,
  });
});

afterAll(async () => {
  await sim.close();
});

/** Walks the simulator's authorize form the way a browser would and returns the code. */
async function authorize(accountId: string): Promise<string> {
  const form = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'Send|Transactions|Funding',
    state: 'st',
    account_id: accountId,
    decision: 'allow',
  });
  const res = await fetch(sim.authorizeUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  const code = new URL(res.headers.get('location') ?? '').searchParams.get('code');
  if (code === null) throw new Error(`authorize answered ${res.status} without a code`);
  return code;
}

function authClient(clientAuth: 'basic' | 'body'): DwollaAuthApi {
  return createDwollaAuthClient({
    tokenUrl: sim.tokenUrl,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    clientAuth,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
}

describe('Function: createDwollaClient against the Dwolla simulator', () => {
  it.each([['basic' as const], ['body' as const]])(
    'exchanges an authorization code with %s client auth, and a code works only once',
    async (clientAuth) => {
      // Prepare
      const account = sim.createAccount();
      const auth = authClient(clientAuth);
      const code = await authorize(account.id);

      // Act
      const tokens = await auth.exchangeAuthorizationCode({ code, redirectUri: REDIRECT_URI });
      const reuse = await auth
        .exchangeAuthorizationCode({ code, redirectUri: REDIRECT_URI })
        .catch((err: unknown) => err);

      // Assess
      expect(tokens.accountId).toBe(account.id);
      expect(tokens.refreshToken).toEqual(expect.any(String));
      expect(tokens.expiresIn).toBeGreaterThan(0);
      expect(reuse).toBeInstanceOf(InvalidGrantError);
    },
  );

  it('rotates refresh tokens: the old one becomes an InvalidRefreshTokenError', async () => {
    // Prepare
    const account = sim.createAccount();
    const auth = authClient('basic');
    const first = await auth.exchangeAuthorizationCode({
      code: await authorize(account.id),
      redirectUri: REDIRECT_URI,
    });

    // Act
    const second = await auth.refresh(first.refreshToken ?? '');
    const stale = await auth.refresh(first.refreshToken ?? '').catch((err: unknown) => err);

    // Assess
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(stale).toBeInstanceOf(InvalidRefreshTokenError);
  });

  it('creates a transfer once per idempotency key, reads it back and finds it by correlationId', async () => {
    // Prepare
    const account = sim.createAccount();
    const tokens = await authClient('basic').exchangeAuthorizationCode({
      code: await authorize(account.id),
      redirectUri: REDIRECT_URI,
    });
    const calls: string[] = [];
    const dwolla = createDwollaClient({
      apiUrl: sim.url,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
      onRequest: (info) => calls.push(`${info.method} ${info.path} ${info.status}`),
    });
    const correlationId = `corr-${randomUUID()}`;
    const body = JSON.stringify({
      _links: {
        source: { href: account.fundingSources.balance.url },
        destination: { href: account.customers.verified.fundingSources.balance?.url ?? '' },
      },
      amount: { currency: 'USD', value: '12.34' },
      correlationId,
    });
    const key = randomUUID();

    // Act
    const created = await dwolla.createTransfer(tokens.accessToken, { body, idempotencyKey: key });
    const repeated = await dwolla.createTransfer(tokens.accessToken, { body, idempotencyKey: key });
    const transfer = await dwolla.getTransfer(tokens.accessToken, created.id);
    const found = await dwolla.searchTransfers(tokens.accessToken, {
      owner: { accountId: account.id },
      correlationId,
    });

    // Assess
    expect(repeated.id).toBe(created.id);
    expect(transfer).toMatchObject({
      id: created.id,
      amount: { value: '12.34', currency: 'USD' },
      correlationId,
    });
    expect(transfer.links.self).toBe(created.location);
    expect(found.map((t) => t.id)).toContain(created.id);
    expect(calls[0]).toBe('POST /transfers 201');
  });

  it('answers a transfer the simulator refuses with a ValidationError carrying paths', async () => {
    // Prepare
    const account = sim.createAccount();
    const tokens = await authClient('body').exchangeAuthorizationCode({
      code: await authorize(account.id),
      redirectUri: REDIRECT_URI,
    });
    const dwolla = createDwollaClient({ apiUrl: sim.url });

    // Act
    const failure = await dwolla
      .createTransfer(tokens.accessToken, {
        body: JSON.stringify({ _links: {}, amount: { currency: 'EUR', value: 'x' } }),
        idempotencyKey: randomUUID(),
      })
      .catch((err: unknown) => err);

    // Assess
    expect(failure).toBeInstanceOf(DwollaApiError);
    expect(failure).toMatchObject({ status: 400, code: 'ValidationError' });
    expect((failure as DwollaApiError).errors.length).toBeGreaterThan(0);
    expect((failure as DwollaApiError).errors.every((e) => e.path.startsWith('/'))).toBe(true);
  });

  it('reports an expired access token as an access-token error', async () => {
    // Prepare
    const account = sim.createAccount();
    const tokens = await authClient('basic').exchangeAuthorizationCode({
      code: await authorize(account.id),
      redirectUri: REDIRECT_URI,
    });
    sim.expireTokens(account.id, 'access');
    const dwolla = createDwollaClient({ apiUrl: sim.url });

    // Act
    const failure = await dwolla
      .searchTransfers(tokens.accessToken, { owner: { accountId: account.id }, correlationId: 'x' })
      .catch((err: unknown) => err);

    // Assess
    expect(isAccessTokenError(failure)).toBe(true);
  });

  it('uses an application token for events and webhook subscriptions', async () => {
    // Prepare
    const app = await authClient('basic').clientCredentials();
    const dwolla = createDwollaClient({ apiUrl: sim.url });
    const account = sim.createAccount();
    await sim.runScenario('client-to-unverified-success', { accountId: account.id });

    // Act
    const subscription = await dwolla.createWebhookSubscription(app.accessToken, {
      url: 'http://127.0.0.1:9/webhooks',
      secret: 'whsec-test',
    });
    await dwolla.updateWebhookSubscription(app.accessToken, subscription.id, { paused: true });
    const subscriptions = await dwolla.listWebhookSubscriptions(app.accessToken);
    const page = await dwolla.listEvents(app.accessToken, { limit: 5, offset: 0 });

    // Assess
    expect(app.refreshToken).toBeUndefined();
    expect(subscriptions).toContainEqual(
      expect.objectContaining({
        id: subscription.id,
        url: 'http://127.0.0.1:9/webhooks',
        paused: true,
      }),
    );
    expect(page.total).toBeGreaterThan(0);
    expect(page.events.length).toBeGreaterThan(0);
    expect(page.events.length).toBeLessThanOrEqual(5);
    for (const event of page.events) expect(event.raw.id).toBe(event.id);
  });
});
