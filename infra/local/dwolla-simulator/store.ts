/**
 * The simulator's state: plain in-memory maps with the indexes the API needs, so every
 * lookup is O(1) and listing is O(page) even after tens of thousands of events.
 */

import type { TransferStatus } from '../../../shared/domain/transfer.js';

/** Who owns a funding source or takes part in a transfer leg. */
export type PartyRef =
  | { readonly kind: 'account'; readonly id: string }
  | { readonly kind: 'customer'; readonly id: string };

/**
 * `receive-only` is the read-only Regalii customer of bill payments
 * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html).
 */
export type CustomerType = 'unverified' | 'verified' | 'receive-only';

export interface SimAccountRecord {
  readonly id: string;
  readonly name: string;
  readonly created: string;
}

export interface SimCustomerRecord {
  readonly id: string;
  readonly accountId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly type: CustomerType;
  readonly created: string;
}

export interface SimFundingSourceRecord {
  readonly id: string;
  readonly owner: PartyRef;
  /** The account the owner belongs to (the owner itself for an account). */
  readonly accountId: string;
  readonly type: 'bank' | 'balance';
  /** In the sandbox the name drives failures: `R01`, `R03-late`, ... (see `bankFailureOf`). */
  readonly name: string;
  readonly created: string;
  removed: boolean;
}

export interface SimFailure {
  readonly code: string;
  readonly description: string;
  readonly explanation: string;
  readonly fundingSourceId: string;
}

/**
 * One transfer leg (https://developers.dwolla.com/docs/balance/transfer-lifecycle ("legs")).
 * Mutable: the processing model moves it.
 */
export interface SimLeg {
  readonly id: string;
  readonly chainId: string;
  readonly accountId: string;
  readonly sourceId: string;
  readonly destinationId: string;
  readonly amount: { readonly value: string; readonly currency: string };
  readonly created: string;
  readonly correlationId?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly individualAchId: string;
  readonly fundingTransferId?: string;
  fundedTransferId?: string;
  readonly billPaymentId?: string;
  status: TransferStatus;
  failure?: SimFailure;
  /** ACH return code due after settlement (`R01-late` banks), cleared once returned. */
  lateReturn?: string;
}

/** One planned leg of a chain: created up front or once the previous leg is processed. */
export interface LegPlan {
  readonly sourceId: string;
  readonly destinationId: string;
  readonly upfront: boolean;
}

/** A whole end-to-end transfer: its plan and the legs created so far, in order. */
export interface SimChain {
  readonly id: string;
  readonly accountId: string;
  readonly plan: readonly LegPlan[];
  readonly legIds: string[];
  readonly amount: { readonly value: string; readonly currency: string };
  readonly correlationId?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly billPaymentId?: string;
  /** Set when a failure or cancellation stops the chain from creating further legs. */
  terminated: boolean;
}

export interface SimBillPayment {
  readonly id: string;
  readonly accountId: string;
  readonly customerId: string;
  readonly billedFor: string;
  readonly created: string;
  readonly correlationId: string;
  transferId?: string;
  status: 'pending' | 'processed' | 'failed';
}

/** One recorded event, with the exact JSON body that `GET /events` and webhooks send. */
export interface SimEvent {
  readonly id: string;
  readonly topic: string;
  readonly resourceId: string;
  readonly created: string;
  readonly accountId: string;
  readonly customerId?: string;
  readonly correlationId?: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly body: string;
}

/**
 * All simulator records and their indexes.
 *
 * @example
 * ```ts
 * const store = new SimStore();
 * store.accounts.set(account.id, account);
 * ```
 */
export class SimStore {
  readonly accounts = new Map<string, SimAccountRecord>();
  readonly customers = new Map<string, SimCustomerRecord>();
  readonly fundingSources = new Map<string, SimFundingSourceRecord>();
  readonly legs = new Map<string, SimLeg>();
  readonly chains = new Map<string, SimChain>();
  readonly billPayments = new Map<string, SimBillPayment>();
  /** Chains that may still move (a pending leg, a planned leg or a late return). */
  readonly openChains = new Set<string>();
  private readonly customersByAccount = new Map<string, string[]>();
  private readonly fundingSourcesByOwner = new Map<string, string[]>();
  private readonly legsByParty = new Map<string, string[]>();
  private readonly legsByPartyAndCorrelation = new Map<string, string[]>();
  /** Regalii's read-only customer per account, created on the first bill payment. */
  readonly billPayeeByAccount = new Map<string, string>();

  addCustomer(customer: SimCustomerRecord): void {
    this.customers.set(customer.id, customer);
    push(this.customersByAccount, customer.accountId, customer.id);
  }

  customersOf(accountId: string): SimCustomerRecord[] {
    return (this.customersByAccount.get(accountId) ?? []).map((id) => this.customers.get(id)!);
  }

  addFundingSource(source: SimFundingSourceRecord): void {
    this.fundingSources.set(source.id, source);
    push(this.fundingSourcesByOwner, partyKey(source.owner), source.id);
  }

  fundingSourcesOf(owner: PartyRef): SimFundingSourceRecord[] {
    return (this.fundingSourcesByOwner.get(partyKey(owner)) ?? []).map(
      (id) => this.fundingSources.get(id)!,
    );
  }

  /** The owner's balance, if it holds one (accounts and verified customers). */
  balanceOf(owner: PartyRef): SimFundingSourceRecord | undefined {
    return this.fundingSourcesOf(owner).find((source) => source.type === 'balance');
  }

  /** Indexes a leg under both of its parties (for `GET /{accounts|customers}/{id}/transfers`). */
  addLeg(leg: SimLeg, parties: readonly PartyRef[]): void {
    this.legs.set(leg.id, leg);
    const keys = new Set(parties.map(partyKey));
    for (const key of keys) {
      push(this.legsByParty, key, leg.id);
      if (leg.correlationId) {
        push(this.legsByPartyAndCorrelation, `${key}|${leg.correlationId}`, leg.id);
      }
    }
  }

  legsOf(party: PartyRef, correlationId?: string): SimLeg[] {
    const key = partyKey(party);
    const ids =
      correlationId === undefined
        ? this.legsByParty.get(key)
        : this.legsByPartyAndCorrelation.get(`${key}|${correlationId}`);
    return (ids ?? []).map((id) => this.legs.get(id)!);
  }
}

/**
 * A stable map key for a party.
 *
 * @example
 * ```ts
 * partyKey({ kind: 'customer', id: 'c1' }); // 'customer:c1'
 * ```
 */
export function partyKey(party: PartyRef): string {
  return `${party.kind}:${party.id}`;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
