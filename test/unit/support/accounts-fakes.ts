import { AccountUnavailableError } from '../../../shared/accounts/errors.js';
import {
  type AccountRecord,
  type AccountStore,
  type ConnectionFacts,
  type ConsumeStateResult,
  type OAuthStateStore,
  ownerOf,
  type PendingAuthorization,
  type RefreshLease,
  type RefreshQueue,
  type TokenTimes,
} from '../../../shared/accounts/ports.js';
import { InvalidGrantError, InvalidRefreshTokenError } from '../../../shared/dwolla/errors.js';
import type { Clock } from '../../../shared/ports/clock.js';
import type { DwollaAuthApi, DwollaTokenSet } from '../../../shared/ports/dwolla-api.js';
import type { Metrics } from '../../../shared/ports/observability.js';
import type {
  StoredTokenPair,
  TokenSecretLifecycle,
  TokenVault,
} from '../../../shared/ports/tokens.js';

/** Typed in-memory fakes of the accounts module's ports, for unit tests. */

export class MovableClock implements Clock {
  constructor(private current: Date = new Date('2026-03-01T12:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export class InMemoryTokenVault implements TokenVault, TokenSecretLifecycle {
  readonly versions = new Map<string, StoredTokenPair[]>();
  /** Accounts whose secret is scheduled for deletion, with the recovery window. */
  readonly pendingDeletion = new Map<string, number>();
  reads = 0;
  readonly log: string[];
  /** When set, the next put throws this (simulates a crash before the write). */
  failNextPut: Error | undefined;

  constructor(log: string[] = []) {
    this.log = log;
  }

  async get(accountId: string) {
    this.reads++;
    return this.versions.get(accountId)?.at(-1);
  }
  async getPrevious(accountId: string) {
    return this.versions.get(accountId)?.at(-2);
  }
  async put(accountId: string, pair: StoredTokenPair) {
    if (this.failNextPut) {
      const error = this.failNextPut;
      this.failNextPut = undefined;
      throw error;
    }
    if (this.pendingDeletion.has(accountId)) throw new Error('secret scheduled for deletion');
    this.log.push(`vault.put ${accountId}`);
    this.versions.set(accountId, [...(this.versions.get(accountId) ?? []), pair]);
  }
  async scheduleDeletion(accountId: string, recoveryWindowDays: number) {
    this.log.push(`vault.scheduleDeletion ${accountId}`);
    if (this.versions.has(accountId)) this.pendingDeletion.set(accountId, recoveryWindowDays);
  }
  async restore(accountId: string) {
    this.log.push(`vault.restore ${accountId}`);
    this.pendingDeletion.delete(accountId);
  }
}

export type StoredAccount = AccountRecord & { refreshDueDate?: string };

export class InMemoryAccountStore implements AccountStore {
  readonly items = new Map<string, StoredAccount>();
  readonly log: string[];

  constructor(log: string[] = []) {
    this.log = log;
  }

  async get(accountId: string) {
    const item = this.items.get(accountId);
    if (!item) return undefined;
    const { refreshDueDate: _due, ...record } = item;
    return record;
  }
  async recordConnection(input: ConnectionFacts) {
    const existing = this.items.get(input.accountId);
    if (existing && ownerOf(existing) !== input.tenantId) {
      throw new AccountUnavailableError(input.accountId);
    }
    this.log.push(`accounts.recordConnection ${input.accountId}`);
    this.items.set(input.accountId, {
      accountId: input.accountId,
      status: 'active',
      tenantId: input.tenantId,
      ...(input.reference === undefined ? {} : { reference: input.reference }),
      scopes: input.scopes,
      accessTokenExpiresAt: input.accessTokenExpiresAt,
      refreshTokenExpiresAt: input.refreshTokenExpiresAt,
      connectedAt: input.connectedAt,
      refreshDueDate: input.refreshDueDate,
    });
  }
  async recordRefresh(input: TokenTimes & { refreshedAt: string }) {
    this.log.push(`accounts.recordRefresh ${input.accountId}`);
    const item = this.items.get(input.accountId);
    if (!item || item.status === 'disconnected') throw new Error('unknown account');
    this.items.set(input.accountId, {
      ...item,
      status: 'active',
      accessTokenExpiresAt: input.accessTokenExpiresAt,
      refreshTokenExpiresAt: input.refreshTokenExpiresAt,
      lastRefreshedAt: input.refreshedAt,
      refreshDueDate: input.refreshDueDate,
    });
  }
  async markReauthorizationRequired(accountId: string) {
    this.log.push(`accounts.markReauthorizationRequired ${accountId}`);
    const item = this.items.get(accountId);
    if (!item) throw new Error('unknown account');
    const { refreshDueDate: _due, ...rest } = item;
    this.items.set(accountId, { ...rest, status: 'reauthorization_required' });
  }
  async markDisconnected(accountId: string, at: string) {
    this.log.push(`accounts.markDisconnected ${accountId}`);
    const item = this.items.get(accountId);
    if (!item) throw new Error('unknown account');
    const { refreshDueDate: _due, ...rest } = item;
    this.items.set(accountId, {
      ...rest,
      status: 'disconnected',
      disconnectedAt: item.disconnectedAt ?? at,
    });
  }
  async *listDue(dueDate: string) {
    const ids = [...this.items.values()]
      .filter((item) => item.refreshDueDate === dueDate)
      .map((item) => item.accountId);
    for (let i = 0; i < ids.length; i += 2) yield ids.slice(i, i + 2);
  }
}

export class InMemoryLease implements RefreshLease {
  readonly leases = new Map<string, { owner: string; until: number }>();
  acquisitions = 0;

  async acquire(accountId: string, owner: string, until: Date, now: Date) {
    const held = this.leases.get(accountId);
    if (held && held.until >= now.getTime()) return false;
    this.acquisitions++;
    this.leases.set(accountId, { owner, until: until.getTime() });
    return true;
  }
  async release(accountId: string, owner: string) {
    if (this.leases.get(accountId)?.owner === owner) this.leases.delete(accountId);
  }
}

export class InMemoryStateStore implements OAuthStateStore {
  readonly states = new Map<string, { authorization: PendingAuthorization; expiresAt: Date }>();

  async save(stateHash: string, authorization: PendingAuthorization, expiresAt: Date) {
    this.states.set(stateHash, { authorization, expiresAt });
  }
  async consume(stateHash: string, now: Date): Promise<ConsumeStateResult> {
    const found = this.states.get(stateHash);
    if (!found) return { outcome: 'unknown' };
    if (found.expiresAt.getTime() <= now.getTime()) return { outcome: 'expired' };
    this.states.delete(stateHash);
    return { outcome: 'consumed', authorization: found.authorization };
  }
}

export class RecordingQueue implements RefreshQueue {
  readonly sent: string[][] = [];
  async enqueue(accountIds: readonly string[]) {
    this.sent.push([...accountIds]);
  }
}

export class RecordingMetrics implements Metrics {
  readonly names: string[] = [];
  addMetric(name: string) {
    this.names.push(name);
  }
}

/**
 * A token endpoint with Dwolla's rotation rule
 * (https://developers.dwolla.com/resources/oauth-refresh-strategies.html): each refresh token works
 * once; the previous one is refused with `Invalid refresh token.`.
 */
export class FakeDwollaAuth implements DwollaAuthApi {
  readonly calls: string[] = [];
  readonly validRefreshTokens = new Set<string>();
  readonly codes = new Map<string, string>();
  private counter = 0;
  /** Resolves before each refresh answers (lets tests interleave). */
  gate: (() => Promise<void>) | undefined;

  issue(accountId?: string): DwollaTokenSet {
    this.counter++;
    const refreshToken = `refresh-${this.counter}`;
    this.validRefreshTokens.add(refreshToken);
    return {
      accessToken: `access-${this.counter}`,
      expiresIn: 3600,
      refreshToken,
      refreshExpiresIn: 5_184_000,
      scope: 'send|funding|transactions|accountinfofull',
      ...(accountId ? { accountId } : {}),
    };
  }

  async exchangeAuthorizationCode(input: { code: string; redirectUri: string }) {
    this.calls.push(`exchange ${input.code} ${input.redirectUri}`);
    const accountId = this.codes.get(input.code);
    if (!accountId)
      throw new InvalidGrantError(400, 'invalid_grant', 'Invalid authorization code.');
    this.codes.delete(input.code);
    return this.issue(accountId);
  }

  async refresh(refreshToken: string) {
    this.calls.push(`refresh ${refreshToken}`);
    await this.gate?.();
    if (!this.validRefreshTokens.delete(refreshToken)) throw new InvalidRefreshTokenError(400);
    return this.issue();
  }

  async clientCredentials() {
    this.calls.push('clientCredentials');
    this.counter++;
    return { accessToken: `app-${this.counter}`, expiresIn: 3600 };
  }
}

/**
 * Seeds a connected account: `pair` as its only token version, and an active record with scope
 * `send` whose expiry times are the pair's.
 *
 * @example
 * ```ts
 * seedConnectedAccount({ vault, accounts }, 'acc-1', pair, {
 *   connectedAt: clock.now().toISOString(),
 *   refreshDueDate: '2026-04-15',
 * });
 * ```
 */
export function seedConnectedAccount(
  fakes: { readonly vault: InMemoryTokenVault; readonly accounts: InMemoryAccountStore },
  accountId: string,
  pair: StoredTokenPair,
  record: { readonly connectedAt: string; readonly refreshDueDate: string },
): void {
  fakes.vault.versions.set(accountId, [pair]);
  fakes.accounts.items.set(accountId, {
    accountId,
    status: 'active',
    scopes: ['send'],
    accessTokenExpiresAt: pair.accessTokenExpiresAt,
    refreshTokenExpiresAt: pair.refreshTokenExpiresAt,
    ...record,
  });
}
