/**
 * Dwolla's documented transfer scenarios as data: the ten Client Account ↔ Unverified
 * Customer cases of Dwolla's event sequences for bank-to-bank transfers, the Verified →
 * Verified three-leg chain of its Correlation ID post and transfer lifecycle page, both
 * bill-payment outcomes of the bill-payment integration guide, and a cancellation.
 */

import type { TransferStatus } from '../../../shared/domain/transfer.js';
import type { SimFundingSources } from './parties.js';

/** Which of a party's funding sources pays or receives. */
export type Bank = keyof SimFundingSources;
/** Who takes part: the account, or a customer the scenario creates. */
export type Party = 'account' | 'unverified' | 'verified' | 'verified2';

/** One scenario: its source document, parties, banks and final leg statuses. */
export interface ScenarioSpec {
  /** Where the sequence comes from. */
  readonly doc: string;
  readonly from: { readonly party: Party; readonly bank: Bank };
  readonly to?: { readonly party: Party; readonly bank: Bank };
  readonly billPayment?: boolean;
  readonly cancel?: boolean;
  /** Final status of each leg, in chain order. */
  readonly expected: readonly TransferStatus[];
}

/** Dwolla's event sequences for Client Account ↔ Unverified Customer bank transfers. */
const EVENT_SEQUENCES = 'https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7';
const CORRELATION_IDS =
  'https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/';
const TRANSFER_LIFECYCLE = 'https://developers.dwolla.com/docs/balance/transfer-lifecycle';
const BILL_PAYMENTS = 'https://developers.dwolla.com/resources/dwolla-billpayment-integration.html';
const CANCEL = 'https://developers.dwolla.com/docs/api-reference/transfers ("Cancel a transfer")';

/** A case of the event sequences: scenario, case title, source and destination bank, legs. */
type BankToBankCase = readonly [1 | 2, string, Bank, Bank, readonly TransferStatus[]];

/**
 * The cases of the event sequences: scenario 1 pays from the Client Account's bank to the
 * Unverified Customer's, scenario 2 the other way.
 */
function bankToBank<Name extends string>(
  cases: Record<Name, BankToBankCase>,
): Record<Name, ScenarioSpec> {
  const specs = {} as Record<Name, ScenarioSpec>;
  for (const [name, [scenario, title, fromBank, toBank, expected]] of Object.entries(cases) as [
    Name,
    BankToBankCase,
  ][]) {
    const [from, to]: Party[] =
      scenario === 1 ? ['account', 'unverified'] : ['unverified', 'account'];
    specs[name] = {
      doc: `${EVENT_SEQUENCES} scenario ${scenario} "${title}"`,
      from: { party: from!, bank: fromBank },
      to: { party: to!, bank: toBank },
      expected,
    };
  }
  return specs;
}

/** A bill payment from a verified customer's bank, as the bill-payment guide tracks it. */
function billPayment(outcome: string, bank: Bank, status: TransferStatus): ScenarioSpec {
  return {
    doc: `${BILL_PAYMENTS} "Track the status of a bill payment" (${outcome})`,
    from: { party: 'verified', bank },
    billPayment: true,
    expected: [status],
  };
}

const OK: readonly TransferStatus[] = ['processed', 'processed'];
const BOTH_FAILED: readonly TransferStatus[] = ['failed', 'failed'];
const LAST_FAILED: readonly TransferStatus[] = ['processed', 'failed'];
const FIRST_FAILED: readonly TransferStatus[] = ['failed', 'processed'];
const SOURCE = 'Fail - ACH return on source bank';
const DESTINATION = 'Fail - ACH return on destination bank';
const SOURCE_LATE = 'Fail post-settlement - ACH return on source bank';
const DEST_LATE = 'Fail post-settlement - ACH return on destination bank account';

/** Every scenario, in the order the documents present them. */
export const SPECS = {
  ...bankToBank({
    'client-to-unverified-success': [1, 'Success', 'bank', 'bank', OK],
    'client-to-unverified-source-failed': [1, SOURCE, 'r01', 'bank', BOTH_FAILED],
    'client-to-unverified-destination-failed': [1, DESTINATION, 'bank', 'r03', LAST_FAILED],
    'client-to-unverified-source-returned': [1, SOURCE_LATE, 'r01Late', 'bank', FIRST_FAILED],
    'client-to-unverified-destination-returned': [1, DEST_LATE, 'bank', 'r03Late', LAST_FAILED],
    'unverified-to-client-success': [2, 'Success', 'bank', 'bank', OK],
    'unverified-to-client-source-failed': [2, SOURCE, 'r03', 'bank', ['failed']],
    'unverified-to-client-destination-failed': [2, DESTINATION, 'bank', 'r01', LAST_FAILED],
    'unverified-to-client-source-returned': [2, SOURCE_LATE, 'r03Late', 'bank', FIRST_FAILED],
    'unverified-to-client-destination-returned': [2, DEST_LATE, 'bank', 'r01Late', LAST_FAILED],
  }),
  'verified-to-verified': {
    doc: `${CORRELATION_IDS} and ${TRANSFER_LIFECYCLE} "Verified Customer (VCR-1) Bank to Verified Customer (VCR-2) Bank"`,
    from: { party: 'verified', bank: 'bank' },
    to: { party: 'verified2', bank: 'bank' },
    expected: ['processed', 'processed', 'processed'],
  },
  'bill-payment-completed': billPayment('Confirmed / Processed', 'bank', 'processed'),
  'bill-payment-failed': billPayment('Rejected / Failed', 'r01', 'failed'),
  'client-to-unverified-cancelled': {
    doc: `${CANCEL} on a ${EVENT_SEQUENCES} scenario 1 transfer`,
    from: { party: 'account', bank: 'bank' },
    to: { party: 'unverified', bank: 'bank' },
    cancel: true,
    expected: ['cancelled', 'cancelled'],
  },
} satisfies Record<string, ScenarioSpec>;

/** Every scenario `runScenario()` knows. */
export type ScenarioName = keyof typeof SPECS;

/** The names, in the order the documents present them. */
export const SCENARIO_NAMES = Object.keys(SPECS) as ScenarioName[];
