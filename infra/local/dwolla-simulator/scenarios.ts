/**
 * Runs Dwolla's documented transfer scenarios (`scenario-specs.ts`) end to end against the
 * simulator's transfer engine.
 */

import { randomUUID } from 'node:crypto';
import type { TransferStatus } from '../../../shared/domain/transfer.js';
import type { BillPayments } from './bill-payments.js';
import { SimControlError } from './errors.js';
import type { EventLog } from './events.js';
import type { Parties, SimFundingSources } from './parties.js';
import { type Party, type ScenarioName, type ScenarioSpec, SPECS } from './scenario-specs.js';
import type { PartyRef, SimStore } from './store.js';
import type { TransferEngine } from './transfers.js';

export { SCENARIO_NAMES, type ScenarioName } from './scenario-specs.js';

/** Input of `runScenario()`. */
export interface ScenarioInput {
  readonly accountId: string;
  readonly amount?: string;
  /** Defaults to a new UUID (bill payments: the Regalii transaction id). */
  readonly correlationId?: string;
}

/** One leg of a finished scenario. */
export interface ScenarioLeg {
  readonly id: string;
  readonly status: TransferStatus;
  readonly expectedStatus: TransferStatus;
  /** Topics emitted for this leg, in order. */
  readonly topics: readonly string[];
}

/** What `runScenario()` returns. */
export interface ScenarioResult {
  readonly name: ScenarioName;
  readonly doc: string;
  readonly accountId: string;
  /** The id `POST /transfers` answered with (bill payments: the transfer leg). */
  readonly transferId: string;
  readonly correlationId: string;
  /** Legs in chain order (funding → funded). */
  readonly legs: readonly ScenarioLeg[];
  /** Customers created for the scenario. */
  readonly customerIds: readonly string[];
  readonly billPaymentId?: string;
  /** Every event the scenario emitted, oldest first. */
  readonly events: readonly { id: string; topic: string; resourceId: string }[];
  /** How many simulation steps it took. */
  readonly steps: number;
}

/**
 * Runs the scenarios against the engine, processing only the scenario's own chain.
 *
 * @example
 * ```ts
 * const result = scenarios.run('client-to-unverified-success', { accountId });
 * ```
 */
export class ScenarioRunner {
  constructor(
    private readonly store: SimStore,
    private readonly parties: Parties,
    private readonly engine: TransferEngine,
    private readonly billPayments: BillPayments,
    private readonly events: EventLog,
  ) {}

  run(name: ScenarioName, input: ScenarioInput): ScenarioResult {
    const spec: ScenarioSpec | undefined = SPECS[name];
    if (!spec) throw new SimControlError(`Unknown scenario ${name}.`);
    if (!this.store.accounts.has(input.accountId)) {
      throw new SimControlError(`Unknown account ${input.accountId}.`);
    }
    const firstEvent = this.events.total;
    const customers = new Map<Party, { id: string; sources: SimFundingSources }>();
    const party = (which: Party): { owner: PartyRef; sources: SimFundingSources } => {
      if (which === 'account') {
        const sources = this.accountSources(input.accountId);
        return { owner: { kind: 'account', id: input.accountId }, sources };
      }
      let customer = customers.get(which);
      if (!customer) {
        const created = this.parties.createCustomer(input.accountId, {
          type: which === 'unverified' ? 'unverified' : 'verified',
          firstName: which,
        });
        customer = { id: created.id, sources: created.fundingSources };
        customers.set(which, customer);
      }
      return { owner: { kind: 'customer', id: customer.id }, sources: customer.sources };
    };
    const sourceRef = party(spec.from.party).sources[spec.from.bank]!;
    const correlationId = input.correlationId ?? randomUUID();
    let transferId: string;
    let chainId: string;
    let billPaymentId: string | undefined;
    if (spec.billPayment) {
      const created = this.billPayments.create({
        fundingSourceId: sourceRef.id,
        ...(input.amount ? { amount: input.amount } : {}),
        regaliiTransactionId: correlationId,
      });
      ({ transferId, chainId, billPaymentId } = created);
    } else {
      const destinationRef = party(spec.to!.party).sources[spec.to!.bank]!;
      const leg = this.engine.initiate({
        accountId: input.accountId,
        source: this.store.fundingSources.get(sourceRef.id)!,
        destination: this.store.fundingSources.get(destinationRef.id)!,
        amount: { value: input.amount ?? '100.00', currency: 'USD' },
        correlationId,
      });
      transferId = leg.id;
      chainId = leg.chainId;
    }
    if (spec.cancel) this.engine.cancel(this.store.legs.get(transferId)!);
    let steps = 0;
    while (this.engine.isOpen(chainId) && steps < 20) {
      this.engine.processPending([chainId]);
      steps++;
    }
    return this.result(name, spec, input.accountId, {
      transferId,
      chainId,
      correlationId,
      billPaymentId,
      customerIds: [...customers.values()].map((customer) => customer.id),
      firstEvent,
      steps,
    });
  }

  private accountSources(accountId: string): SimFundingSources {
    const sources = this.store.fundingSourcesOf({ kind: 'account', id: accountId });
    const byName = (name: string) => {
      const found = sources.find((source) => source.name === name && !source.removed);
      if (!found) throw new SimControlError(`Account ${accountId} has no active "${name}" bank.`);
      return { id: found.id, url: '', name: found.name, type: found.type };
    };
    return {
      bank: byName('Sandbox Checking'),
      balance: byName('Balance'),
      r01: byName('R01'),
      r03: byName('R03'),
      r01Late: byName('R01-late'),
      r03Late: byName('R03-late'),
    };
  }

  private result(
    name: ScenarioName,
    spec: ScenarioSpec,
    accountId: string,
    run: {
      transferId: string;
      chainId: string;
      correlationId: string;
      billPaymentId: string | undefined;
      customerIds: string[];
      firstEvent: number;
      steps: number;
    },
  ): ScenarioResult {
    const chain = this.store.chains.get(run.chainId)!;
    const emitted = this.events
      .chronological()
      .slice(run.firstEvent)
      .filter(
        (event) =>
          chain.legIds.includes(event.resourceId) || event.resourceId === run.billPaymentId,
      );
    return {
      name,
      doc: spec.doc,
      accountId,
      transferId: run.transferId,
      correlationId: run.correlationId,
      legs: chain.legIds.map((id, index) => ({
        id,
        status: this.store.legs.get(id)!.status,
        expectedStatus: spec.expected[index]!,
        topics: emitted.filter((event) => event.resourceId === id).map((event) => event.topic),
      })),
      customerIds: run.customerIds,
      ...(run.billPaymentId ? { billPaymentId: run.billPaymentId } : {}),
      events: emitted.map((event) => ({
        id: event.id,
        topic: event.topic,
        resourceId: event.resourceId,
      })),
      steps: run.steps,
    };
  }
}
