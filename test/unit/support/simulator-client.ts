/** Small HTTP helpers for the simulator tests: the OAuth dance and authorised requests. */

import {
  type DwollaSimulator,
  type DwollaSimulatorOptions,
  startDwollaSimulator,
} from '../../../infra/local/dwolla-simulator/index.js';

export const CLIENT_ID = 'sim-client-id';
export const CLIENT_SECRET = 'sim-client-secret';
export const REDIRECT_URI = 'http://127.0.0.1:9/oauth/callback';

export interface TokenBody {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
  readonly refresh_expires_in: number;
  readonly account_id: string;
}

/**
 * Starts a simulator on a random port that knows the tests' client (`CLIENT_ID`/`CLIENT_SECRET`);
 * `options` set anything else (clock, lifetimes, webhook timing).
 *
 * @example
 * ```ts
 * const sim = await startTestSimulator({ clock: manualClock() });
 * ```
 */
export function startTestSimulator(
  options: Omit<DwollaSimulatorOptions, 'clientId' | 'clientSecret'> = {},
): Promise<DwollaSimulator> {
  return startDwollaSimulator({
    port: 0,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    ...options,
  });
}

function basic(): string {
  return `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
}

/** `POST /token` with HTTP Basic client auth. */
export async function postToken(
  sim: DwollaSimulator,
  fields: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(sim.tokenUrl, {
    method: 'POST',
    headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Clicks "Allow" (or "Deny") on the authorize page for an account; returns the redirect URL. */
export async function authorize(
  sim: DwollaSimulator,
  input: { accountId?: string; decision?: 'allow' | 'deny'; state?: string },
): Promise<URL> {
  const form = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'Send|Transactions|Funding',
    state: input.state ?? 'state-1',
    account_id: input.accountId ?? '',
    decision: input.decision ?? 'allow',
  });
  const response = await fetch(sim.authorizeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  if (response.status !== 302) throw new Error(`authorize answered ${response.status}`);
  return new URL(response.headers.get('location')!);
}

/** Authorizes an account and exchanges the code: its first token pair. */
export async function accountTokens(sim: DwollaSimulator, accountId: string): Promise<TokenBody> {
  const redirect = await authorize(sim, { accountId });
  const { body } = await postToken(sim, {
    grant_type: 'authorization_code',
    code: redirect.searchParams.get('code')!,
    redirect_uri: REDIRECT_URI,
  });
  return body as unknown as TokenBody;
}

/** An application token (client credentials). */
export async function appToken(sim: DwollaSimulator): Promise<string> {
  const { body } = await postToken(sim, { grant_type: 'client_credentials' });
  return body.access_token as string;
}

/** An authorised Dwolla API call; `json` is undefined for empty bodies. */
export async function call(
  url: string,
  token: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: Record<string, unknown> | undefined; headers: Headers }> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      accept: 'application/vnd.dwolla.v1.hal+json',
      authorization: `Bearer ${token}`,
      ...(init.body ? { 'content-type': 'application/vnd.dwolla.v1.hal+json' } : {}),
      ...init.headers,
    },
    ...(init.body ? { body: init.body } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    headers: response.headers,
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date('2026-01-01T00:00:00.000Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(seconds: number) {
      now += seconds * 1000;
    },
  };
}
