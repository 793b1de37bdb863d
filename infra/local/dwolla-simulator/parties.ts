/**
 * Accounts, customers and their funding sources, created the way the Dwolla sandbox offers
 * them: a bank, a balance (accounts and verified customers) and the failure banks whose
 * names force ACH returns (`R01`, `R03`, `R01-late`, `R03-late`).
 */

import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../shared/ports/clock.js';
import type { SimUrls } from './hal.js';
import type {
  CustomerType,
  PartyRef,
  SimAccountRecord,
  SimCustomerRecord,
  SimFundingSourceRecord,
  SimStore,
} from './store.js';

/** A funding source as the controls return it. */
export interface SimFundingSourceRef {
  readonly id: string;
  readonly url: string;
  readonly name: string;
  readonly type: 'bank' | 'balance';
}

/** The sandbox bank set of a party; `balance` only for accounts and verified customers. */
export interface SimFundingSources {
  readonly bank: SimFundingSourceRef;
  readonly balance?: SimFundingSourceRef;
  readonly r01: SimFundingSourceRef;
  readonly r03: SimFundingSourceRef;
  readonly r01Late: SimFundingSourceRef;
  readonly r03Late: SimFundingSourceRef;
}

/** What `createCustomer()` returns. */
export interface SimCustomer {
  readonly id: string;
  readonly url: string;
  readonly accountId: string;
  readonly type: CustomerType;
  readonly fundingSources: SimFundingSources;
}

/** What `createAccount()` returns: the account, its banks and two ready-made customers. */
export interface SimAccount {
  readonly id: string;
  readonly url: string;
  readonly name: string;
  readonly fundingSources: SimFundingSources & { readonly balance: SimFundingSourceRef };
  readonly customers: { readonly unverified: SimCustomer; readonly verified: SimCustomer };
}

/**
 * Bank names and the ACH return each forces
 * (https://developers.dwolla.com/api-reference/transfers/retrieve-a-transfer-failure-reason).
 */
const FAILURE_BANKS = [
  ['r01', 'R01'],
  ['r03', 'R03'],
  ['r01Late', 'R01-late'],
  ['r03Late', 'R03-late'],
] as const;

const ACH_DESCRIPTIONS: Readonly<Record<string, string>> = {
  R01: 'Insufficient Funds',
  R02: 'Account Closed',
  R03: 'No Account/Unable to Locate Account',
  R04: 'Invalid Account Number Structure',
  R05: 'Unauthorized Debit to Consumer Account Using Corporate SEC Code',
  R07: 'Authorization Revoked by Customer',
  R08: 'Payment Stopped',
  R10: 'Customer Advises Not Authorized',
  R16: 'Account Frozen',
  R20: 'Non-Transaction Account',
  R29: 'Corporate Customer Advises Not Authorized',
};

/**
 * The ACH return a bank's sandbox name forces: `R01` fails the leg when it processes,
 * `R01-late` after it settled (post-settlement return,
 * https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7).
 *
 * @example
 * ```ts
 * bankFailureOf('R03-late'); // { code: 'R03', late: true }
 * ```
 */
export function bankFailureOf(name: string): { code: string; late: boolean } | undefined {
  const match = /^(R\d{2})(-late)?$/.exec(name);
  if (!match) return undefined;
  return { code: match[1]!, late: match[2] !== undefined };
}

/**
 * Description of an ACH return code for `GET /transfers/{id}/failure`.
 *
 * @example
 * ```ts
 * achDescription('R01'); // 'Insufficient Funds'
 * ```
 */
export function achDescription(code: string): string {
  return ACH_DESCRIPTIONS[code] ?? 'ACH return';
}

/**
 * Creates parties and funding sources in the store.
 *
 * @example
 * ```ts
 * const parties = new Parties(store, urls, clock);
 * const account = parties.createAccount({ name: 'Acme' });
 * ```
 */
export class Parties {
  constructor(
    private readonly store: SimStore,
    private readonly urls: SimUrls,
    private readonly clock: Clock,
  ) {}

  createAccount(input: { name?: string } = {}): SimAccount {
    const account: SimAccountRecord = {
      id: randomUUID(),
      name: input.name ?? 'Sandbox Account',
      created: this.clock.now().toISOString(),
    };
    this.store.accounts.set(account.id, account);
    const owner: PartyRef = { kind: 'account', id: account.id };
    const fundingSources = this.createBankSet(owner, account.id, true);
    return {
      id: account.id,
      url: this.urls.account(account.id),
      name: account.name,
      fundingSources: { ...fundingSources, balance: fundingSources.balance! },
      customers: {
        unverified: this.createCustomer(account.id, { type: 'unverified', firstName: 'Una' }),
        verified: this.createCustomer(account.id, { type: 'verified', firstName: 'Vera' }),
      },
    };
  }

  createCustomer(
    accountId: string,
    input: { type: CustomerType; firstName?: string; lastName?: string },
  ): SimCustomer {
    const customer: SimCustomerRecord = {
      id: randomUUID(),
      accountId,
      firstName: input.firstName ?? 'Sim',
      lastName: input.lastName ?? 'Customer',
      type: input.type,
      created: this.clock.now().toISOString(),
    };
    this.store.addCustomer(customer);
    const owner: PartyRef = { kind: 'customer', id: customer.id };
    return {
      id: customer.id,
      url: this.urls.customer(customer.id),
      accountId,
      type: customer.type,
      fundingSources: this.createBankSet(owner, accountId, customer.type === 'verified'),
    };
  }

  /**
   * The read-only Regalii customer that receives an account's bill payments
   * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html).
   */
  billPayee(accountId: string): SimCustomerRecord {
    const existing = this.store.billPayeeByAccount.get(accountId);
    if (existing) return this.store.customers.get(existing)!;
    const payee = this.createCustomer(accountId, {
      type: 'receive-only',
      firstName: 'Regalii',
      lastName: 'Bill Payments',
    });
    this.store.billPayeeByAccount.set(accountId, payee.id);
    return this.store.customers.get(payee.id)!;
  }

  private createBankSet(
    owner: PartyRef,
    accountId: string,
    withBalance: boolean,
  ): SimFundingSources {
    const make = (type: 'bank' | 'balance', name: string): SimFundingSourceRef => {
      const source: SimFundingSourceRecord = {
        id: randomUUID(),
        owner,
        accountId,
        type,
        name,
        created: this.clock.now().toISOString(),
        removed: false,
      };
      this.store.addFundingSource(source);
      return { id: source.id, url: this.urls.fundingSource(source.id), name, type };
    };
    const bank = make('bank', 'Sandbox Checking');
    const balance = withBalance ? make('balance', 'Balance') : undefined;
    const failures = Object.fromEntries(
      FAILURE_BANKS.map(([key, name]) => [key, make('bank', name)]),
    ) as Record<(typeof FAILURE_BANKS)[number][0], SimFundingSourceRef>;
    return { bank, ...(balance ? { balance } : {}), ...failures };
  }
}
