/**
 * The built-in Dwolla simulator: a local HTTP server that behaves like Dwolla as the reference
 * documents describe (OAuth, transfers with their legs, events, signed webhooks, sandbox
 * simulations), for `npm start` with `DWOLLA_ENVIRONMENT=simulator` and the integration tests.
 * See README.md in this folder.
 */

import { createServer } from 'node:http';
import type { Clock } from '../../../shared/ports/clock.js';
import { listen } from '../http-json.js';
import type { BillPaymentInput, BillPaymentResult } from './bill-payments.js';
import { type RequestLogEntry, SimulatorCore } from './core.js';
import type { SimAccount, SimCustomer } from './parties.js';
import type { ScenarioInput, ScenarioName, ScenarioResult } from './scenarios.js';
import { createRequestListener } from './server.js';
import type { Chaos } from './webhook-types.js';

export type { BillPaymentInput, BillPaymentResult } from './bill-payments.js';
export type { RequestLogEntry } from './core.js';
export { DwollaSimError, OAuthSimError, SimControlError, SimulatorError } from './errors.js';
export type { SimAccount, SimCustomer, SimFundingSourceRef, SimFundingSources } from './parties.js';
export {
  SCENARIO_NAMES,
  type ScenarioInput,
  type ScenarioLeg,
  type ScenarioName,
  type ScenarioResult,
} from './scenarios.js';
export { signWebhookBody } from './signature.js';
export { type Chaos, RETRY_DELAYS_MS } from './webhook-types.js';

/** Options of {@link startDwollaSimulator}. */
export interface DwollaSimulatorOptions {
  /** 0 (default) = a random free port. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Default secret for `subscribeWebhooks(url)` when none is given. */
  readonly webhookSecret?: string;
  /** Default 3600 (https://developers.dwolla.com/guides/auth/authorization-code-flow.html). */
  readonly accessTokenLifetimeSeconds?: number;
  /** Default 5184000 (60 days). */
  readonly refreshTokenLifetimeSeconds?: number;
  /** Default 60. */
  readonly authorizationCodeLifetimeSeconds?: number;
  /** Grace window for re-using the last refresh token; default 30. */
  readonly refreshReuseWindowSeconds?: number;
  /** Divides Dwolla's retry schedule (15 min, 1 h, 3 h, ...); default 3600 (15 min → 250 ms). */
  readonly webhookRetryCompression?: number;
  /**
   * Per-attempt webhook timeout; default 10000
   * (https://developers.dwolla.com/guides/webhooks/process-validate).
   */
  readonly webhookTimeoutMs?: number;
  /** Drives token expiry and timestamps; default the system clock. */
  readonly clock?: Clock;
  /** Drives chaos; default `Math.random`. */
  readonly random?: () => number;
}

/** A running simulator. */
export interface DwollaSimulator {
  /** API base, e.g. `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** `${url}/token`. */
  readonly tokenUrl: string;
  /** `${url}/oauth/authorize` (HTML page). */
  readonly authorizeUrl: string;
  /** Subscribes a URL to every event; `secret` defaults to `options.webhookSecret`. */
  subscribeWebhooks(url: string, secret?: string): Promise<{ id: string }>;
  setChaos(chaos: Chaos): void;
  /** An account with a bank, a balance, the R01/R03/R01-late/R03-late banks and two customers. */
  createAccount(input?: { name?: string }): SimAccount;
  /** A customer of an account with the same sandbox bank set (and a balance when verified). */
  createCustomer(
    accountId: string,
    input: { type: 'unverified' | 'verified'; firstName?: string },
  ): SimCustomer;
  /** Creates the transfers of one documented scenario and processes its chain to the end. */
  runScenario(name: ScenarioName, input: ScenarioInput): Promise<ScenarioResult>;
  /**
   * A Regalii bill payment from a customer's bank
   * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html), left pending.
   */
  createBillPayment(input: BillPaymentInput): BillPaymentResult;
  /** Same as `POST /sandbox-simulations`: one step for every pending leg. */
  processPending(): Promise<void>;
  expireTokens(accountId: string, which: 'access' | 'refresh' | 'both'): void;
  /** Resolves when every due delivery attempt has been made. */
  flushWebhooks(): Promise<void>;
  /** What `GET /events` lists: newest first. */
  events(): readonly unknown[];
  /** Every request to the Dwolla API paths (not `/__sim`): method, path, status; never a token. */
  requestLog(): readonly RequestLogEntry[];
  close(): Promise<void>;
}

/**
 * Starts the simulator on `host:port` (127.0.0.1, random port by default).
 *
 * @example
 * ```ts
 * const sim = await startDwollaSimulator({ clientId: 'id', clientSecret: 'secret' });
 * const account = sim.createAccount();
 * const result = await sim.runScenario('client-to-unverified-success', { accountId: account.id });
 * await sim.close();
 * ```
 */
export async function startDwollaSimulator(
  options: DwollaSimulatorOptions,
): Promise<DwollaSimulator> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  server.keepAliveTimeout = 5_000;
  const { port, close } = await listen(server, options.port ?? 0, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const core = new SimulatorCore({
    baseUrl: url,
    clock: options.clock ?? { now: () => new Date() },
    random: options.random ?? Math.random,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
    refreshTokenLifetimeSeconds: options.refreshTokenLifetimeSeconds ?? 5_184_000,
    authorizationCodeLifetimeSeconds: options.authorizationCodeLifetimeSeconds ?? 60,
    refreshReuseWindowSeconds: options.refreshReuseWindowSeconds ?? 30,
    webhookRetryCompression: options.webhookRetryCompression ?? 3600,
    ...(options.webhookTimeoutMs ? { webhookTimeoutMs: options.webhookTimeoutMs } : {}),
  });
  server.on('request', createRequestListener(core));

  return {
    url,
    tokenUrl: `${url}/token`,
    authorizeUrl: `${url}/oauth/authorize`,
    async subscribeWebhooks(target, secret) {
      const chosen = secret ?? options.webhookSecret;
      if (!chosen) throw new Error('subscribeWebhooks needs a secret (or options.webhookSecret).');
      return { id: core.webhooks.subscribe(target, chosen).id };
    },
    setChaos: (chaos) => core.setChaos(chaos),
    createAccount: (input) => core.parties.createAccount(input),
    createCustomer: (accountId, input) => core.parties.createCustomer(accountId, input),
    runScenario: async (name, input) => core.scenarios.run(name, input),
    createBillPayment: (input) => core.billPayments.create(input),
    async processPending() {
      core.engine.processPending();
    },
    expireTokens: (accountId, which) => core.tokens.expire(accountId, which),
    async flushWebhooks() {
      core.events.endBurst();
      await core.webhooks.flush();
    },
    events: () => core.events.page(core.events.total, 0).map((event) => event.payload),
    requestLog: () => [...core.requests],
    async close() {
      core.webhooks.close();
      await close();
    },
  };
}
