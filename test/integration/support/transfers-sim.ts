import { randomUUID } from 'node:crypto';
import { apiFetch } from './local-stack.js';
import { connectAccount, simulatorRequests, simulatorUrl } from './oauth.js';

/** A simulator funding source or party as the `/__sim` controls describe it. */
interface SimRef {
  readonly id: string;
  readonly url: string;
}

/** What `POST /__sim/accounts` answers (the parts the transfer tests use). */
export interface SimAccountInfo {
  readonly id: string;
  readonly url: string;
  readonly fundingSources: { readonly bank: SimRef; readonly balance: SimRef };
  readonly customers: {
    readonly unverified: {
      readonly id: string;
      readonly fundingSources: { readonly bank: SimRef };
    };
    readonly verified: { readonly id: string; readonly fundingSources: { readonly bank: SimRef } };
  };
}

/**
 * Creates a sandbox account in the simulator and connects it through the OAuth flow
 * (authorize → simulator Allow → our callback), so the Transfers API holds its tokens.
 *
 * @example
 * ```ts
 * const account = await connectedSimAccount();
 * ```
 */
export async function connectedSimAccount(
  options: { apiKey?: string; reference?: string } = {},
): Promise<SimAccountInfo> {
  const response = await fetch(`${simulatorUrl()}/__sim/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Transfers API test' }),
  });
  if (response.status !== 201) throw new Error(`sim account answered ${response.status}`);
  const account = (await response.json()) as SimAccountInfo;
  const { accountId } = await connectAccount({ simAccountId: account.id, ...options });
  if (accountId !== account.id) throw new Error('connected another account than the one created');
  return account;
}

/**
 * How many `POST /transfers` the simulator has received so far (its request log).
 *
 * @example
 * ```ts
 * const before = await simulatorTransferPosts();
 * ```
 */
export async function simulatorTransferPosts(): Promise<number> {
  return (await simulatorRequests()).filter((r) => r.method === 'POST' && r.path === '/transfers')
    .length;
}

/**
 * Runs a simulator scenario (https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7
 * and https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/ and
 * https://developers.dwolla.com/docs/balance/transfer-lifecycle) for an account.
 *
 * @example
 * ```ts
 * const { legs } = await runScenario('verified-to-verified', { accountId, correlationId });
 * ```
 */
export async function runScenario(
  name: string,
  input: { accountId: string; correlationId?: string; amount?: string },
): Promise<{ transferId: string; correlationId: string; legs: { id: string }[] }> {
  const response = await fetch(`${simulatorUrl()}/__sim/scenarios/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (response.status !== 200) throw new Error(`scenario ${name} answered ${response.status}`);
  return (await response.json()) as {
    transferId: string;
    correlationId: string;
    legs: { id: string }[];
  };
}

/** A response body as the tests read it (checked field by field with `expect`). */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted, not trusted
export type ApiJson = any;

/**
 * A valid `POST /transfers` body for a connected simulator account: its bank to its unverified
 * customer's bank, with a fresh `correlationId` (`<prefix>-<uuid>`); `changes` replace top-level
 * fields.
 */
export function simTransferBody(
  account: SimAccountInfo,
  options: { amount: string; correlationPrefix: string },
  changes: Record<string, unknown> = {},
): Record<string, ApiJson> {
  return {
    accountId: account.id,
    _links: {
      source: { href: account.fundingSources.bank.url },
      destination: { href: account.customers.unverified.fundingSources.bank.url },
    },
    amount: { value: options.amount, currency: 'USD' },
    correlationId: `${options.correlationPrefix}-${randomUUID()}`,
    ...changes,
  };
}

/** `POST /transfers` through the local gateway, with an optional `Idempotency-Key`. */
export async function postTransfer(
  body: unknown,
  idempotencyKey?: string,
  apiKey?: string,
): Promise<{ status: number; headers: Headers; json: ApiJson }> {
  const response = await apiFetch('/transfers', {
    method: 'POST',
    headers: {
      ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
      ...(apiKey === undefined ? {} : { 'x-api-key': apiKey }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as ApiJson,
  };
}
