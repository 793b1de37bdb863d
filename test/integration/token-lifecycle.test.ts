import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createAccountTokens } from '../../shared/accounts/account-tokens.js';
import { ReauthorizationRequiredError } from '../../shared/accounts/errors.js';
import { createTokenRefresher } from '../../shared/accounts/token-refresher.js';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import { createDwollaClient } from '../../shared/dwolla/index.js';
import type { StoredTokenPair, TokenVault } from '../../shared/ports/tokens.js';
import { apiFetch, localAwsClients, runJob, stackInfo } from './support/local-stack.js';
import {
  connectAccount,
  expireSimulatorTokens,
  simulatorUrl,
  tokenCalls,
} from './support/oauth.js';
import { pretendRefreshExpiresIn, tokenLifecycle } from './support/token-lifecycle.js';

const DAY = 86_400_000;

const lifecycle = tokenLifecycle;

const dwolla = () => createDwollaClient({ apiUrl: simulatorUrl(), retry: { maxAttempts: 1 } });

/** A Dwolla call that needs the account's token. */
const listTransfers = (accountId: string) => (token: string) =>
  dwolla().searchTransfers(token, { owner: { accountId }, correlationId: 'none' });

async function accountAtDwolla(accessToken: string, accountId: string): Promise<number> {
  const response = await fetch(`${simulatorUrl()}/accounts/${accountId}`, {
    headers: {
      authorization: `Bearer ${accessToken}`,
      accept: 'application/vnd.dwolla.v1.hal+json',
    },
  });
  return response.status;
}

async function accountView(accountId: string) {
  return (await (await apiFetch(`/accounts/${accountId}`)).json()) as {
    status: string;
    lastRefreshedAt: string | null;
    refreshTokenExpiresAt: string;
  };
}

describe('On-demand refresh (AccountTokens)', () => {
  it('renews an access token Dwolla declared expired and the call succeeds', async () => {
    // Prepare
    const { accountId } = await connectAccount();
    await expireSimulatorTokens(accountId, 'access');
    const parts = lifecycle();
    const before = await parts.vault.get(accountId);
    const calls = await tokenCalls();

    // Act
    const transfers = await createAccountTokens(parts).withAccountToken(
      accountId,
      listTransfers(accountId),
    );

    // Assess
    expect(transfers).toEqual([]);
    expect(await tokenCalls()).toBe(calls + 1);
    const after = await parts.vault.get(accountId);
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect((await parts.vault.getPrevious(accountId))?.refreshToken).toBe(before?.refreshToken);
    expect((await accountView(accountId)).lastRefreshedAt).not.toBeNull();
  });

  it('20 concurrent forced refreshes of one account end with one valid stored pair', async () => {
    // Prepare: 20 containers, each with its own cache, all holding a token Dwolla now refuses.
    const { accountId } = await connectAccount();
    await expireSimulatorTokens(accountId, 'access');
    const parts = lifecycle();
    const containers = Array.from({ length: 20 }, () => createAccountTokens(lifecycle()));
    const calls = await tokenCalls();

    // Act
    const results = await Promise.allSettled(
      containers.map((tokens) => tokens.withAccountToken(accountId, listTransfers(accountId))),
    );

    // Assess
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await tokenCalls()).toBe(calls + 1);
    const stored = (await parts.vault.get(accountId))!;
    expect(await accountAtDwolla(stored.accessToken, accountId)).toBe(200);
    const renewed = await parts.auth.refresh(stored.refreshToken);
    expect(renewed.accessToken).toBeTruthy();
  });

  it('recovers from a crash between Dwolla’s answer and the vault write (same refresh token, grace window)', async () => {
    // Prepare: a vault whose first write is lost, as if the function died right after Dwolla answered.
    const { accountId } = await connectAccount();
    const parts = lifecycle();
    const original = (await parts.vault.get(accountId))!;
    let lost = false;
    const crashingVault: TokenVault = {
      get: (id) => parts.vault.get(id),
      getPrevious: (id) => parts.vault.getPrevious(id),
      put: async (id: string, pair: StoredTokenPair) => {
        if (!lost) {
          lost = true;
          throw new Error('container died before the vault write');
        }
        await parts.vault.put(id, pair);
      },
    };
    const crashing = createTokenRefresher({ ...parts, vault: crashingVault });

    // Act
    await expect(crashing.refresh(accountId, () => true)).rejects.toThrow('container died');
    const retried = await crashing.refresh(accountId, () => true);

    // Assess: the old refresh token was rotated away at Dwolla, yet the retry got the newest pair.
    expect(retried.refreshed).toBe(true);
    const stored = (await parts.vault.get(accountId))!;
    expect(stored.refreshToken).not.toBe(original.refreshToken);
    expect(await accountAtDwolla(stored.accessToken, accountId)).toBe(200);
    const next = await parts.auth.refresh(stored.refreshToken);
    expect(next.accessToken).toBeTruthy();
  });
});

describe('Scheduled refresh (npm run job -- token-refresh)', () => {
  it('refreshes an account whose refresh token expires in 5 days; a second run right after refreshes nothing', async () => {
    // Prepare
    const { accountId } = await connectAccount();
    await pretendRefreshExpiresIn(accountId, 5);
    const before = (await lifecycle().vault.get(accountId))!;
    const calls = await tokenCalls();

    // Act
    const first = await runJob('token-refresh');
    const afterFirst = await tokenCalls();
    const refreshed = await accountView(accountId);
    const second = await runJob('token-refresh');

    // Assess
    expect(first.drained).toBe(true);
    expect(afterFirst).toBe(calls + 1);
    expect(refreshed.status).toBe('active');
    expect(refreshed.lastRefreshedAt).not.toBeNull();
    expect(Date.parse(refreshed.refreshTokenExpiresAt) - Date.now()).toBeGreaterThan(59 * DAY);
    const stored = (await lifecycle().vault.get(accountId))!;
    expect(stored.refreshToken).not.toBe(before.refreshToken);
    expect(await accountAtDwolla(stored.accessToken, accountId)).toBe(200);
    expect(second.drained).toBe(true);
    expect(await tokenCalls()).toBe(afterFirst);
    expect((await accountView(accountId)).lastRefreshedAt).toBe(refreshed.lastRefreshedAt);
  });

  it('marks an account whose refresh token expired reauthorization_required, out of the due index', async () => {
    // Prepare
    const { accountId } = await connectAccount();
    await expireSimulatorTokens(accountId, 'both');
    await pretendRefreshExpiresIn(accountId, 3);

    // Act
    await runJob('token-refresh');
    const callsAfterFirst = await tokenCalls();
    await runJob('token-refresh');

    // Assess
    expect((await accountView(accountId)).status).toBe('reauthorization_required');
    const { Item } = await localAwsClients().ddb.send(
      new GetCommand({ TableName: stackInfo().tableName, Key: keys.account(accountId) }),
    );
    expect(Item?.gsi2pk).toBeUndefined();
    expect(await tokenCalls()).toBe(callsAfterFirst);
  });

  it('refuses Dwolla calls for a reauthorization_required account without a refresh storm', async () => {
    // Prepare
    const { accountId } = await connectAccount();
    await expireSimulatorTokens(accountId, 'both');
    const tokens = createAccountTokens(lifecycle());
    await expect(
      tokens.withAccountToken(accountId, listTransfers(accountId)),
    ).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    const calls = await tokenCalls();

    // Act
    const again = createAccountTokens(lifecycle()).withAccountToken(
      accountId,
      listTransfers(accountId),
    );

    // Assess
    await expect(again).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    expect(await tokenCalls()).toBe(calls);
    expect((await accountView(accountId)).status).toBe('reauthorization_required');
  });
});
