import type { TransferFailure, TransferStatus } from '../domain/transfer.js';

/**
 * What the webhook pipeline needs from the transfer-leg storage (`keys.transfer(id)` items,
 * `TransferLegItem` in `shared/adapters/dynamodb/table-design.ts`). The DynamoDB adapter is
 * `DynamoDbLegStore` (`dynamodb-leg-store.ts`); tests use typed fakes.
 *
 * Every write is an upsert that never overwrites another writer's facts, because the Transfers
 * API, every event of the leg and the leg's neighbours may write in any order
 * (https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7 ("General
 * recommendations"): Dwolla cannot guarantee the order of webhooks).
 */

/** What one Dwolla event says about a leg. */
export interface LegEventFacts {
  readonly transferId: string;
  /** From the topic (`statusFromTopic`); `undefined` for a transfer topic that is not a status. */
  readonly status?: TransferStatus;
  readonly accountId?: string;
  /**
   * The owner of `accountId`'s account, when a tenant owns it: the leg's `tenantId`, set in the
   * same write as the status, and the tenant part of its correlation index key.
   */
  readonly tenantId?: string;
  readonly customerId?: string;
  readonly correlationId?: string;
  /** The event's `created`: provisional chain-order key until the leg is enriched. */
  readonly eventCreated: string;
  /**
   * A unique claim token (`<ISO time>#<uuid>`) to claim the enrichment in the same write, when
   * nobody holds it yet: the caller owns the claim when {@link LegSnapshot.enrichmentClaim}
   * comes back equal to it. Saves the separate claim write on the common path.
   */
  readonly enrichmentClaim?: string;
  /**
   * The same kind of token for the failure fetch, given with a `failed` event: the claim rides on
   * the write that fails the leg, so the failure fetch needs no claim write of its own.
   */
  readonly failureClaim?: string;
}

/** The leg as stored after a write (the attributes the processor decides on). */
export interface LegSnapshot {
  readonly id: string;
  readonly status: TransferStatus;
  readonly statusRank: number;
  readonly accountId?: string;
  readonly tenantId?: string;
  readonly customerId?: string;
  readonly correlationId?: string;
  readonly fundingTransferId?: string;
  readonly fundedTransferId?: string;
  readonly billPaymentId?: string;
  readonly enrichedAt?: string;
  /** The enrichment claim as stored (a token or an ISO time, both start with the claim time). */
  readonly enrichmentClaim?: string;
  /** The failure claim as stored (a token or an ISO time, both start with the claim time). */
  readonly failureClaim?: string;
  readonly failureFetchedAt?: string;
  readonly failureCode?: string;
}

/** Result of {@link LegStore.applyEvent}. */
export interface LegUpsertResult {
  readonly leg: LegSnapshot;
  /**
   * False when the stored status ranked at least as high (the event's status was stale); for a
   * `pending` (rank 0) event, true while the leg is still pending.
   */
  readonly statusApplied: boolean;
}

/** The leg as Dwolla returns it (`GET /transfers/{id}`), reduced to what is stored. */
export interface LegEnrichment {
  readonly amount: { readonly value: string; readonly currency: string };
  readonly created: string;
  readonly correlationId?: string;
  readonly sourceUrl?: string;
  readonly destinationUrl?: string;
  readonly fundingTransferId?: string;
  readonly fundedTransferId?: string;
  readonly billPaymentId?: string;
}

/** A link set on a leg by one of its neighbours (or by its bill payment). */
export type NeighbourLinkField = 'fundingTransferId' | 'fundedTransferId' | 'billPaymentId';

/** One-time work on a leg, guarded by a claim so it happens at most once. */
export type LegTask = 'enrichment' | 'failure';

/**
 * Who owns a Dwolla account: the tenant that connected it, or `undefined` when none did.
 *
 * @example
 * ```ts
 * const tenantId = await owners.ownerOf(accountId);
 * ```
 */
export interface AccountOwners {
  ownerOf(accountId: string): Promise<string | undefined>;
}

/**
 * Storage of transfer legs for the webhook processors.
 *
 * @example
 * ```ts
 * const { leg } = await legs.applyEvent({ ...facts, enrichmentClaim: token }, clock.now());
 * if (!leg.enrichedAt && leg.enrichmentClaim === token) { ... }
 * ```
 */
export interface LegStore {
  /**
   * Upserts the leg from one event: the status only when it ranks higher than the stored one
   * (`STATUS_RANK`), the other facts (`accountId`, `customerId`, `correlationId` and the
   * correlation index keys) only when not yet known, the enrichment and failure claims when
   * given and nobody holds one. Returns the leg as now stored; a stale status whose other facts
   * are all stored already costs only the conditional write that found it stale.
   */
  applyEvent(facts: LegEventFacts, now: Date): Promise<LegUpsertResult>;
  /**
   * Claims a one-time task for `leaseMs`. False when the task is done, or claimed by another
   * processor whose claim has not expired (a crashed processor's claim expires and is retaken).
   */
  claim(transferId: string, task: LegTask, now: Date, leaseMs: number): Promise<boolean>;
  /**
   * Gives a claim back after the task failed, so a redelivery may try again at once. `claim` is
   * the stored claim value: the token given to `applyEvent`, or `claim`'s `now.toISOString()`.
   */
  release(transferId: string, task: LegTask, claim: string): Promise<void>;
  /**
   * Stores what `GET /transfers/{id}` says and marks the leg enriched (ends the claim). The
   * correlation index key is set only for a leg with an owner (`tenantId`). With `failure` (a
   * failed leg whose reason was fetched with it), stores it as {@link saveFailure} does, in the
   * same write.
   */
  saveEnrichment(
    transferId: string,
    enrichment: LegEnrichment,
    now: Date,
    tenantId: string | undefined,
    failure?: TransferFailure,
  ): Promise<void>;
  /** Stores `GET /transfers/{id}/failure` and marks it fetched (`failureFetchedAt` ends the claim). */
  saveFailure(transferId: string, failure: TransferFailure, now: Date): Promise<void>;
  /**
   * Sets `field = value` on the leg unless already set, creating the leg as `pending` (rank 0)
   * when it is not known yet: its own events raise the status later.
   */
  linkNeighbour(
    transferId: string,
    field: NeighbourLinkField,
    value: string,
    now: Date,
  ): Promise<void>;
}
