/**
 * Bill payments of the Dwolla + Regalii integration
 * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html): Regalii asks
 * Dwolla to move money from a customer's bank to Regalii's read-only customer; the transfer carries
 * a `bill-payment` link and the Regalii transaction id as its correlationId.
 */

import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../shared/ports/clock.js';
import { SimControlError } from './errors.js';
import type { Parties } from './parties.js';
import type { SimBillPayment, SimStore } from './store.js';
import type { TransferEngine } from './transfers.js';

/** What `createBillPayment()` needs. */
export interface BillPaymentInput {
  /** A bank of one of the account's customers. */
  readonly fundingSourceId: string;
  readonly amount?: string;
  readonly billedFor?: string;
  /** The Regalii transaction id; a new UUID by default. */
  readonly regaliiTransactionId?: string;
}

export interface BillPaymentResult {
  readonly billPaymentId: string;
  readonly transferId: string;
  readonly correlationId: string;
  readonly chainId: string;
}

/**
 * Creates bill payments as Regalii would.
 *
 * @example
 * ```ts
 * const result = billPayments.create({ fundingSourceId: customer.fundingSources.bank.id });
 * ```
 */
export class BillPayments {
  constructor(
    private readonly store: SimStore,
    private readonly parties: Parties,
    private readonly engine: TransferEngine,
    private readonly clock: Clock,
  ) {}

  create(input: BillPaymentInput): BillPaymentResult {
    const source = this.store.fundingSources.get(input.fundingSourceId);
    if (source?.owner.kind !== 'customer' || source.type !== 'bank' || source.removed) {
      throw new SimControlError('fundingSourceId must be an active bank of a customer.');
    }
    const payee = this.parties.billPayee(source.accountId);
    const payeeBank = this.store
      .fundingSourcesOf({ kind: 'customer', id: payee.id })
      .find((candidate) => candidate.type === 'bank' && candidate.name === 'Sandbox Checking')!;
    const billPayment: SimBillPayment = {
      id: randomUUID(),
      accountId: source.accountId,
      customerId: source.owner.id,
      billedFor: input.billedFor ?? 'Sandbox Electric Co.',
      created: this.clock.now().toISOString(),
      correlationId: input.regaliiTransactionId ?? randomUUID(),
      status: 'pending',
    };
    this.store.billPayments.set(billPayment.id, billPayment);
    const leg = this.engine.initiate({
      accountId: source.accountId,
      source,
      destination: payeeBank,
      amount: { value: input.amount ?? '88.70', currency: 'USD' },
      correlationId: billPayment.correlationId,
      billPaymentId: billPayment.id,
      direct: true,
    });
    return {
      billPaymentId: billPayment.id,
      transferId: leg.id,
      correlationId: billPayment.correlationId,
      chainId: leg.chainId,
    };
  }
}
