import { STATUS_RANK } from '../domain/transfer.js';

/**
 * A bill payment's status, as the Dwolla transfer it created
 * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html ("Step 4")).
 */
export type BillPaymentStatus = 'pending' | 'processed' | 'failed';

/**
 * Regalii's name for the same state
 * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html ("Step 4") mapping
 * table).
 */
export type RegaliiStatus = 'Linked' | 'Confirmed' | 'Rejected';

/** The statuses a `customer_bill_payment_*` event implies, with Regalii's names. */
export interface BillPaymentState {
  readonly status: BillPaymentStatus;
  readonly regaliiStatus: RegaliiStatus;
  /** Same ranking as transfer legs: never back to pending, failed wins over processed. */
  readonly rank: number;
}

/**
 * https://developers.dwolla.com/resources/dwolla-billpayment-integration.html ("Step 4 - Track the
 * status of a bill payment"): Linked ↔ Pending (`customer_bill_payment_created`), Confirmed ↔
 * Processed (`customer_bill_payment_completed`), Rejected ↔ Failed
 * (`customer_bill_payment_failed`).
 */
const STATES: Readonly<Record<string, BillPaymentState>> = {
  customer_bill_payment_created: {
    status: 'pending',
    regaliiStatus: 'Linked',
    rank: STATUS_RANK.pending,
  },
  customer_bill_payment_completed: {
    status: 'processed',
    regaliiStatus: 'Confirmed',
    rank: STATUS_RANK.processed,
  },
  customer_bill_payment_failed: {
    status: 'failed',
    regaliiStatus: 'Rejected',
    rank: STATUS_RANK.failed,
  },
};

/**
 * The state a bill-payment topic implies, or `undefined` for any other topic.
 *
 * @example
 * ```ts
 * billPaymentStateFromTopic('customer_bill_payment_completed');
 * // { status: 'processed', regaliiStatus: 'Confirmed', rank: 1 }
 * ```
 */
export function billPaymentStateFromTopic(topic: string): BillPaymentState | undefined {
  return STATES[topic];
}

/**
 * The transfer a bill payment created, from `GET /bill-payments/{id}` links:
 * https://developers.dwolla.com/resources/dwolla-billpayment-integration.html ("Retrieving a bill
 * payment") names it `transfers` (a single transfer URL).
 *
 * @example
 * ```ts
 * billPaymentTransferHref({ transfers: 'https://api.dwolla.com/transfers/fd56' }); // '…/fd56'
 * ```
 */
export function billPaymentTransferHref(
  links: Readonly<Record<string, string>>,
): string | undefined {
  return links.transfers ?? links.transfer;
}
