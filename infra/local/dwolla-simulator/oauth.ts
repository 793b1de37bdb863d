/**
 * The OAuth side of the simulator: the authorize page (Allow / Deny) and the token endpoint
 * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html and
 * https://developers.dwolla.com/docs/auth).
 */

import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../shared/ports/clock.js';
import { escapeHtml } from '../html.js';
import { OAuthSimError } from './errors.js';
import type { SimUrls } from './hal.js';
import type { Parties } from './parties.js';
import type { SimStore } from './store.js';
import type { IssuedPair, TokenService } from './tokens.js';

/** The application's credentials. */
export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** A response the server writes as is. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * Authorize page and token endpoint.
 *
 * @example
 * ```ts
 * const oauth = new OAuthEndpoints(credentials, tokens, parties, store, urls, clock);
 * const page = oauth.authorizePage(new URL(req.url, base).searchParams);
 * ```
 */
export class OAuthEndpoints {
  constructor(
    private readonly credentials: ClientCredentials,
    private readonly tokens: TokenService,
    private readonly parties: Parties,
    private readonly store: SimStore,
    private readonly urls: SimUrls,
    private readonly clock: Clock,
  ) {}

  /** `GET /oauth/authorize?client_id&response_type=code&redirect_uri&scope&state`. */
  authorizePage(query: URLSearchParams): RawResponse {
    const problem = this.checkAuthorizeRequest(query);
    if (problem) return htmlPage(400, 'Authorization error', `<p>${escapeHtml(problem)}</p>`);
    const hidden = ['client_id', 'redirect_uri', 'scope', 'state', 'response_type']
      .map(
        (name) =>
          `<input type="hidden" name="${name}" value="${escapeHtml(query.get(name) ?? '')}">`,
      )
      .join('\n');
    const accounts = [...this.store.accounts.values()]
      .map(
        (account) =>
          `<option value="${account.id}">${escapeHtml(account.name)} (${account.id})</option>`,
      )
      .join('\n');
    const body = `<h1>Dwolla simulator</h1>
<p>The application <strong>${escapeHtml(query.get('client_id') ?? '')}</strong> asks for: <code>${escapeHtml(query.get('scope') ?? '')}</code></p>
<form method="post" action="/oauth/authorize">
${hidden}
<label>Account <select name="account_id"><option value="">A new sandbox account</option>
${accounts}
</select></label>
<p><button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button></p>
</form>`;
    return htmlPage(200, 'Authorize application', body);
  }

  /**
   * The Allow / Deny form: 302 to `redirect_uri` with `code` and `state`, or with `error`,
   * `error_description` and `state`
   * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html).
   */
  authorizeDecision(form: URLSearchParams): RawResponse {
    const problem = this.checkAuthorizeRequest(form);
    if (problem) return htmlPage(400, 'Authorization error', `<p>${escapeHtml(problem)}</p>`);
    const redirect = new URL(form.get('redirect_uri')!);
    const state = form.get('state');
    if (form.get('decision') !== 'allow') {
      redirect.searchParams.set('error', 'access_denied');
      redirect.searchParams.set('error_description', 'The user denied the request.');
    } else {
      const chosen = form.get('account_id');
      const accountId =
        chosen && this.store.accounts.has(chosen)
          ? chosen
          : this.parties.createAccount({ name: 'Sandbox Account' }).id;
      const code = this.tokens.issueCode(
        accountId,
        form.get('redirect_uri')!,
        form.get('scope') ?? '',
      );
      redirect.searchParams.set('code', code);
    }
    if (state !== null) redirect.searchParams.set('state', state);
    return { status: 302, headers: { location: redirect.toString() }, body: '' };
  }

  /**
   * `POST /token` (form, or JSON): client auth by HTTP Basic or `client_id`/`client_secret`
   * fields, both accepted (https://developers.dwolla.com/docs/auth).
   */
  token(authorization: string | undefined, fields: URLSearchParams): RawResponse {
    this.checkClient(authorization, fields);
    const grant = fields.get('grant_type');
    if (grant === 'client_credentials') {
      const issued = this.tokens.clientCredentials();
      return json(200, {
        access_token: issued.accessToken,
        token_type: 'bearer',
        expires_in: this.secondsUntil(issued.expiresAt),
      });
    }
    if (grant === 'authorization_code') {
      const code = fields.get('code');
      if (!code) throw new OAuthSimError(400, 'invalid_request', 'Missing code.');
      return json(
        200,
        this.pairBody(this.tokens.exchangeCode(code, fields.get('redirect_uri') ?? undefined)),
      );
    }
    if (grant === 'refresh_token') {
      const refreshToken = fields.get('refresh_token');
      if (!refreshToken) throw new OAuthSimError(400, 'invalid_request', 'Missing refresh_token.');
      return json(200, this.pairBody(this.tokens.refresh(refreshToken)));
    }
    throw new OAuthSimError(400, 'unsupported_grant_type', 'Unsupported grant_type.');
  }

  private pairBody(pair: IssuedPair): Record<string, unknown> {
    return {
      _links: { account: { href: this.urls.account(pair.accountId) } },
      access_token: pair.accessToken,
      expires_in: this.secondsUntil(pair.accessExpiresAt),
      refresh_token: pair.refreshToken,
      refresh_expires_in: this.secondsUntil(pair.refreshExpiresAt),
      token_type: 'bearer',
      scope: pair.scope.toLowerCase(),
      account_id: pair.accountId,
    };
  }

  private checkAuthorizeRequest(params: URLSearchParams): string | undefined {
    if (params.get('client_id') !== this.credentials.clientId) return 'Unknown client_id.';
    if (params.get('response_type') !== 'code') return 'response_type must be code.';
    const redirectUri = params.get('redirect_uri');
    if (!redirectUri || !URL.canParse(redirectUri)) return 'redirect_uri must be an absolute URL.';
    return undefined;
  }

  private checkClient(authorization: string | undefined, fields: URLSearchParams): void {
    let id = fields.get('client_id');
    let secret = fields.get('client_secret');
    if (authorization?.startsWith('Basic ')) {
      const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
      const separator = decoded.indexOf(':');
      if (separator > 0) {
        id = safeDecode(decoded.slice(0, separator));
        secret = safeDecode(decoded.slice(separator + 1));
      }
    }
    if (
      !id ||
      !secret ||
      !same(id, this.credentials.clientId) ||
      !same(secret, this.credentials.clientSecret)
    ) {
      throw new OAuthSimError(401, 'invalid_client', 'Invalid client credentials.');
    }
  }

  private secondsUntil(epochMs: number): number {
    return Math.max(0, Math.round((epochMs - this.clock.now().getTime()) / 1000));
  }
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function json(status: number, body: unknown): RawResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

function htmlPage(status: number, title: string, content: string): RawResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${content}</body></html>`,
  };
}
