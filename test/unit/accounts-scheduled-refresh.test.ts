import { describe, expect, it } from 'vitest';
import { createAppTokens } from '../../shared/accounts/app-tokens.js';
import {
  dueBuckets,
  refreshDueDate,
  toStoredPair,
} from '../../shared/accounts/refresh-schedule.js';
import { handleRefreshBatch, queueDueRefreshes } from '../../shared/accounts/scheduled-refresh.js';
import { createTokenRefresher } from '../../shared/accounts/token-refresher.js';
import { DwollaApiError } from '../../shared/dwolla/errors.js';
import {
  FakeDwollaAuth,
  InMemoryAccountStore,
  InMemoryLease,
  InMemoryTokenVault,
  MovableClock,
  RecordingMetrics,
  RecordingQueue,
  seedConnectedAccount,
} from './support/accounts-fakes.js';

const DAY = 86_400_000;

function setup() {
  const clock = new MovableClock(new Date('2026-03-01T03:00:00.000Z'));
  const vault = new InMemoryTokenVault();
  const accounts = new InMemoryAccountStore();
  const auth = new FakeDwollaAuth();
  const lease = new InMemoryLease();
  const metrics = new RecordingMetrics();
  const queue = new RecordingQueue();
  const refresher = createTokenRefresher({
    vault,
    accounts,
    auth,
    lease,
    clock,
    metrics,
    sleep: async () => {},
    peerWait: { attempts: 1, delayMs: 0 },
  });
  /** Connects an account whose refresh token expires `daysLeft` days from now. */
  function connect(accountId: string, daysLeft: number) {
    const issuedAt = new Date(clock.now().getTime() - (60 - daysLeft) * DAY);
    const pair = toStoredPair(auth.issue(accountId), issuedAt);
    seedConnectedAccount({ vault, accounts }, accountId, pair, {
      connectedAt: issuedAt.toISOString(),
      refreshDueDate: refreshDueDate(pair.refreshTokenExpiresAt, 15),
    });
  }
  const worker = { refresher, clock, refreshWindowDays: 15, metrics };
  return { clock, vault, accounts, auth, metrics, queue, connect, worker };
}

function records(...accountIds: string[]) {
  return accountIds.map((accountId, i) => ({
    messageId: `m-${i}`,
    body: JSON.stringify({ accountId }),
  }));
}

describe('Function: dueBuckets', () => {
  it('lists every day from the lookback to today, oldest first', () => {
    // Act
    const buckets = dueBuckets(new Date('2026-01-02T08:00:00Z'), 3);

    // Assess
    expect(buckets).toEqual(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
  });
});

describe('Function: queueDueRefreshes', () => {
  it('queues the accounts due today or overdue, and none whose refresh is due later', async () => {
    // Prepare
    const { connect, accounts, queue, clock } = setup();
    connect('expires-in-5-days', 5);
    connect('expires-in-15-days', 15);
    connect('expires-in-16-days', 16);
    connect('expires-in-59-days', 59);
    connect('also-5-days', 5);
    connect('expires-in-1-day', 1);

    // Act
    const summary = await queueDueRefreshes({ accounts, queue, clock });

    // Assess
    expect(new Set(queue.sent.flat())).toEqual(
      new Set(['expires-in-5-days', 'also-5-days', 'expires-in-15-days', 'expires-in-1-day']),
    );
    expect(summary).toEqual({ buckets: 61, queued: 4 });
  });
});

describe('Function: handleRefreshBatch', () => {
  it('refreshes a due account, moving it out of today’s buckets, so a second run queues nothing', async () => {
    // Prepare
    const { connect, accounts, queue, clock, auth, worker } = setup();
    connect('acc-1', 5);
    await queueDueRefreshes({ accounts, queue, clock });

    // Act
    const first = await handleRefreshBatch(worker, records(...queue.sent.flat()));
    const again = new RecordingQueue();
    await queueDueRefreshes({ accounts, queue: again, clock });

    // Assess
    expect(first).toEqual({ batchItemFailures: [] });
    expect(auth.calls).toEqual(['refresh refresh-1']);
    expect(accounts.items.get('acc-1')?.lastRefreshedAt).toBe(clock.now().toISOString());
    expect(again.sent).toEqual([]);
  });

  it('does not refresh an account that is no longer due (already refreshed)', async () => {
    // Prepare
    const { connect, auth, worker } = setup();
    connect('acc-1', 40);

    // Act
    const result = await handleRefreshBatch(worker, records('acc-1'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(auth.calls).toEqual([]);
  });

  it('puts metadata left in an old bucket (lost write after the vault write) back in line, without calling Dwolla', async () => {
    // Prepare: the vault holds a fresh pair but the metadata still says "due in 5 days".
    const { connect, accounts, vault, queue, clock, auth, worker } = setup();
    connect('acc-1', 5);
    const stale = accounts.items.get('acc-1')!;
    connect('acc-1', 60);
    const fresh = vault.versions.get('acc-1')!.at(-1)!;
    accounts.items.set('acc-1', stale);
    const callsBefore = auth.calls.length;

    // Act
    await handleRefreshBatch(worker, records('acc-1'));
    const again = new RecordingQueue();
    await queueDueRefreshes({ accounts, queue: again, clock });

    // Assess
    expect(auth.calls.length).toBe(callsBefore);
    expect(accounts.items.get('acc-1')?.refreshTokenExpiresAt).toBe(fresh.refreshTokenExpiresAt);
    expect(again.sent).toEqual([]);
    expect(queue.sent).toEqual([]);
  });

  it('marks a refused account reauthorization_required without reporting a failure to retry', async () => {
    // Prepare
    const { connect, auth, accounts, metrics, worker } = setup();
    connect('acc-1', 5);
    auth.validRefreshTokens.clear();

    // Act
    const result = await handleRefreshBatch(worker, records('acc-1'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(accounts.items.get('acc-1')?.status).toBe('reauthorization_required');
    expect(metrics.names).toEqual(['RefreshTokenRejected']);
  });

  it('reports only the failed message when Dwolla is down for one account', async () => {
    // Prepare
    const { connect, auth, worker } = setup();
    connect('acc-ok', 5);
    connect('acc-down', 5);
    const refresh = auth.refresh.bind(auth);
    auth.refresh = async (token) => {
      if (token === 'refresh-2') throw new Error('network down');
      return refresh(token);
    };

    // Act
    const result = await handleRefreshBatch(worker, records('acc-ok', 'acc-down'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
  });

  it('reports a malformed message as failed (to the DLQ, never dropped), counted as poison', async () => {
    // Prepare
    const { worker, auth, metrics, connect } = setup();
    connect('acc-1', 5);

    // Act
    const result = await handleRefreshBatch(worker, [
      { messageId: 'm-not-json', body: 'not json' },
      { messageId: 'm-no-account', body: JSON.stringify({ accountId: '' }) },
      ...records('acc-1'),
    ]);

    // Assess
    expect(result).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-not-json' }, { itemIdentifier: 'm-no-account' }],
    });
    expect(metrics.names.filter((name) => name === 'PoisonMessages')).toHaveLength(2);
    expect(auth.calls).toHaveLength(1);
  });
});

describe('Function: createAppTokens', () => {
  const unauthorized = () =>
    new DwollaApiError(
      401,
      'InvalidAccessToken',
      'Invalid access token.',
      [],
      'r',
      'GET',
      '/events',
      {
        retryable: false,
      },
    );

  it('fetches the client-credentials token once and reuses it until 60 s before expiry', async () => {
    // Prepare
    const auth = new FakeDwollaAuth();
    const clock = new MovableClock();
    const tokens = createAppTokens({ auth, clock });

    // Act
    const first = await Promise.all([1, 2, 3].map(() => tokens.withAppToken(async (t) => t)));
    clock.advance(3600_000 - 61_000);
    const stillCached = await tokens.withAppToken(async (t) => t);
    clock.advance(2_000);
    const renewed = await tokens.withAppToken(async (t) => t);

    // Assess
    expect(first).toEqual(['app-1', 'app-1', 'app-1']);
    expect(stillCached).toBe('app-1');
    expect(renewed).toBe('app-2');
    expect(auth.calls).toEqual(['clientCredentials', 'clientCredentials']);
  });

  it('renews the token and retries once when a call is answered 401', async () => {
    // Prepare
    const auth = new FakeDwollaAuth();
    const tokens = createAppTokens({ auth });
    const used: string[] = [];

    // Act
    const result = await tokens.withAppToken(async (token) => {
      used.push(token);
      if (token === 'app-1') throw unauthorized();
      return 'ok';
    });

    // Assess
    expect(result).toBe('ok');
    expect(used).toEqual(['app-1', 'app-2']);
  });
});
