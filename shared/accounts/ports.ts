import { DEFAULT_TENANT_ID } from '../tenancy/principal.js';

/**
 * The ports of the accounts module. Use cases depend on these only; the DynamoDB, Secrets Manager
 * and SQS adapters in this folder implement them, and unit tests inject typed fakes.
 */

/**
 * `reauthorization_required` once Dwolla refused the refresh token; `disconnected` after
 * `DELETE /accounts/{id}` until the owner connects it again.
 */
export type AccountStatus = 'active' | 'reauthorization_required' | 'disconnected';

/** An account's metadata as kept in DynamoDB: never a token. */
export interface AccountRecord {
  readonly accountId: string;
  readonly status: AccountStatus;
  /**
   * The owning tenant: the one whose key started the first connect. An account connected
   * before tenants existed has none and belongs to `default` ({@link ownerOf}).
   */
  readonly tenantId?: string;
  /** The app's `reference` given to the latest connect. */
  readonly reference?: string;
  readonly scopes: readonly string[];
  /** ISO-8601. */
  readonly accessTokenExpiresAt: string;
  /** ISO-8601. */
  readonly refreshTokenExpiresAt: string;
  /** ISO-8601, the last successful OAuth connection. */
  readonly connectedAt: string;
  /** ISO-8601, absent until the first refresh after a connection. */
  readonly lastRefreshedAt?: string;
  /** ISO-8601, while `disconnected`. */
  readonly disconnectedAt?: string;
}

/** Expiry facts written after a connection or a refresh. */
export interface TokenTimes {
  readonly accountId: string;
  readonly accessTokenExpiresAt: string;
  readonly refreshTokenExpiresAt: string;
  /** `yyyy-mm-dd` day on which the scheduled refresh becomes due (the refresh-due bucket). */
  readonly refreshDueDate: string;
}

/**
 * What the token lifecycle reads and writes of an account's metadata (DynamoDB in AWS and
 * locally). The DynamoDB adapter is `DynamoDbAccountRefreshStore`.
 *
 * @example
 * ```ts
 * const account = await accounts.get(accountId);
 * ```
 */
export interface AccountRefreshStore {
  get(accountId: string): Promise<AccountRecord | undefined>;
  /**
   * Records a successful refresh: new expiries, `lastRefreshedAt`, new due bucket, `active`.
   * Rejects with `AccountNotFoundError` for an unknown or `disconnected` account.
   */
  recordRefresh(input: TokenTimes & { refreshedAt: string }): Promise<void>;
  /** Sets `reauthorization_required` and takes the account out of the refresh-due index. */
  markReauthorizationRequired(accountId: string, at: string): Promise<void>;
}

/**
 * Account metadata (DynamoDB in AWS and locally): the token lifecycle's part, plus connecting,
 * disconnecting and the refresh-due listing. The DynamoDB adapter is `DynamoDbAccountStore`.
 *
 * @example
 * ```ts
 * await accounts.markDisconnected(accountId, now.toISOString());
 * ```
 */
export interface AccountStore extends AccountRefreshStore {
  /**
   * Creates or replaces the account as `active` (a reconnect replaces everything) for
   * `tenantId`; rejects with `AccountUnavailableError` when another tenant owns it.
   */
  recordConnection(input: ConnectionFacts): Promise<void>;
  /**
   * Sets `disconnected` and takes the account out of the refresh-due index, so it is never
   * refreshed again; kept as it is when already disconnected.
   */
  markDisconnected(accountId: string, at: string): Promise<void>;
  /** Ids of the accounts in one refresh-due bucket (`yyyy-mm-dd`), every page. */
  listDue(dueDate: string): AsyncIterable<readonly string[]>;
}

/** What a connection writes to the account item. */
export type ConnectionFacts = TokenTimes & {
  readonly scopes: readonly string[];
  readonly connectedAt: string;
  readonly tenantId: string;
  readonly reference?: string;
};

/**
 * The tenant an account belongs to.
 *
 * @example
 * ```ts
 * if (ownerOf(account) !== principal.tenantId) throw new AccountNotFoundError(accountId);
 * ```
 */
export function ownerOf(account: Pick<AccountRecord, 'tenantId'>): string {
  return account.tenantId ?? DEFAULT_TENANT_ID;
}

/** A pending OAuth authorization, keyed by the SHA-256 of its `state`. */
export interface PendingAuthorization {
  readonly returnTo?: string;
  readonly scope: string;
  /** The tenant whose key started the connect. */
  readonly tenantId: string;
  /** The app's own reference for this connect (echoed to `returnTo`). */
  readonly reference?: string;
}

/** What consuming a state found. */
export type ConsumeStateResult =
  | { readonly outcome: 'consumed'; readonly authorization: PendingAuthorization }
  | { readonly outcome: 'unknown' }
  | { readonly outcome: 'expired' };

/**
 * Single-use OAuth states (DynamoDB with a TTL).
 *
 * @example
 * ```ts
 * const result = await states.consume(sha256(state), clock.now());
 * ```
 */
export interface OAuthStateStore {
  save(stateHash: string, authorization: PendingAuthorization, expiresAt: Date): Promise<void>;
  /** Atomically deletes the state; a second consume of the same state is `unknown`. */
  consume(stateHash: string, now: Date): Promise<ConsumeStateResult>;
}

/**
 * One refresh per account at a time: a lease with an expiry, so a crashed holder never blocks
 * the account for longer than the lease.
 *
 * @example
 * ```ts
 * if (await lease.acquire(accountId, owner, until, now)) { ... await lease.release(accountId, owner); }
 * ```
 */
export interface RefreshLease {
  acquire(accountId: string, owner: string, until: Date, now: Date): Promise<boolean>;
  release(accountId: string, owner: string): Promise<void>;
}

/**
 * The fan-out of the scheduled refresh (SQS in AWS and locally).
 *
 * @example
 * ```ts
 * await queue.enqueue(['ca32853c-48fa-40be-ae75-77b37504581b']);
 * ```
 */
export interface RefreshQueue {
  enqueue(accountIds: readonly string[]): Promise<void>;
}
