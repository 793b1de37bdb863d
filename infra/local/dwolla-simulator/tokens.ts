/**
 * Token issuing and checking, with Dwolla's rules
 * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html): single-use
 * authorization codes, rotating refresh tokens with a short re-use grace, refresh revoking the
 * previous access token, application tokens from client credentials.
 */

import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../shared/ports/clock.js';
import { DwollaSimError, OAuthSimError } from './errors.js';

/** Lifetimes in seconds. */
export interface TokenLifetimes {
  readonly accessTokenLifetimeSeconds: number;
  readonly refreshTokenLifetimeSeconds: number;
  readonly authorizationCodeLifetimeSeconds: number;
  readonly refreshReuseWindowSeconds: number;
}

/** Whose token a request carries. */
export type Principal =
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'app' };

/** A token pair as the token endpoint answers it. */
export interface IssuedPair {
  readonly accountId: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly scope: string;
  readonly accessExpiresAt: number;
  readonly refreshExpiresAt: number;
}

interface AccessRecord {
  readonly principal: Principal;
  expiresAt: number;
  revoked: boolean;
}

interface RefreshRecord {
  readonly pair: IssuedPair;
  expiresAt: number;
  /** When it was exchanged, and the pair it was exchanged for. */
  rotatedAt?: number;
  successor?: IssuedPair;
}

interface CodeRecord {
  readonly accountId: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly expiresAt: number;
  used: boolean;
}

/**
 * Issues and checks codes and tokens. Tokens are random strings only ever returned to the
 * caller; they are never logged (the request log keeps paths and statuses only).
 *
 * @example
 * ```ts
 * const tokens = new TokenService(clock, lifetimes);
 * const code = tokens.issueCode(accountId, redirectUri, 'Send|Transactions');
 * const pair = tokens.exchangeCode(code, redirectUri);
 * ```
 */
export class TokenService {
  private readonly access = new Map<string, AccessRecord>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  private readonly codes = new Map<string, CodeRecord>();
  /** The current (not yet rotated) refresh token of each grant, per account. */
  private readonly currentByAccount = new Map<string, Set<string>>();
  /** Refresh-token exchanges per account: every call that named a known token, and rotations. */
  private readonly refreshStats = new Map<string, { calls: number; rotations: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly lifetimes: TokenLifetimes,
  ) {}

  issueCode(accountId: string, redirectUri: string, scope: string): string {
    const code = randomToken(28);
    this.codes.set(code, {
      accountId,
      redirectUri,
      scope,
      expiresAt: this.now() + this.lifetimes.authorizationCodeLifetimeSeconds * 1000,
      used: false,
    });
    return code;
  }

  /** `grant_type=authorization_code`: single use, expires after the code lifetime (60 s). */
  exchangeCode(code: string, redirectUri: string | undefined): IssuedPair {
    const record = this.codes.get(code);
    if (!record || record.used) {
      throw new OAuthSimError(400, 'invalid_grant', 'Invalid authorization code.');
    }
    if (this.now() >= record.expiresAt) {
      throw new OAuthSimError(400, 'invalid_grant', 'Expired authorization code.');
    }
    if (redirectUri !== record.redirectUri) {
      throw new OAuthSimError(400, 'invalid_grant', 'Invalid redirect_uri.');
    }
    record.used = true;
    return this.issuePair(record.accountId, record.scope);
  }

  /**
   * `grant_type=refresh_token`: a new pair; the old refresh token dies and the old access token
   * stops working. Re-using the last refresh token within the grace window returns the newest
   * pair again (https://developers.dwolla.com/resources/oauth-refresh-strategies.html).
   */
  refresh(refreshToken: string): IssuedPair {
    const record = this.refreshTokens.get(refreshToken);
    if (!record) throw invalidRefresh();
    const stats = this.statsOf(record.pair.accountId);
    stats.calls++;
    const now = this.now();
    if (record.successor) {
      const newest = this.refreshTokens.get(record.successor.refreshToken);
      const withinGrace =
        now - record.rotatedAt! <= this.lifetimes.refreshReuseWindowSeconds * 1000;
      if (withinGrace && newest && !newest.successor) return record.successor;
      throw invalidRefresh();
    }
    if (now >= record.expiresAt) {
      throw new OAuthSimError(400, 'access_denied', 'Expired refresh token.');
    }
    const next = this.issuePair(record.pair.accountId, record.pair.scope);
    stats.rotations++;
    record.rotatedAt = now;
    record.successor = next;
    this.currentByAccount.get(record.pair.accountId)?.delete(refreshToken);
    const previousAccess = this.access.get(record.pair.accessToken);
    if (previousAccess) previousAccess.revoked = true;
    return next;
  }

  /** `grant_type=client_credentials`: an application token, no refresh token. */
  clientCredentials(): { accessToken: string; expiresAt: number } {
    const accessToken = randomToken(50);
    const expiresAt = this.now() + this.lifetimes.accessTokenLifetimeSeconds * 1000;
    this.access.set(accessToken, { principal: { kind: 'app' }, expiresAt, revoked: false });
    return { accessToken, expiresAt };
  }

  /**
   * The principal of a bearer token. Missing, unknown or revoked → 401 `InvalidAccessToken`;
   * expired → 401 `ExpiredAccessToken`
   * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/errors).
   */
  authenticate(bearer: string | undefined): Principal {
    const record = bearer ? this.access.get(bearer) : undefined;
    if (!record || record.revoked) {
      throw new DwollaSimError(401, 'InvalidAccessToken', 'Invalid access token.');
    }
    if (this.now() >= record.expiresAt) {
      throw new DwollaSimError(
        401,
        'ExpiredAccessToken',
        'Generate a new access token using a valid refresh token.',
      );
    }
    return record.principal;
  }

  /**
   * Bench control: a pair for an account as if it had just been authorized through OAuth, without
   * the browser round trip (the token-refresh scale run seeds thousands of accounts this way).
   */
  grant(accountId: string, scope: string): IssuedPair {
    return this.issuePair(accountId, scope);
  }

  /**
   * Refresh-token exchanges per account since start: `calls` that named a known token and
   * `rotations` that issued a new pair (a grace-window re-use is a call without a rotation).
   */
  refreshCounts(): Record<string, { calls: number; rotations: number }> {
    return Object.fromEntries(this.refreshStats);
  }

  /** Test control: makes an account's current tokens expired. */
  expire(accountId: string, which: 'access' | 'refresh' | 'both'): void {
    const past = this.now() - 1;
    for (const token of this.currentByAccount.get(accountId) ?? []) {
      const record = this.refreshTokens.get(token)!;
      if (which !== 'access') record.expiresAt = past;
      if (which !== 'refresh') {
        const access = this.access.get(record.pair.accessToken);
        if (access) access.expiresAt = past;
      }
    }
  }

  /**
   * Whether Dwolla still sends this account's webhooks: only while the application holds a
   * valid refresh token for it
   * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html;
   * https://developers.dwolla.com/docs/balance/webhooks note). Accounts never authorized through
   * OAuth (created by the test controls) always stream.
   */
  streamsEvents(accountId: string): boolean {
    const current = this.currentByAccount.get(accountId);
    if (current === undefined) return true;
    const now = this.now();
    for (const token of current) {
      if (this.refreshTokens.get(token)!.expiresAt > now) return true;
    }
    return false;
  }

  private issuePair(accountId: string, scope: string): IssuedPair {
    const now = this.now();
    const pair: IssuedPair = {
      accountId,
      accessToken: randomToken(50),
      refreshToken: randomToken(50),
      scope,
      accessExpiresAt: now + this.lifetimes.accessTokenLifetimeSeconds * 1000,
      refreshExpiresAt: now + this.lifetimes.refreshTokenLifetimeSeconds * 1000,
    };
    this.access.set(pair.accessToken, {
      principal: { kind: 'account', accountId },
      expiresAt: pair.accessExpiresAt,
      revoked: false,
    });
    this.refreshTokens.set(pair.refreshToken, { pair, expiresAt: pair.refreshExpiresAt });
    let current = this.currentByAccount.get(accountId);
    if (!current) {
      current = new Set();
      this.currentByAccount.set(accountId, current);
    }
    current.add(pair.refreshToken);
    return pair;
  }

  private statsOf(accountId: string): { calls: number; rotations: number } {
    let stats = this.refreshStats.get(accountId);
    if (!stats) {
      stats = { calls: 0, rotations: 0 };
      this.refreshStats.set(accountId, stats);
    }
    return stats;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

function invalidRefresh(): OAuthSimError {
  return new OAuthSimError(400, 'access_denied', 'Invalid refresh token.');
}

function randomToken(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}
