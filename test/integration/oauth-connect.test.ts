import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { hashState } from '../../shared/accounts/oauth-connect.js';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import { documentedFetch } from './support/documented-answers.js';
import { apiFetch, localAwsClients, stackInfo } from './support/local-stack.js';
import {
  authorizeAtSimulator,
  connectAccount,
  returnToUrl,
  simulatorUrl,
  tokenCalls,
} from './support/oauth.js';

async function storedPair(accountId: string) {
  const { secretsManager } = localAwsClients();
  const { SecretString } = await secretsManager.send(
    new GetSecretValueCommand({ SecretId: `${stackInfo().accountSecretPrefix}/${accountId}` }),
  );
  return JSON.parse(SecretString!) as { accessToken: string; refreshToken: string };
}

describe('OAuth connect (POST /oauth/authorize → simulator → GET /oauth/callback)', () => {
  it('connects an account and sends the browser back to returnTo with accountId and status=connected', async () => {
    // Act
    const { accountId, location } = await connectAccount();

    // Assess
    expect(`${location.origin}${location.pathname}`).toBe(returnToUrl());
    expect(location.searchParams.get('status')).toBe('connected');
    const account = await apiFetch(`/accounts/${accountId}`);
    expect(account.status).toBe(200);
    const body = (await account.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      accountId,
      status: 'active',
      tenantId: 'default',
      reference: null,
      scopes: ['send', 'funding', 'transactions', 'accountinfofull'],
      lastRefreshedAt: null,
      disconnectedAt: null,
    });
    expect(Object.keys(body).sort()).toEqual(
      [
        'accessTokenExpiresAt',
        'accountId',
        'connectedAt',
        'disconnectedAt',
        'lastRefreshedAt',
        'reference',
        'refreshTokenExpiresAt',
        'scopes',
        'status',
        'tenantId',
      ].sort(),
    );
  });

  it('keeps the token pair in Secrets Manager, usable at Dwolla, and no token in the response or table', async () => {
    // Prepare
    const { accountId } = await connectAccount();

    // Act
    const pair = await storedPair(accountId);
    const atDwolla = await fetch(`${simulatorUrl()}/accounts/${accountId}`, {
      headers: {
        authorization: `Bearer ${pair.accessToken}`,
        accept: 'application/vnd.dwolla.v1.hal+json',
      },
    });
    const view = await (await apiFetch(`/accounts/${accountId}`)).text();
    const { Item } = await localAwsClients().ddb.send(
      new GetCommand({ TableName: stackInfo().tableName, Key: keys.account(accountId) }),
    );

    // Assess
    expect(atDwolla.status).toBe(200);
    for (const token of [pair.accessToken, pair.refreshToken]) {
      expect(view).not.toContain(token);
      expect(JSON.stringify(Item)).not.toContain(token);
    }
  });

  it('shows a "Connected" page when the app gave no returnTo', async () => {
    // Prepare
    const { callbackUrl } = await authorizeAtSimulator({ returnTo: null });

    // Act
    const response = await documentedFetch(callbackUrl, { redirect: 'manual' });

    // Assess
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<h1>Connected</h1>');
  });

  it('refuses a forged state with 400 and makes no call to the token endpoint', async () => {
    // Prepare
    const { callbackUrl } = await authorizeAtSimulator();
    callbackUrl.searchParams.set('state', 'forged-state-forged-state-forged-state-1234');
    const before = await tokenCalls();

    // Act
    const response = await documentedFetch(callbackUrl, { redirect: 'manual' });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'InvalidState',
      message: 'The state is unknown or was already used.',
    });
    expect(await tokenCalls()).toBe(before);
  });

  it('refuses a reused state with 400 and makes no second call to the token endpoint', async () => {
    // Prepare
    const { callbackUrl } = await connectAccount();
    const before = await tokenCalls();

    // Act
    const replay = await documentedFetch(callbackUrl, { redirect: 'manual' });

    // Assess
    expect(replay.status).toBe(400);
    expect(await tokenCalls()).toBe(before);
  });

  it('refuses a state past its 10 minutes (TTL deletion is lazy) with 400 and no token call', async () => {
    // Prepare: age the stored state as DynamoDB's TTL would not yet have removed it.
    const { callbackUrl, state } = await authorizeAtSimulator();
    await localAwsClients().ddb.send(
      new UpdateCommand({
        TableName: stackInfo().tableName,
        Key: keys.oauthState(hashState(state)),
        UpdateExpression: 'SET expiresAtEpoch = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    const before = await tokenCalls();

    // Act
    const response = await documentedFetch(callbackUrl, { redirect: 'manual' });

    // Assess
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe(
      'The state has expired; start the connection again.',
    );
    expect(await tokenCalls()).toBe(before);
  });

  it('refuses a callback without state with 400 and no token call', async () => {
    // Prepare
    const { callbackUrl } = await authorizeAtSimulator();
    callbackUrl.searchParams.delete('state');
    const before = await tokenCalls();

    // Act
    const response = await documentedFetch(callbackUrl, { redirect: 'manual' });

    // Assess
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe(
      'The state parameter is missing.',
    );
    expect(await tokenCalls()).toBe(before);
  });

  it('sends a denial back with status=denied and the error, without a token call', async () => {
    // Prepare
    const { callbackUrl } = await authorizeAtSimulator({ decision: 'deny' });
    const before = await tokenCalls();

    // Act
    const response = await documentedFetch(callbackUrl, { redirect: 'manual' });

    // Assess
    expect(response.status).toBe(302);
    const back = new URL(response.headers.get('location')!);
    expect(back.searchParams.get('status')).toBe('denied');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(await tokenCalls()).toBe(before);
  });

  it('sends a code Dwolla refuses (already used) back with status=error and a reason, the state consumed', async () => {
    // Prepare: a fresh state carrying a code that was already exchanged once.
    const { callbackUrl: used } = await connectAccount();
    const { callbackUrl } = await authorizeAtSimulator();
    callbackUrl.searchParams.set('code', used.searchParams.get('code')!);

    // Act
    const response = await documentedFetch(callbackUrl, { redirect: 'manual' });
    const replay = await documentedFetch(callbackUrl, { redirect: 'manual' });

    // Assess
    expect(response.status).toBe(302);
    const back = new URL(response.headers.get('location')!);
    expect(back.searchParams.get('status')).toBe('error');
    expect(back.searchParams.get('reason')).toBe('invalid_grant');
    expect(replay.status).toBe(400);
  });

  it('reconnecting a known account replaces its tokens and keeps it active', async () => {
    // Prepare
    const { accountId } = await connectAccount();
    const first = await storedPair(accountId);

    // Act
    const again = await connectAccount({ simAccountId: accountId });
    const second = await storedPair(accountId);

    // Assess
    expect(again.accountId).toBe(accountId);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const view = (await (await apiFetch(`/accounts/${accountId}`)).json()) as { status: string };
    expect(view.status).toBe('active');
  });
});

describe('POST /oauth/authorize', () => {
  it('answers the authorize URL with client_id, response_type, redirect_uri, scope and a state', async () => {
    // Act
    const response = await apiFetch('/oauth/authorize', { method: 'POST', body: '{}' });

    // Assess
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      authorizeUrl: string;
      state: string;
      expiresAt: string;
    };
    const url = new URL(body.authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(stackInfo().dwollaAuthorizeUrl);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('redirect_uri')).toBe(`${stackInfo().apiUrl}/oauth/callback`);
    expect(url.searchParams.get('scope')).toBe('Send|Funding|Transactions|AccountInfoFull');
    expect(url.searchParams.get('state')).toBe(body.state);
    expect(url.searchParams.get('client_id')).toBeTruthy();
    const lifetime = Date.parse(body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(9 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(10 * 60_000);
  });

  it('refuses a returnTo outside the allowlist with a 400 naming /returnTo (no open redirect)', async () => {
    // Prepare
    const host = new URL(stackInfo().apiUrl).host;

    // Act
    const response = await apiFetch('/oauth/authorize', {
      method: 'POST',
      body: JSON.stringify({ returnTo: `http://${host}.evil.example/` }),
    });

    // Assess
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      code: string;
      _embedded: { errors: { path: string }[] };
    };
    expect(body.code).toBe('ValidationError');
    expect(body._embedded.errors.map((e) => e.path)).toEqual(['/returnTo']);
  });

  it('refuses a malformed scope with a 400 naming /scope', async () => {
    // Act
    const response = await apiFetch('/oauth/authorize', {
      method: 'POST',
      body: JSON.stringify({ scope: 'Send Funding' }),
    });

    // Assess
    expect(response.status).toBe(400);
    const body = (await response.json()) as { _embedded: { errors: { path: string }[] } };
    expect(body._embedded.errors.map((e) => e.path)).toEqual(['/scope']);
  });

  it('requires the API key', async () => {
    // Act
    const response = await apiFetch('/oauth/authorize', {
      method: 'POST',
      body: '{}',
      headers: { 'x-api-key': 'wrong-key-wrong-key-wrong-key' },
    });

    // Assess
    expect(response.status).toBe(401);
  });
});

describe('GET /accounts/{accountId}', () => {
  it('answers 404 for an account never connected', async () => {
    // Act
    const response = await apiFetch('/accounts/00000000-0000-0000-0000-000000000000');

    // Assess
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ code: 'NotFound', message: 'Account not found.' });
  });
});
