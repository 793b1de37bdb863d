import { DwollaError, DwollaTokenError } from '../dwolla/errors.js';
import { logger } from '../observability/logger.js';
import { type Clock, systemClock } from '../ports/clock.js';
import type { DwollaAuthApi } from '../ports/dwolla-api.js';
import type { TokenSecretLifecycle, TokenVault } from '../ports/tokens.js';
import {
  AccountUnavailableError,
  IncompleteTokenResponseError,
  InvalidOAuthStateError,
} from './errors.js';
import { hashState } from './oauth-connect.js';
import { type AccountStore, type OAuthStateStore, ownerOf } from './ports.js';
import {
  DEFAULT_REFRESH_WINDOW_DAYS,
  parseScopes,
  refreshDueDate,
  toStoredPair,
} from './refresh-schedule.js';

/** Settings of the callback step. */
export interface CompleteAuthorizationDeps {
  readonly states: OAuthStateStore;
  readonly auth: DwollaAuthApi;
  readonly vault: TokenVault;
  /** Revives the token secret of a disconnected account whose deletion is still pending. */
  readonly secrets: Pick<TokenSecretLifecycle, 'restore'>;
  readonly accounts: AccountStore;
  /**
   * Must equal the one sent in step 1
   * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html ("Step 2")).
   */
  readonly redirectUri: string;
  readonly refreshWindowDays?: number;
  readonly clock?: Clock;
}

/** The query of `GET /oauth/callback`. */
export interface CallbackQuery {
  readonly state?: string;
  readonly code?: string;
  readonly error?: string;
  readonly errorDescription?: string;
}

/**
 * What every outcome echoes to the app: `returnTo` (where the user goes next, when the app gave
 * one), the `state` authorize returned and the app's `reference`, so the app matches the result
 * to the browser session that started it.
 */
interface Echo {
  readonly returnTo?: string;
  readonly state: string;
  readonly reference?: string;
}

/** How a callback ended. */
export type AuthorizationOutcome = Echo &
  (
    | { readonly kind: 'connected'; readonly accountId: string }
    | { readonly kind: 'denied'; readonly error: string; readonly errorDescription?: string }
    | { readonly kind: 'failed'; readonly reason: string }
    /** The Dwolla account is owned by another tenant: nothing was stored. */
    | { readonly kind: 'unavailable' }
  );

/**
 * Finishes an account connection
 * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html ("Step 2: Finish user
 * authorization")).
 *
 * The state is consumed first, atomically: a missing, unknown, expired or already used state
 * throws {@link InvalidOAuthStateError} and Dwolla's token endpoint is never called. Then the
 * code (single use, 60 s) is exchanged once; the pair goes to the vault, the metadata (never a
 * token) to the account store, and a reconnect replaces both and makes the account active again.
 *
 * @example
 * ```ts
 * const outcome = await completeAuthorization(deps, { state, code });
 * if (outcome.kind === 'connected') console.log(outcome.accountId);
 * ```
 */
export async function completeAuthorization(
  deps: CompleteAuthorizationDeps,
  query: CallbackQuery,
): Promise<AuthorizationOutcome> {
  const clock = deps.clock ?? systemClock;
  if (!query.state) throw new InvalidOAuthStateError('missing');
  const consumed = await deps.states.consume(hashState(query.state), clock.now());
  if (consumed.outcome !== 'consumed') throw new InvalidOAuthStateError(consumed.outcome);
  const { returnTo, scope, tenantId, reference } = consumed.authorization;
  const back: Echo = {
    state: query.state,
    ...(returnTo === undefined ? {} : { returnTo }),
    ...(reference === undefined ? {} : { reference }),
  };

  if (query.error !== undefined || !query.code) {
    // The error comes from the browser's query string: pass on only an OAuth-style error code.
    const error =
      query.error === undefined
        ? 'missing_code'
        : /^[a-z_]{1,64}$/.test(query.error)
          ? query.error
          : 'unknown_error';
    logger.info('account connection denied', { error });
    return query.errorDescription === undefined
      ? { kind: 'denied', error, ...back }
      : { kind: 'denied', error, errorDescription: query.errorDescription, ...back };
  }

  let accountId: string;
  try {
    const tokens = await deps.auth.exchangeAuthorizationCode({
      code: query.code,
      redirectUri: deps.redirectUri,
    });
    if (!tokens.accountId) throw new IncompleteTokenResponseError('account_id');
    accountId = tokens.accountId;
    const existing = await deps.accounts.get(accountId);
    // Another tenant's account: its tokens and metadata are not touched. The condition of
    // `recordConnection` checks the owner again against a racing first connect.
    if (existing && ownerOf(existing) !== tenantId) throw new AccountUnavailableError(accountId);
    // A disconnected account's secret may still be pending deletion: revive it first.
    if (existing?.status === 'disconnected') await deps.secrets.restore(accountId);
    const now = clock.now();
    const pair = toStoredPair(tokens, now);
    await deps.vault.put(accountId, pair);
    await deps.accounts.recordConnection({
      accountId,
      tenantId,
      ...(reference === undefined ? {} : { reference }),
      scopes: parseScopes(tokens.scope ?? scope),
      accessTokenExpiresAt: pair.accessTokenExpiresAt,
      refreshTokenExpiresAt: pair.refreshTokenExpiresAt,
      refreshDueDate: refreshDueDate(
        pair.refreshTokenExpiresAt,
        deps.refreshWindowDays ?? DEFAULT_REFRESH_WINDOW_DAYS,
      ),
      connectedAt: now.toISOString(),
    });
  } catch (error) {
    if (error instanceof AccountUnavailableError) {
      logger.warn('account owned by another tenant; connect refused', {
        accountId: error.accountId,
        tenantId,
      });
      return { kind: 'unavailable', ...back };
    }
    if (!(error instanceof DwollaError) && !(error instanceof IncompleteTokenResponseError)) {
      throw error;
    }
    const reason =
      error instanceof IncompleteTokenResponseError
        ? 'incomplete_token_response'
        : exchangeReason(error);
    logger.warn('authorization code exchange failed', { reason, error: error.name });
    return { kind: 'failed', reason, ...back };
  }
  logger.info('account connected', { accountId, tenantId });
  return { kind: 'connected', accountId, ...back };
}

/** A short machine-readable reason: the token endpoint's `error` (e.g. `invalid_grant`). */
function exchangeReason(error: DwollaError): string {
  if (error instanceof DwollaTokenError && /^[a-z_]{1,64}$/.test(error.error)) return error.error;
  return 'token_exchange_failed';
}
