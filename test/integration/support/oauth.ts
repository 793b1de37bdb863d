import { decideAtSimulator, simControl } from '../../support/simulator.js';
import { documentedFetch } from './documented-answers.js';
import { apiFetch, stackInfo } from './local-stack.js';

/**
 * Helpers that drive the OAuth connect flow through the local gateway and the Dwolla
 * simulator's authorize page, as a browser would (redirects followed by hand).
 */

/** Where the connect flow sends the browser back to (on the allowlist of the local stack). */
export function returnToUrl(path = '/connected'): string {
  return `${stackInfo().apiUrl}${path}`;
}

/**
 * `POST /oauth/authorize`, then the simulator's page and its Allow/Deny form: resolves with the
 * URL the simulator redirects the browser to (our callback with `code`+`state` or `error`).
 *
 * @example
 * ```ts
 * const { callbackUrl } = await authorizeAtSimulator({ decision: 'allow' });
 * ```
 */
export async function authorizeAtSimulator(
  options: {
    decision?: 'allow' | 'deny';
    returnTo?: string | null;
    simAccountId?: string;
    /** The app key starting the connect (its tenant will own the account); the local key by default. */
    apiKey?: string;
    reference?: string;
  } = {},
): Promise<{ callbackUrl: URL; state: string; authorizeUrl: string }> {
  const returnTo = options.returnTo === undefined ? returnToUrl() : options.returnTo;
  const started = await apiFetch('/oauth/authorize', {
    method: 'POST',
    ...(options.apiKey === undefined ? {} : { headers: { 'x-api-key': options.apiKey } }),
    body: JSON.stringify({
      ...(returnTo === null ? {} : { returnTo }),
      ...(options.reference === undefined ? {} : { reference: options.reference }),
    }),
  });
  if (started.status !== 200) throw new Error(`authorize answered ${started.status}`);
  const { authorizeUrl, state } = (await started.json()) as { authorizeUrl: string; state: string };
  const callbackUrl = await decideAtSimulator(authorizeUrl, options);
  return { callbackUrl, state, authorizeUrl };
}

/**
 * The whole connect flow: authorize → simulator Allow → our callback. Resolves with the new
 * account id and where the callback redirected to.
 *
 * @example
 * ```ts
 * const { accountId } = await connectAccount();
 * ```
 */
export async function connectAccount(
  options: { simAccountId?: string; apiKey?: string; reference?: string } = {},
): Promise<{ accountId: string; callbackUrl: URL; location: URL; state: string }> {
  const { location: back, callbackUrl, state } = await connectAttempt(options);
  const accountId = back.searchParams.get('accountId');
  if (back.searchParams.get('status') !== 'connected' || !accountId) {
    throw new Error(`callback did not connect: ${back.search}`);
  }
  return { accountId, callbackUrl, location: back, state };
}

/**
 * The whole connect flow, whatever its outcome: resolves with where the callback redirected
 * the browser to (its query says `status`, `state`, `reference`, …).
 *
 * @example
 * ```ts
 * const { location } = await connectAttempt({ apiKey: otherTenantKey, simAccountId });
 * ```
 */
export async function connectAttempt(
  options: { simAccountId?: string; apiKey?: string; reference?: string } = {},
): Promise<{ location: URL; callbackUrl: URL; state: string }> {
  const { callbackUrl, state } = await authorizeAtSimulator({ decision: 'allow', ...options });
  const callback = await documentedFetch(callbackUrl, { redirect: 'manual' });
  const location = callback.headers.get('location');
  if (callback.status !== 302 || !location) throw new Error(`callback answered ${callback.status}`);
  return { location: new URL(location), callbackUrl, state };
}

/** The simulator's request log (method, path, status; never a token). */
export async function simulatorRequests(): Promise<
  { method: string; path: string; status: number }[]
> {
  const response = await fetch(`${simulatorUrl()}/__sim/requests`);
  return (await response.json()) as { method: string; path: string; status: number }[];
}

/** How many token-endpoint calls the simulator has seen so far. */
export async function tokenCalls(): Promise<number> {
  return (await simulatorRequests()).filter((r) => r.method === 'POST' && r.path === '/token')
    .length;
}

/** Expires an account's tokens in the simulator (`/__sim/tokens/expire`). */
export async function expireSimulatorTokens(
  accountId: string,
  which: 'access' | 'refresh' | 'both',
): Promise<void> {
  await simControl(simulatorUrl(), '/__sim/tokens/expire', { accountId, which });
}

/** The simulator's base URL (the integration stack always runs it). */
export function simulatorUrl(): string {
  const url = stackInfo().simulatorUrl;
  if (!url) throw new Error('the local stack runs without the Dwolla simulator');
  return url;
}
