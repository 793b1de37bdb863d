/**
 * Storage of the payment records the webhook pipeline keeps beside transfer legs: bill payments
 * (`keys.billPayment(id)`,
 * https://developers.dwolla.com/resources/dwolla-billpayment-integration.html) and mass payments
 * (`keys.massPayment(id)`, Dwolla API reference, Mass payments ("MassPay")). Neither is a leg: they
 * carry no correlation-index keys, so `GET /transfers?correlationId=` lists transfer legs only. The
 * DynamoDB adapter is `DynamoDbPaymentRecordStore` (`dynamodb-payment-record-store.ts`).
 */

/** The two record kinds. */
export type PaymentRecordKind = 'billPayment' | 'massPayment';

/** What one event says about a record. */
export interface PaymentRecordFacts {
  readonly id: string;
  readonly status: string;
  /** Statuses apply only upwards (`rank > stored rank`), whatever the arrival order. */
  readonly statusRank: number;
  readonly accountId?: string;
  readonly customerId?: string;
  readonly correlationId?: string;
  /** Further status-bound attributes written with the status (e.g. `regaliiStatus`). */
  readonly statusAttributes?: Readonly<Record<string, string>>;
  /**
   * A bill payment's claim token for its one-time `GET /bill-payments/{id}` (`claimTokenAt`),
   * landed in the same write when nobody holds the claim: the caller owns the claim when
   * {@link PaymentRecordSnapshot.transferLinkClaim} comes back equal to it.
   */
  readonly transferLinkClaim?: string;
}

/** The record as stored after a write. */
export interface PaymentRecordSnapshot {
  readonly id: string;
  readonly status: string;
  readonly statusRank: number;
  readonly accountId?: string;
  readonly correlationId?: string;
  /** Bill payments: the transfer it created, once fetched. */
  readonly transferId?: string;
  readonly transferLinkedAt?: string;
  /** The transfer-link claim as stored (a token or an ISO time, both start with the claim time). */
  readonly transferLinkClaim?: string;
}

/** Result of {@link PaymentRecordStore.applyEvent}. */
export interface PaymentRecordUpsert {
  readonly record: PaymentRecordSnapshot;
  readonly statusApplied: boolean;
}

/**
 * @example
 * ```ts
 * const { record } = await records.applyEvent('billPayment', facts, clock.now());
 * ```
 */
export interface PaymentRecordStore {
  /**
   * Upserts the record: status under the rank rule, other facts (and the transfer-link claim) only
   * when not yet known. A stale status whose other facts are all stored costs only the conditional
   * write that found it stale.
   */
  applyEvent(
    kind: PaymentRecordKind,
    facts: PaymentRecordFacts,
    now: Date,
  ): Promise<PaymentRecordUpsert>;
  /** Claims the one-time `GET /bill-payments/{id}` (false when done or claimed elsewhere). */
  claimTransferLink(billPaymentId: string, now: Date, leaseMs: number): Promise<boolean>;
  /**
   * Gives the claim back after a failed fetch. `claim` is the stored claim value: the token given
   * to `applyEvent`, or `claimTransferLink`'s `now.toISOString()`.
   */
  releaseTransferLink(billPaymentId: string, claim: string): Promise<void>;
  /**
   * Stores the bill payment's transfer (and its correlationId when the event had none) and
   * marks the link fetched (`transferLinkedAt` ends the claim).
   */
  saveTransferLink(
    billPaymentId: string,
    link: { transferId?: string; correlationId?: string },
    now: Date,
  ): Promise<void>;
}
