/**
 * The transfer engine: splits a transfer into legs, moves them one step per simulation and
 * emits the events of Dwolla's documented sequences (the scenarios of `scenario-specs.ts`
 * name their sources).
 *
 * How a transfer splits into legs is in `chain-plan.ts`.
 */

import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../shared/ports/clock.js';
import { planLegs } from './chain-plan.js';
import { DwollaSimError } from './errors.js';
import type { EventLog } from './events.js';
import type { SimUrls } from './hal.js';
import { LegEvents } from './leg-events.js';
import { achDescription, bankFailureOf } from './parties.js';
import type { SimChain, SimFundingSourceRecord, SimLeg, SimStore } from './store.js';
import type { ResolvedTransferRequest } from './transfer-request.js';

/** What a new transfer needs, already validated. */
export interface TransferInput extends ResolvedTransferRequest {
  readonly billPaymentId?: string;
  /**
   * One leg straight from source to destination (a bill payment,
   * https://developers.dwolla.com/resources/dwolla-billpayment-integration.html).
   */
  readonly direct?: boolean;
}

/**
 * Creates, processes and cancels transfers.
 *
 * @example
 * ```ts
 * const engine = new TransferEngine(store, urls, clock, events);
 * const leg = engine.initiate({ accountId, source, destination, amount });
 * engine.processPending();
 * ```
 */
export class TransferEngine {
  constructor(
    private readonly store: SimStore,
    private readonly urls: SimUrls,
    private readonly clock: Clock,
    private readonly events: EventLog,
  ) {
    this.legEvents = new LegEvents(store, urls, events);
  }

  private readonly legEvents: LegEvents;

  /**
   * Creates the chain and its up-front legs; returns the leg whose URL `POST /transfers`
   * answers with: the last leg created up front
   * (https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7 scenario 1 answers with
   * the `transfer_created` leg, not the `bank_transfer_created` one).
   */
  initiate(input: TransferInput): SimLeg {
    const plan = input.direct
      ? [{ sourceId: input.source.id, destinationId: input.destination.id, upfront: true }]
      : planLegs(this.store, input.source, input.destination);
    const chain: SimChain = {
      id: randomUUID(),
      accountId: input.accountId,
      plan,
      legIds: [],
      amount: input.amount,
      ...(input.correlationId ? { correlationId: input.correlationId } : {}),
      ...(input.metadata ? { metadata: input.metadata } : {}),
      ...(input.billPaymentId ? { billPaymentId: input.billPaymentId } : {}),
      terminated: false,
    };
    this.store.chains.set(chain.id, chain);
    this.store.openChains.add(chain.id);
    let answered = this.createLeg(chain, 0);
    for (let index = 1; index < plan.length && plan[index]!.upfront; index++) {
      answered = this.createLeg(chain, index);
    }
    return answered;
  }

  /**
   * One `POST /sandbox-simulations` step over the open chains (or only `chainIds`): every
   * pending leg whose funding leg is processed is processed or failed; a processed leg with a
   * post-settlement return fails once its whole chain has settled. Legs created during the step
   * wait for the next one. Returns how many legs moved.
   */
  processPending(chainIds?: Iterable<string>): number {
    const chains = [...(chainIds ?? this.store.openChains)]
      .map((id) => this.store.chains.get(id))
      .filter((chain): chain is SimChain => chain !== undefined);
    const actions: (() => void)[] = [];
    for (const chain of chains) {
      const settled = this.isSettled(chain);
      for (const legId of chain.legIds) {
        const leg = this.store.legs.get(legId)!;
        if (leg.status === 'pending') {
          const funding = leg.fundingTransferId
            ? this.store.legs.get(leg.fundingTransferId)
            : undefined;
          if (!funding || funding.status === 'processed') {
            actions.push(() => this.processLeg(chain, leg));
          }
        } else if (leg.status === 'processed' && leg.lateReturn && settled) {
          actions.push(() => this.returnLeg(leg));
        }
      }
    }
    for (const action of actions) action();
    for (const chain of chains) this.closeIfDone(chain);
    return actions.length;
  }

  /** True while the chain can still move (pending or planned legs, or a late return due). */
  isOpen(chainId: string): boolean {
    return this.store.openChains.has(chainId);
  }

  /**
   * `POST /transfers/{id}` `{status:"cancelled"}`: only a pending leg can be cancelled
   * (https://developers.dwolla.com/docs/api-reference/transfers ("Cancel a transfer")); every
   * pending leg of its chain is cancelled with it.
   */
  cancel(leg: SimLeg): SimLeg {
    if (leg.status !== 'pending') {
      throw new DwollaSimError(400, 'InvalidResourceState', 'Resource cannot be modified.');
    }
    const chain = this.store.chains.get(leg.chainId)!;
    chain.terminated = true;
    for (const legId of chain.legIds) {
      const other = this.store.legs.get(legId)!;
      if (other.status !== 'pending') continue;
      other.status = 'cancelled';
      this.legEvents.emit(other, 'cancelled');
    }
    this.closeIfDone(chain);
    return leg;
  }

  private createLeg(chain: SimChain, index: number): SimLeg {
    const plan = chain.plan[index]!;
    const previous = index > 0 ? this.store.legs.get(chain.legIds[index - 1]!) : undefined;
    const source = this.store.fundingSources.get(plan.sourceId)!;
    const destination = this.store.fundingSources.get(plan.destinationId)!;
    const leg: SimLeg = {
      id: randomUUID(),
      chainId: chain.id,
      accountId: chain.accountId,
      sourceId: source.id,
      destinationId: destination.id,
      amount: chain.amount,
      created: this.clock.now().toISOString(),
      ...(chain.correlationId ? { correlationId: chain.correlationId } : {}),
      ...(chain.metadata ? { metadata: chain.metadata } : {}),
      ...(chain.billPaymentId ? { billPaymentId: chain.billPaymentId } : {}),
      individualAchId: randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase(),
      ...(previous ? { fundingTransferId: previous.id } : {}),
      status: 'pending',
    };
    if (previous) previous.fundedTransferId = leg.id;
    this.store.addLeg(leg, [source.owner, destination.owner]);
    chain.legIds.push(leg.id);
    if (chain.billPaymentId && index === 0) {
      const billPayment = this.store.billPayments.get(chain.billPaymentId)!;
      billPayment.transferId = leg.id;
    }
    if (index > 0 && (source.removed || destination.removed)) {
      // A later leg whose bank was removed meanwhile cannot be created (`*_creation_failed`,
      // https://developers.dwolla.com/api-reference/events).
      leg.status = 'failed';
      chain.terminated = true;
      this.legEvents.emit(leg, 'creation_failed');
      return leg;
    }
    this.legEvents.emit(leg, 'created');
    return leg;
  }

  private processLeg(chain: SimChain, leg: SimLeg): void {
    if (leg.status !== 'pending') return;
    const banks = [leg.sourceId, leg.destinationId]
      .map((id) => this.store.fundingSources.get(id)!)
      .filter((source) => source.type === 'bank');
    const forced = banks
      .map((bank) => ({ bank, failure: bankFailureOf(bank.name) }))
      .find((entry) => entry.failure !== undefined);
    if (forced && !forced.failure!.late) {
      this.failLeg(leg, forced.failure!.code, forced.bank);
      // https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7 scenario 1 "Fail -
      // ACH return on source bank": the legs it was to fund fail with it (`transfer_failed`,
      // `customer_transfer_failed`).
      chain.terminated = true;
      for (const legId of chain.legIds) {
        const later = this.store.legs.get(legId)!;
        if (later.status === 'pending') this.failLeg(later, forced.failure!.code, forced.bank);
      }
      this.removeBankAfterReturn(forced.failure!.code, forced.bank);
      return;
    }
    leg.status = 'processed';
    this.legEvents.emit(leg, 'completed');
    if (forced) leg.lateReturn = forced.failure!.code;
    const isLast = chain.legIds[chain.legIds.length - 1] === leg.id;
    if (isLast && !chain.terminated && chain.legIds.length < chain.plan.length) {
      this.createLeg(chain, chain.legIds.length);
    }
  }

  /**
   * Post-settlement return: `processed → failed`
   * (https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7 ("Fail
   * post-settlement")).
   */
  private returnLeg(leg: SimLeg): void {
    if (leg.status !== 'processed' || !leg.lateReturn) return;
    const code = leg.lateReturn;
    leg.lateReturn = undefined;
    const bank = [leg.sourceId, leg.destinationId]
      .map((id) => this.store.fundingSources.get(id)!)
      .find((source) => source.type === 'bank' && bankFailureOf(source.name)?.code === code)!;
    this.failLeg(leg, code, bank);
    this.removeBankAfterReturn(code, bank);
  }

  private failLeg(leg: SimLeg, code: string, bank: SimFundingSourceRecord): void {
    leg.status = 'failed';
    leg.failure = {
      code,
      description: achDescription(code),
      explanation: `ACH return ${code} on funding source ${bank.id}.`,
      fundingSourceId: bank.id,
    };
    this.legEvents.emit(leg, 'failed');
  }

  /**
   * Dwolla removes the bank for every return code but R01
   * (https://developers.dwolla.com/api-reference/transfers/retrieve-a-transfer-failure-reason),
   * which emits a funding-source event.
   */
  private removeBankAfterReturn(code: string, bank: SimFundingSourceRecord): void {
    if (code === 'R01' || bank.removed) return;
    bank.removed = true;
    const customerId = bank.owner.kind === 'customer' ? bank.owner.id : undefined;
    this.events.record({
      topic: customerId ? 'customer_funding_source_removed' : 'funding_source_removed',
      resourceId: bank.id,
      resourceUrl: this.urls.fundingSource(bank.id),
      accountId: bank.accountId,
      ...(customerId ? { customerId } : {}),
    });
  }

  private isSettled(chain: SimChain): boolean {
    const allCreated = chain.terminated || chain.legIds.length === chain.plan.length;
    return allCreated && chain.legIds.every((id) => this.store.legs.get(id)!.status !== 'pending');
  }

  private closeIfDone(chain: SimChain): void {
    const lateReturnDue = chain.legIds.some((id) => {
      const leg = this.store.legs.get(id)!;
      return leg.status === 'processed' && leg.lateReturn !== undefined;
    });
    if (this.isSettled(chain) && !lateReturnDue) this.store.openChains.delete(chain.id);
  }
}
