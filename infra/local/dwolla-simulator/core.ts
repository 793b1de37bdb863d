/**
 * Wires the simulator's parts together once its base URL is known.
 */

import type { Clock } from '../../../shared/ports/clock.js';
import { BillPayments } from './bill-payments.js';
import { EnrichmentFaults } from './chaos.js';
import { EventLog } from './events.js';
import { SimUrls } from './hal.js';
import { IdempotencyKeys } from './idempotency.js';
import { type ClientCredentials, OAuthEndpoints } from './oauth.js';
import { Parties } from './parties.js';
import { ScenarioRunner } from './scenarios.js';
import { SimStore } from './store.js';
import { type TokenLifetimes, TokenService } from './tokens.js';
import { TransferEngine } from './transfers.js';
import { SimViews } from './views.js';
import { type Chaos, WebhookSender } from './webhooks.js';

/** Everything the core needs. */
export interface CoreOptions extends TokenLifetimes, ClientCredentials {
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly webhookRetryCompression: number;
  readonly random: () => number;
  readonly webhookTimeoutMs?: number;
}

/** One entry of the request log: never a token, a query string or a body. */
export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/**
 * The simulator's services, shared by the HTTP server and the programmatic controls.
 *
 * @example
 * ```ts
 * const core = new SimulatorCore({ baseUrl, clock, clientId, clientSecret, ... });
 * core.engine.processPending();
 * ```
 */
export class SimulatorCore {
  readonly store = new SimStore();
  readonly urls: SimUrls;
  readonly clock: Clock;
  readonly random: () => number;
  readonly tokens: TokenService;
  readonly webhooks: WebhookSender;
  readonly events: EventLog;
  readonly parties: Parties;
  readonly engine: TransferEngine;
  readonly billPayments: BillPayments;
  readonly scenarios: ScenarioRunner;
  readonly views: SimViews;
  readonly oauth: OAuthEndpoints;
  readonly idempotency = new IdempotencyKeys();
  readonly enrichmentFaults = new EnrichmentFaults();
  readonly requests: RequestLogEntry[] = [];

  constructor(options: CoreOptions) {
    this.clock = options.clock;
    this.random = options.random;
    this.urls = new SimUrls(options.baseUrl);
    this.tokens = new TokenService(options.clock, options);
    this.webhooks = new WebhookSender({
      clock: options.clock,
      retryCompression: options.webhookRetryCompression,
      random: options.random,
      streamsEvents: (accountId) => this.tokens.streamsEvents(accountId),
      ...(options.webhookTimeoutMs ? { timeoutMs: options.webhookTimeoutMs } : {}),
    });
    this.events = new EventLog(this.urls, options.clock, (burst) => this.webhooks.enqueue(burst));
    this.parties = new Parties(this.store, this.urls, options.clock);
    this.engine = new TransferEngine(this.store, this.urls, options.clock, this.events);
    this.billPayments = new BillPayments(this.store, this.parties, this.engine, options.clock);
    this.scenarios = new ScenarioRunner(
      this.store,
      this.parties,
      this.engine,
      this.billPayments,
      this.events,
    );
    this.views = new SimViews(this.store, this.urls);
    this.oauth = new OAuthEndpoints(
      options,
      this.tokens,
      this.parties,
      this.store,
      this.urls,
      options.clock,
    );
  }

  /** Webhook chaos and the enrichment failure schedule, set together. */
  setChaos(chaos: Chaos): void {
    this.webhooks.setChaos(chaos);
    this.enrichmentFaults.reset(chaos.failRate);
  }
}
