import { randomUUID } from 'node:crypto';
import { ExpiredRefreshTokenError, InvalidRefreshTokenError } from '../dwolla/errors.js';
import { logger } from '../observability/logger.js';
import { metrics as powertoolsMetrics } from '../observability/metrics.js';
import { type Clock, systemClock } from '../ports/clock.js';
import type { DwollaAuthApi, DwollaTokenSet } from '../ports/dwolla-api.js';
import type { Metrics } from '../ports/observability.js';
import type { StoredTokenPair, TokenVault } from '../ports/tokens.js';
import {
  AccountNotFoundError,
  ReauthorizationRequiredError,
  RefreshLeaseBusyError,
} from './errors.js';
import type { AccountRefreshStore, RefreshLease } from './ports.js';
import { DEFAULT_REFRESH_WINDOW_DAYS, refreshDueDate, toStoredPair } from './refresh-schedule.js';

/** What the refresher needs; every field but the five ports has a default. */
export interface TokenRefresherDeps {
  readonly vault: TokenVault;
  readonly accounts: AccountRefreshStore;
  readonly auth: DwollaAuthApi;
  readonly lease: RefreshLease;
  readonly clock?: Clock;
  /** Days before the refresh token's expiry at which the scheduled refresh is due (default 15). */
  readonly refreshWindowDays?: number;
  /** How long a lease holder may take before another worker may take over (default 30 s). */
  readonly leaseSeconds?: number;
  /** Bounded wait for a peer's refresh: polls of the vault and the delay between them. */
  readonly peerWait?: { readonly attempts: number; readonly delayMs: number };
  /** Defaults to the Powertools metrics the entry file's `logMetrics` flushes. */
  readonly metrics?: Metrics;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The pair to use after a refresh attempt, and whether this call refreshed it at Dwolla. */
export interface RefreshOutcome {
  readonly pair: StoredTokenPair;
  readonly refreshed: boolean;
}

/**
 * Refreshes one account's token pair at Dwolla, one refresh per account at a time.
 *
 * `isStillNeeded(pair)` is asked about the vault's current pair after the lease is taken (and
 * while waiting for a peer): a peer may have refreshed already, in which case its pair is used
 * and Dwolla is not called.
 */
export interface TokenRefresher {
  refresh(
    accountId: string,
    isStillNeeded: (pair: StoredTokenPair) => boolean,
  ): Promise<RefreshOutcome>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isRefreshTokenRejection(error: unknown): boolean {
  return error instanceof InvalidRefreshTokenError || error instanceof ExpiredRefreshTokenError;
}

/**
 * Builds the refresher shared by on-demand refreshes (`createAccountTokens`) and the scheduled
 * refresh worker.
 *
 * Rotation safety (https://developers.dwolla.com/guides/auth/authorization-code-flow.html: refresh
 * tokens rotate, the old one dies, re-using the last one within a short timespan returns the newest
 * pair):
 * - a DynamoDB lease with an expiry serialises refreshes of one account;
 * - the new pair is written to the vault before anything else;
 * - a crash between Dwolla's answer and that write leaves the old refresh token in the vault,
 *   which Dwolla still honours for a short time by returning the newest pair;
 * - when the current refresh token is refused, the vault's previous version (AWSPREVIOUS) is
 *   tried once before the account is declared `reauthorization_required`.
 *
 * @example
 * ```ts
 * const refresher = createTokenRefresher({ vault, accounts, auth, lease });
 * const { pair } = await refresher.refresh(accountId, (p) => p.accessToken === staleToken);
 * ```
 */
export function createTokenRefresher(deps: TokenRefresherDeps): TokenRefresher {
  const clock = deps.clock ?? systemClock;
  const windowDays = deps.refreshWindowDays ?? DEFAULT_REFRESH_WINDOW_DAYS;
  const leaseMs = (deps.leaseSeconds ?? 30) * 1000;
  const peerWait = deps.peerWait ?? { attempts: 40, delayMs: 250 };
  const metrics = deps.metrics ?? powertoolsMetrics;
  const sleep = deps.sleep ?? defaultSleep;

  async function refreshAtDwolla(
    accountId: string,
    pair: StoredTokenPair,
  ): Promise<DwollaTokenSet> {
    try {
      return await deps.auth.refresh(pair.refreshToken);
    } catch (error) {
      if (!isRefreshTokenRejection(error)) throw error;
      const previous = await deps.vault.getPrevious(accountId);
      if (previous && previous.refreshToken !== pair.refreshToken) {
        try {
          const recovered = await deps.auth.refresh(previous.refreshToken);
          logger.warn('token refresh recovered with the previous refresh token', { accountId });
          return recovered;
        } catch (previousError) {
          if (!isRefreshTokenRejection(previousError)) throw previousError;
        }
      }
      await deps.accounts.markReauthorizationRequired(accountId, clock.now().toISOString());
      metrics.addMetric('RefreshTokenRejected', 'Count', 1);
      logger.warn('refresh token rejected by Dwolla: account needs reauthorization', {
        accountId,
        reason: error instanceof ExpiredRefreshTokenError ? 'expired' : 'invalid',
      });
      throw new ReauthorizationRequiredError(accountId, { cause: error });
    }
  }

  /**
   * The vault is written first, so a metadata write lost after it (a crash, a throttle) leaves
   * the account in an old refresh-due bucket: re-queued daily and never refreshed. Whoever next
   * finds a pair that needs no refresh puts the metadata back in line with the vault.
   */
  async function healMetadata(accountId: string, pair: StoredTokenPair): Promise<void> {
    const account = await deps.accounts.get(accountId);
    if (account?.status !== 'active') return;
    if (account.refreshTokenExpiresAt === pair.refreshTokenExpiresAt) return;
    await deps.accounts.recordRefresh({
      accountId,
      accessTokenExpiresAt: pair.accessTokenExpiresAt,
      refreshTokenExpiresAt: pair.refreshTokenExpiresAt,
      refreshDueDate: refreshDueDate(pair.refreshTokenExpiresAt, windowDays),
      refreshedAt: account.lastRefreshedAt ?? clock.now().toISOString(),
    });
    logger.warn('account metadata realigned with the vault', { accountId });
  }

  async function refreshHoldingLease(
    accountId: string,
    isStillNeeded: (pair: StoredTokenPair) => boolean,
  ): Promise<RefreshOutcome> {
    const pair = await deps.vault.get(accountId);
    if (!pair) throw new AccountNotFoundError(accountId);
    if (!isStillNeeded(pair)) {
      await healMetadata(accountId, pair);
      return { pair, refreshed: false };
    }
    const account = await deps.accounts.get(accountId);
    if (!account) throw new AccountNotFoundError(accountId);
    if (account.status === 'reauthorization_required') {
      throw new ReauthorizationRequiredError(accountId);
    }
    const tokens = await refreshAtDwolla(accountId, pair);
    const now = clock.now();
    const fresh = toStoredPair(tokens, now);
    // The old refresh token is dead from now on: persist the new pair before anything else.
    await deps.vault.put(accountId, fresh);
    await deps.accounts.recordRefresh({
      accountId,
      accessTokenExpiresAt: fresh.accessTokenExpiresAt,
      refreshTokenExpiresAt: fresh.refreshTokenExpiresAt,
      refreshDueDate: refreshDueDate(fresh.refreshTokenExpiresAt, windowDays),
      refreshedAt: now.toISOString(),
    });
    metrics.addMetric('TokenRefreshed', 'Count', 1);
    logger.info('account token refreshed', { accountId });
    return { pair: fresh, refreshed: true };
  }

  return {
    async refresh(accountId, isStillNeeded) {
      const owner = randomUUID();
      for (let attempt = 0; ; attempt++) {
        const now = clock.now();
        if (await deps.lease.acquire(accountId, owner, new Date(now.getTime() + leaseMs), now)) {
          try {
            return await refreshHoldingLease(accountId, isStillNeeded);
          } finally {
            await deps.lease.release(accountId, owner);
          }
        }
        if (attempt >= peerWait.attempts) throw new RefreshLeaseBusyError(accountId);
        await sleep(peerWait.delayMs);
        const pair = await deps.vault.get(accountId);
        if (pair && !isStillNeeded(pair)) return { pair, refreshed: false };
      }
    },
  };
}
