import { describe, expect, it } from 'vitest';
import { createAccountTokens } from '../../shared/accounts/account-tokens.js';
import {
  AccountDisconnectedError,
  AccountNotFoundError,
  ReauthorizationRequiredError,
  RefreshLeaseBusyError,
} from '../../shared/accounts/errors.js';
import { toStoredPair } from '../../shared/accounts/refresh-schedule.js';
import { createTokenRefresher } from '../../shared/accounts/token-refresher.js';
import { DwollaApiError } from '../../shared/dwolla/errors.js';
import {
  FakeDwollaAuth,
  InMemoryAccountStore,
  InMemoryLease,
  InMemoryTokenVault,
  MovableClock,
  RecordingMetrics,
  seedConnectedAccount,
} from './support/accounts-fakes.js';

const ACCOUNT = 'acc-1';

function expiredAccessToken() {
  return new DwollaApiError(
    401,
    'ExpiredAccessToken',
    'Expired access token.',
    [],
    'req-1',
    'GET',
    '/transfers/t',
    {
      retryable: false,
    },
  );
}

function setup() {
  const log: string[] = [];
  const clock = new MovableClock();
  const vault = new InMemoryTokenVault(log);
  const accounts = new InMemoryAccountStore(log);
  const auth = new FakeDwollaAuth();
  const lease = new InMemoryLease();
  const metrics = new RecordingMetrics();
  const pair = toStoredPair(auth.issue(ACCOUNT), clock.now());
  seedConnectedAccount({ vault, accounts }, ACCOUNT, pair, {
    connectedAt: clock.now().toISOString(),
    refreshDueDate: '2026-04-15',
  });
  const deps = {
    vault,
    accounts,
    auth,
    lease,
    clock,
    metrics,
    sleep: async () => {},
    peerWait: { attempts: 3, delayMs: 0 },
  };
  return {
    log,
    clock,
    vault,
    accounts,
    auth,
    lease,
    metrics,
    deps,
    tokens: createAccountTokens(deps),
  };
}

describe('Function: createAccountTokens', () => {
  it('reads the vault once per token lifetime and serves later calls from the container cache', async () => {
    // Prepare
    const { vault, tokens } = setup();

    // Act
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push(await tokens.withAccountToken(ACCOUNT, async (t) => t));

    // Assess
    expect(seen).toEqual(Array(5).fill('access-1'));
    expect(vault.reads).toBe(1);
  });

  it('refreshes before use when the cached token is within 60 s of expiry', async () => {
    // Prepare
    const { clock, auth, tokens } = setup();
    await tokens.withAccountToken(ACCOUNT, async (t) => t);
    clock.advance(3600_000 - 59_000);

    // Act
    const used = await tokens.withAccountToken(ACCOUNT, async (t) => t);

    // Assess
    expect(auth.calls).toEqual(['refresh refresh-1']);
    expect(used).toBe('access-2');
  });

  it('still uses a token 61 s from expiry without refreshing', async () => {
    // Prepare
    const { clock, auth, tokens } = setup();
    clock.advance(3600_000 - 61_000);

    // Act
    const used = await tokens.withAccountToken(ACCOUNT, async (t) => t);

    // Assess
    expect(used).toBe('access-1');
    expect(auth.calls).toEqual([]);
  });

  it('on a 401 ExpiredAccessToken refreshes and retries the call once with the new token', async () => {
    // Prepare
    const { auth, tokens } = setup();
    const attempts: string[] = [];

    // Act
    const result = await tokens.withAccountToken(ACCOUNT, async (token) => {
      attempts.push(token);
      if (token === 'access-1') throw expiredAccessToken();
      return 'done';
    });

    // Assess
    expect(result).toBe('done');
    expect(attempts).toEqual(['access-1', 'access-2']);
    expect(auth.calls).toEqual(['refresh refresh-1']);
  });

  it('does not retry a second time when the renewed token is refused too', async () => {
    // Prepare
    const { tokens } = setup();
    let attempts = 0;

    // Act
    const call = tokens.withAccountToken(ACCOUNT, async () => {
      attempts++;
      throw expiredAccessToken();
    });

    // Assess
    await expect(call).rejects.toBeInstanceOf(DwollaApiError);
    expect(attempts).toBe(2);
  });

  it('writes the new pair to the vault before it updates the metadata', async () => {
    // Prepare
    const { log, vault, accounts, clock, tokens } = setup();
    clock.advance(3600_000);

    // Act
    await tokens.withAccountToken(ACCOUNT, async (t) => t);

    // Assess
    expect(log).toEqual([`vault.put ${ACCOUNT}`, `accounts.recordRefresh ${ACCOUNT}`]);
    expect(vault.versions.get(ACCOUNT)?.at(-1)?.refreshToken).toBe('refresh-2');
    expect(accounts.items.get(ACCOUNT)?.lastRefreshedAt).toBe(clock.now().toISOString());
    expect(accounts.items.get(ACCOUNT)?.refreshDueDate).toBe('2026-04-15');
  });

  it('makes concurrent callers of one container share a single refresh', async () => {
    // Prepare
    const { auth, tokens } = setup();

    // Act
    const used = await Promise.all(
      Array.from({ length: 10 }, () =>
        tokens.withAccountToken(ACCOUNT, async (token) => {
          if (token === 'access-1') throw expiredAccessToken();
          return token;
        }),
      ),
    );

    // Assess
    expect(new Set(used)).toEqual(new Set(['access-2']));
    expect(auth.calls).toEqual(['refresh refresh-1']);
  });

  it('across containers, one refreshes and the others pick the new pair from the vault', async () => {
    // Prepare: the refresh at Dwolla is held until a second container found the lease taken.
    const { deps, auth, vault } = setup();
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    auth.gate = () => held;
    const waiting = {
      ...deps,
      peerWait: { attempts: 1000, delayMs: 0 },
      sleep: () => {
        release();
        return new Promise<void>((resolve) => setImmediate(resolve));
      },
    };
    const containers = Array.from({ length: 20 }, () => createAccountTokens(waiting));

    // Act
    const used = await Promise.all(
      containers.map((tokens) =>
        tokens.withAccountToken(ACCOUNT, async (token) => {
          if (token === 'access-1') throw expiredAccessToken();
          return token;
        }),
      ),
    );

    // Assess
    expect(auth.calls).toEqual(['refresh refresh-1']);
    expect(new Set(used)).toEqual(new Set(['access-2']));
    expect(vault.versions.get(ACCOUNT)).toHaveLength(2);
    expect(auth.validRefreshTokens).toEqual(new Set(['refresh-2']));
  });

  it('gives up with RefreshLeaseBusyError when a peer holds the lease and no new pair appears', async () => {
    // Prepare
    const { lease, clock, tokens, auth } = setup();
    clock.advance(3600_000);
    await lease.acquire(
      ACCOUNT,
      'someone-else',
      new Date(clock.now().getTime() + 30_000),
      clock.now(),
    );

    // Act
    const call = tokens.withAccountToken(ACCOUNT, async (t) => t);

    // Assess
    await expect(call).rejects.toBeInstanceOf(RefreshLeaseBusyError);
    expect(auth.calls).toEqual([]);
  });

  it('takes over a lease whose holder crashed once it has expired', async () => {
    // Prepare
    const { lease, clock, tokens, auth } = setup();
    await lease.acquire(ACCOUNT, 'crashed', new Date(clock.now().getTime() + 30_000), clock.now());
    clock.advance(3600_000);

    // Act
    const used = await tokens.withAccountToken(ACCOUNT, async (t) => t);

    // Assess
    expect(used).toBe('access-2');
    expect(auth.calls).toEqual(['refresh refresh-1']);
    expect(lease.leases.has(ACCOUNT)).toBe(false);
  });

  it('marks the account reauthorization_required, counts it, and throws when Dwolla refuses the refresh token', async () => {
    // Prepare
    const { auth, accounts, metrics, clock, tokens } = setup();
    auth.validRefreshTokens.clear();
    clock.advance(3600_000);

    // Act
    const call = tokens.withAccountToken(ACCOUNT, async (t) => t);

    // Assess
    await expect(call).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    expect(accounts.items.get(ACCOUNT)?.status).toBe('reauthorization_required');
    expect(accounts.items.get(ACCOUNT)?.refreshDueDate).toBeUndefined();
    expect(metrics.names).toEqual(['RefreshTokenRejected']);
  });

  it('does not call Dwolla again for an account already marked reauthorization_required', async () => {
    // Prepare
    const { auth, accounts, clock, tokens } = setup();
    await accounts.markReauthorizationRequired(ACCOUNT);
    clock.advance(3600_000);

    // Act
    const call = tokens.withAccountToken(ACCOUNT, async (t) => t);

    // Assess
    await expect(call).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    expect(auth.calls).toEqual([]);
  });

  it('recovers with the previous (AWSPREVIOUS) refresh token when the current one is refused', async () => {
    // Prepare
    const { auth, vault, clock, tokens } = setup();
    const bad = {
      ...vault.versions.get(ACCOUNT)![0]!,
      accessToken: 'broken',
      refreshToken: 'never-issued',
    };
    vault.versions.set(ACCOUNT, [...vault.versions.get(ACCOUNT)!, bad]);
    clock.advance(3600_000);

    // Act
    const used = await tokens.withAccountToken(ACCOUNT, async (t) => t);

    // Assess
    expect(auth.calls).toEqual(['refresh never-issued', 'refresh refresh-1']);
    expect(used).toBe('access-2');
    expect(vault.versions.get(ACCOUNT)?.at(-1)?.refreshToken).toBe('refresh-2');
  });

  it('rejects an account that was never connected with AccountNotFoundError', async () => {
    // Prepare
    const { tokens, auth } = setup();

    // Act
    const call = tokens.withAccountToken('nobody', async (t) => t);

    // Assess
    await expect(call).rejects.toBeInstanceOf(AccountNotFoundError);
    expect(auth.calls).toEqual([]);
  });

  it('rejects a disconnected account, whose secret is pending deletion, with AccountDisconnectedError', async () => {
    // Prepare
    const { tokens, auth, vault, accounts } = setup();
    vault.versions.delete(ACCOUNT);
    await accounts.markDisconnected(ACCOUNT, '2026-03-01T12:00:00.000Z');

    // Act
    const call = tokens.withAccountToken(ACCOUNT, async (t) => t);

    // Assess
    await expect(call).rejects.toBeInstanceOf(AccountDisconnectedError);
    expect(auth.calls).toEqual([]);
  });

  it('passes errors other than access-token errors through without refreshing', async () => {
    // Prepare
    const { tokens, auth } = setup();
    const failure = new DwollaApiError(
      400,
      'ValidationError',
      'bad',
      [],
      'r',
      'POST',
      '/transfers',
      {
        retryable: false,
      },
    );

    // Act
    const call = tokens.withAccountToken(ACCOUNT, async () => {
      throw failure;
    });

    // Assess
    await expect(call).rejects.toBe(failure);
    expect(auth.calls).toEqual([]);
  });
});

describe('Function: createTokenRefresher', () => {
  it('does not call Dwolla when the pair found under the lease no longer needs a refresh', async () => {
    // Prepare
    const { deps, auth } = setup();
    const refresher = createTokenRefresher(deps);

    // Act
    const outcome = await refresher.refresh(ACCOUNT, () => false);

    // Assess
    expect(outcome.refreshed).toBe(false);
    expect(outcome.pair.accessToken).toBe('access-1');
    expect(auth.calls).toEqual([]);
  });

  it('after a lost vault write, the next attempt re-uses the stored refresh token', async () => {
    // Prepare
    const { deps, vault, auth } = setup();
    const refresher = createTokenRefresher(deps);
    vault.failNextPut = new Error('crash before the write');

    // Act
    await expect(refresher.refresh(ACCOUNT, () => true)).rejects.toThrow('crash before the write');
    const second = refresher.refresh(ACCOUNT, () => true);

    // Assess: the fake has no grace window, so the retry sends the same refresh token again
    // (Dwolla answers it with the newest pair; the simulator test covers that part).
    await expect(second).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    expect(auth.calls).toEqual(['refresh refresh-1', 'refresh refresh-1']);
  });
});
