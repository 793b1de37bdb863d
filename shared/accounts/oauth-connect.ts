import { createHash, randomBytes } from 'node:crypto';
import { type Clock, systemClock } from '../ports/clock.js';
import { ReturnUrlNotAllowedError } from './errors.js';
import type { OAuthStateStore } from './ports.js';
import { isAllowedReturnUrl } from './return-url.js';

/**
 * Scopes requested when the caller names none
 * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html).
 */
const DEFAULT_SCOPE = 'Send|Funding|Transactions|AccountInfoFull';

/** A state is usable for 10 minutes. */
const STATE_LIFETIME_MS = 10 * 60_000;

/**
 * The key a state is stored under: its SHA-256, so the table never holds a usable state.
 *
 * @example
 * ```ts
 * keys.oauthState(hashState(state));
 * ```
 */
export function hashState(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

/** 32 random bytes (256 bits), base64url. */
function newState(): string {
  return randomBytes(32).toString('base64url');
}

/** Settings of the authorize step. */
export interface StartAuthorizationDeps {
  readonly states: OAuthStateStore;
  /** The application key, read from the app secret once per container. */
  readonly clientId: () => Promise<string>;
  /** Dwolla's authorize page (`DWOLLA_AUTHORIZE_URL`). */
  readonly authorizeUrl: string;
  /** `OAUTH_REDIRECT_URI`: this API's `/oauth/callback`. */
  readonly redirectUri: string;
  /** `OAUTH_RETURN_URL_ALLOWLIST`. */
  readonly returnUrlAllowlist: readonly string[];
  readonly clock?: Clock;
}

/** The answer of `POST /oauth/authorize`. */
export interface AuthorizationStarted {
  readonly authorizeUrl: string;
  readonly state: string;
  /** ISO-8601. */
  readonly expiresAt: string;
}

/**
 * Starts an account connection
 * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html ("Step 1: Request user
 * authorization")): stores a single-use state with its `returnTo` for 10 minutes and builds
 * Dwolla's authorize URL. Throws {@link ReturnUrlNotAllowedError} when `returnTo` is not on the
 * allowlist.
 *
 * @example
 * ```ts
 * const started = await startAuthorization(deps, { returnTo: 'https://app.example.com/done' });
 * // started.authorizeUrl → redirect the user's browser there
 * ```
 */
export async function startAuthorization(
  deps: StartAuthorizationDeps,
  input: { returnTo?: string; scope?: string; reference?: string; tenantId: string },
): Promise<AuthorizationStarted> {
  if (
    input.returnTo !== undefined &&
    !isAllowedReturnUrl(input.returnTo, deps.returnUrlAllowlist)
  ) {
    throw new ReturnUrlNotAllowedError();
  }
  const clock = deps.clock ?? systemClock;
  const scope = input.scope ?? DEFAULT_SCOPE;
  const state = newState();
  const expiresAt = new Date(clock.now().getTime() + STATE_LIFETIME_MS);
  await deps.states.save(
    hashState(state),
    {
      scope,
      tenantId: input.tenantId,
      ...(input.returnTo === undefined ? {} : { returnTo: input.returnTo }),
      ...(input.reference === undefined ? {} : { reference: input.reference }),
    },
    expiresAt,
  );
  const url = new URL(deps.authorizeUrl);
  url.searchParams.set('client_id', await deps.clientId());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', deps.redirectUri);
  url.searchParams.set('scope', scope);
  url.searchParams.set('state', state);
  return { authorizeUrl: url.toString(), state, expiresAt: expiresAt.toISOString() };
}
