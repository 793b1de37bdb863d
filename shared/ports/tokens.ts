/**
 * Access to Dwolla tokens for the rest of the domain. Implemented by `shared/accounts/`.
 * Callers never see refresh tokens, and never handle a 401 themselves.
 */

/** One account's token pair, as kept in the vault (Secrets Manager in AWS). */
export interface StoredTokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** ISO-8601. */
  readonly accessTokenExpiresAt: string;
  /** ISO-8601. */
  readonly refreshTokenExpiresAt: string;
}

/** Where token pairs live. The AWS adapter is Secrets Manager, one secret per account. */
export interface TokenVault {
  /** `undefined` when the account has no secret. */
  get(accountId: string): Promise<StoredTokenPair | undefined>;
  /** The version before the current one (AWSPREVIOUS), for recovery after a lost write. */
  getPrevious(accountId: string): Promise<StoredTokenPair | undefined>;
  /** Creates or replaces the account's pair, keeping the old one as AWSPREVIOUS. */
  put(accountId: string, pair: StoredTokenPair): Promise<void>;
}

/**
 * Retiring and reviving an account's token secret (`DELETE /accounts/{id}` and a later
 * reconnect). The AWS adapter schedules the secret's deletion with a recovery window and
 * restores it while the window is open.
 */
export interface TokenSecretLifecycle {
  /** Schedules the secret's deletion after `recoveryWindowDays`; done already or no secret: no-op. */
  scheduleDeletion(accountId: string, recoveryWindowDays: number): Promise<void>;
  /** Cancels a scheduled deletion; a secret not scheduled for deletion (or none): no-op. */
  restore(accountId: string): Promise<void>;
}

/**
 * Runs Dwolla calls with an account's access token: served from a per-container cache while
 * more than 60 s from expiry, refreshed under a lease otherwise, and on a 401
 * `ExpiredAccessToken`/`InvalidAccessToken` refreshed and retried once.
 * Rejects with `AccountNotFoundError` or `ReauthorizationRequiredError` (shared/accounts/errors.ts).
 *
 * @example
 * ```ts
 * const transfer = await tokens.withAccountToken(accountId, (token) => dwolla.getTransfer(token, id));
 * ```
 */
export interface AccountTokens {
  withAccountToken<T>(accountId: string, call: (accessToken: string) => Promise<T>): Promise<T>;
}

/** Runs Dwolla calls with the application's client-credentials token (cached, renewed on 401). */
export interface AppTokens {
  withAppToken<T>(call: (accessToken: string) => Promise<T>): Promise<T>;
}
