import type { Actor, TransferLeg } from '../domain/transfer.js';
import type { DwollaErrorBody } from './errors.js';

/** Where a keyed `POST /transfers` stands. */
export type IdempotencyState = 'in_progress' | 'created' | 'failed_permanently';

/** One tenant's `Idempotency-Key` as stored (`keys.idempotency(tenantId, key)`); no secret. */
export interface IdempotencyRecord {
  readonly tenantId: string;
  readonly idempotencyKey: string;
  /** {@link requestHash} of the account and canonical body. */
  readonly requestHash: string;
  /** The exact JSON sent to Dwolla, re-sent byte for byte on every retry. */
  readonly canonicalBody: string;
  readonly accountId: string;
  readonly state: IdempotencyState;
  readonly transferId?: string;
  readonly location?: string;
  /** Dwolla's 4xx answer, replayed for `failed_permanently`. */
  readonly failure?: { readonly status: number; readonly body: DwollaErrorBody };
  /** ISO-8601. */
  readonly createdAt: string;
  /** Epoch milliseconds until which one request holds the right to call Dwolla; 0 = free. */
  readonly lockUntil: number;
}

/** What {@link IdempotencyStore.acquire} found. */
export type AcquireResult =
  /** This request holds the lease and must send `record.canonicalBody` to Dwolla. */
  | { readonly acquired: true; readonly record: IdempotencyRecord }
  /** Another request's record (maybe a different body, maybe finished, maybe still leased). */
  | { readonly acquired: false; readonly record: IdempotencyRecord };

/**
 * Persistence of idempotency records. The DynamoDB adapter is `DynamoDbIdempotencyStore`.
 *
 * @example
 * ```ts
 * const { acquired, record } = await store.acquire({ tenantId, idempotencyKey, requestHash, canonicalBody, accountId, now, leaseMs });
 * ```
 */
export interface IdempotencyStore {
  /**
   * Creates the record `in_progress` with a lease, or takes over an `in_progress` record with the
   * same hash whose lease has lapsed; otherwise returns the record as stored.
   */
  acquire(input: {
    tenantId: string;
    idempotencyKey: string;
    requestHash: string;
    canonicalBody: string;
    accountId: string;
    now: Date;
    leaseMs: number;
  }): Promise<AcquireResult>;
  markCreated(
    tenantId: string,
    idempotencyKey: string,
    result: { transferId: string; location: string },
  ): Promise<void>;
  markFailed(
    tenantId: string,
    idempotencyKey: string,
    failure: { status: number; body: DwollaErrorBody },
  ): Promise<void>;
  /** Gives the lease up, leaving the record `in_progress` so a retry can complete it. */
  release(tenantId: string, idempotencyKey: string): Promise<void>;
}

/** The facts `POST /transfers` knows about a leg it just created. */
export interface CreatedLeg {
  readonly id: string;
  readonly accountId: string;
  /** The account's owner, who is also the caller. */
  readonly tenantId: string;
  readonly initiatedBy: Actor;
  readonly amount: { readonly value: string; readonly currency: string };
  readonly correlationId?: string;
  readonly sourceUrl: string;
  readonly destinationUrl: string;
  readonly idempotencyKey: string;
  readonly now: Date;
}

/**
 * The write `POST /transfers` makes after Dwolla's 201. The DynamoDB adapter is
 * `DynamoDbCreatedLegStore`.
 *
 * @example
 * ```ts
 * await transfers.recordCreated({ id, accountId, tenantId, initiatedBy, amount, sourceUrl, destinationUrl, idempotencyKey, now });
 * ```
 */
export interface CreatedLegStore {
  /** Writes what the API knows without lowering anything the webhook pipeline already wrote. */
  recordCreated(leg: CreatedLeg): Promise<void>;
}

/**
 * Transfer legs as this system knows them (DynamoDB in AWS, kept current by the webhook
 * pipeline). The DynamoDB adapter is `DynamoDbTransferStore`.
 *
 * @example
 * ```ts
 * const leg = await transfers.getWithEvents(id);
 * ```
 */
export interface TransferStore extends CreatedLegStore {
  /** The leg and its events (oldest first), or `undefined`. */
  getWithEvents(transferId: string): Promise<TransferLeg | undefined>;
  /** The leg without its events, or `undefined`. */
  get(transferId: string): Promise<Omit<TransferLeg, 'events'> | undefined>;
  /** Every leg of this tenant carrying this correlationId, in stored (`created`) order. */
  findByCorrelationId(
    tenantId: string,
    correlationId: string,
  ): Promise<Omit<TransferLeg, 'events'>[]>;
  /**
   * Records who cancelled the leg and when, and moves it to `cancelled` unless it already holds
   * an equal or higher-ranked status.
   */
  markCancelled(transferId: string, now: Date, by: Actor): Promise<void>;
}
