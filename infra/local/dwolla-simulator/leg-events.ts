/**
 * The events of a transfer leg: which parties get one and under which topic family, and the
 * bill payment's own event for a bill-payment leg.
 */

import type { EventLog } from './events.js';
import type { SimUrls } from './hal.js';
import { type PartyRef, partyKey, type SimLeg, type SimStore } from './store.js';

/** The step of a leg an event announces. */
export type LegTopicSuffix = 'created' | 'creation_failed' | 'completed' | 'failed' | 'cancelled';

/**
 * Records the events of transfer legs in the simulator's event log.
 *
 * @example
 * ```ts
 * new LegEvents(store, urls, events).emit(leg, 'created');
 * ```
 */
export class LegEvents {
  constructor(
    private readonly store: SimStore,
    private readonly urls: SimUrls,
    private readonly events: EventLog,
  ) {}

  /**
   * The events of one leg status change: the source party's, then the destination party's
   * (https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7 tables list "Source"
   * before "Destination"). A leg between a party's own bank and balance is a bank transfer for that
   * one party. Read-only customers (Regalii) get no events; a bill payment's own event comes first
   * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html status table).
   */
  emit(leg: SimLeg, suffix: LegTopicSuffix): void {
    if (leg.billPaymentId) this.billPayment(leg, suffix);
    const source = this.store.fundingSources.get(leg.sourceId)!;
    const destination = this.store.fundingSources.get(leg.destinationId)!;
    const bankLeg = partyKey(source.owner) === partyKey(destination.owner);
    const parties = bankLeg ? [source.owner] : [source.owner, destination.owner];
    for (const party of parties) {
      if (
        party.kind === 'customer' &&
        this.store.customers.get(party.id)?.type === 'receive-only'
      ) {
        continue;
      }
      this.events.record({
        topic: `${topicPrefix(party, bankLeg)}${suffix}`,
        resourceId: leg.id,
        resourceUrl: this.urls.transfer(leg.id),
        accountId: leg.accountId,
        ...(party.kind === 'customer' ? { customerId: party.id } : {}),
        ...(leg.correlationId ? { correlationId: leg.correlationId } : {}),
      });
    }
  }

  /**
   * `customer_bill_payment_created|completed|failed`
   * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html status mapping).
   */
  private billPayment(leg: SimLeg, suffix: LegTopicSuffix): void {
    const billPayment = this.store.billPayments.get(leg.billPaymentId!)!;
    const status = { created: 'pending', completed: 'processed', failed: 'failed' } as const;
    if (suffix !== 'created' && suffix !== 'completed' && suffix !== 'failed') return;
    billPayment.status = status[suffix];
    this.events.record({
      topic: `customer_bill_payment_${suffix}`,
      resourceId: billPayment.id,
      resourceUrl: this.urls.billPayment(billPayment.id),
      accountId: billPayment.accountId,
      customerId: billPayment.customerId,
      correlationId: billPayment.correlationId,
    });
  }
}

/** Topic families of https://developers.dwolla.com/api-reference/events ("Event topics"). */
function topicPrefix(party: PartyRef, bankLeg: boolean): string {
  if (party.kind === 'account') return bankLeg ? 'bank_transfer_' : 'transfer_';
  return bankLeg ? 'customer_bank_transfer_' : 'customer_transfer_';
}
