import { isAccessTokenError } from '../dwolla/errors.js';
import { type Clock, systemClock } from '../ports/clock.js';
import type { AccountTokens, StoredTokenPair } from '../ports/tokens.js';
import {
  AccountDisconnectedError,
  AccountNotFoundError,
  ReauthorizationRequiredError,
} from './errors.js';
import { isAccessTokenStale } from './refresh-schedule.js';
import {
  createTokenRefresher,
  type TokenRefresher,
  type TokenRefresherDeps,
} from './token-refresher.js';

/** Options of {@link createAccountTokens}: the ports, plus the refresher's tuning knobs. */
export type AccountTokensDeps = TokenRefresherDeps & {
  /** Share a refresher (tests); built from the other fields otherwise. */
  readonly refresher?: TokenRefresher;
};

interface CachedToken {
  readonly accessToken: string;
  readonly accessTokenExpiresAt: string;
}

/**
 * The {@link AccountTokens} implementation: runs a Dwolla call with an account's access token.
 *
 * - The token is cached per container (module scope) until 60 s before it expires, so the vault
 *   (Secrets Manager) is read at most once per container per token lifetime.
 * - A token within 60 s of expiry, or a call answered 401 `ExpiredAccessToken` /
 * `InvalidAccessToken`
 * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/errors), is refreshed
 * under the account's lease and
 *   the call is retried once.
 * - Concurrent calls of one container share one load or refresh.
 *
 * Rejects with {@link AccountNotFoundError} for an account never connected,
 * {@link AccountDisconnectedError} for a disconnected one and
 * {@link ReauthorizationRequiredError} once Dwolla refused its refresh token.
 *
 * @example
 * ```ts
 * // functions/transfer-create.ts (module scope)
 * const tokens = createAccountTokens({ vault, accounts, auth, lease });
 * // in the use case
 * const created = await tokens.withAccountToken(accountId, (token) =>
 *   dwolla.createTransfer(token, { body, idempotencyKey }),
 * );
 * ```
 */
export function createAccountTokens(deps: AccountTokensDeps): AccountTokens {
  const clock: Clock = deps.clock ?? systemClock;
  const refresher = deps.refresher ?? createTokenRefresher(deps);
  const cache = new Map<string, CachedToken>();
  const loads = new Map<string, Promise<string>>();
  const refreshes = new Map<string, Promise<string>>();

  function remember(accountId: string, pair: StoredTokenPair): string {
    cache.set(accountId, {
      accessToken: pair.accessToken,
      accessTokenExpiresAt: pair.accessTokenExpiresAt,
    });
    return pair.accessToken;
  }

  /** One load, and one refresh, per account per container at a time. */
  function singleFlight(
    inFlight: Map<string, Promise<string>>,
    accountId: string,
    work: () => Promise<string>,
  ): Promise<string> {
    const running = inFlight.get(accountId);
    if (running) return running;
    const promise = work().finally(() => inFlight.delete(accountId));
    inFlight.set(accountId, promise);
    return promise;
  }

  async function refreshed(accountId: string, staleToken: string): Promise<string> {
    const { pair } = await refresher.refresh(
      accountId,
      (current) => current.accessToken === staleToken || isAccessTokenStale(current, clock.now()),
    );
    return remember(accountId, pair);
  }

  async function load(accountId: string): Promise<string> {
    const pair = await deps.vault.get(accountId);
    if (!pair) {
      const account = await deps.accounts.get(accountId);
      if (account?.status === 'reauthorization_required') {
        throw new ReauthorizationRequiredError(accountId);
      }
      // Its secret is being deleted: nothing is sent to Dwolla until the owner reconnects.
      if (account?.status === 'disconnected') throw new AccountDisconnectedError(accountId);
      throw new AccountNotFoundError(accountId);
    }
    if (isAccessTokenStale(pair, clock.now())) return refreshed(accountId, pair.accessToken);
    return remember(accountId, pair);
  }

  async function currentToken(accountId: string): Promise<string> {
    const cached = cache.get(accountId);
    if (cached && !isAccessTokenStale(cached, clock.now())) return cached.accessToken;
    cache.delete(accountId);
    return singleFlight(loads, accountId, () => load(accountId));
  }

  return {
    async withAccountToken(accountId, call) {
      const token = await currentToken(accountId);
      try {
        return await call(token);
      } catch (error) {
        if (!isAccessTokenError(error)) throw error;
        if (cache.get(accountId)?.accessToken === token) cache.delete(accountId);
        const renewed = await singleFlight(refreshes, accountId, () => refreshed(accountId, token));
        return call(renewed);
      }
    },
  };
}
