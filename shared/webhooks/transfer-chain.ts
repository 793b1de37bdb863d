import {
  statusFromTopic,
  TRANSFER_TOPIC_PREFIXES,
  type TransferFailure,
  type TransferStatus,
} from '../domain/transfer.js';
import type { DwollaApi, DwollaTransfer } from '../ports/dwolla-api.js';
import {
  claimLeaseMs,
  claimTokenAt,
  claimUnlessHeld,
  type DwollaEventProcessor,
  heldClaim,
  type OneTimeFetchDependencies,
} from './event-processor.js';
import type { AccountOwners, LegEnrichment, LegSnapshot, LegStore, LegTask } from './leg-store.js';
import { accountIdOf, customerIdOf, idFromHref } from './payload.js';
import { classifyCallFailure, ResourceFetchError } from './transfer-chain-errors.js';

/** What the transfer-chain processor is built from. */
export interface TransferChainDependencies extends OneTimeFetchDependencies {
  readonly legs: LegStore;
  /** The tenant of the event's account (`_links.account`): the owner of the leg. */
  readonly owners: AccountOwners;
  readonly dwolla: Pick<DwollaApi, 'getTransfer' | 'getTransferFailure'>;
}

/** What processing one event did to its leg (for logs and tests). */
export interface TransferChainOutcome {
  readonly transferId: string;
  /** The leg's status after the event (the stored one when the event's was stale). */
  readonly status: TransferStatus;
  readonly statusApplied: boolean;
  /** True when this event fetched the leg from Dwolla (at most once per leg). */
  readonly enriched: boolean;
  /** True when this event fetched `/transfers/{id}/failure` (at most once per failed leg). */
  readonly failureFetched: boolean;
}

/**
 * Processes `transfer_*`, `bank_transfer_*`, `customer_transfer_*` and
 * `customer_bank_transfer_*` events (the transfers a mass payment creates included:
 * Dwolla API reference, Mass payments ("Mass payment item") `_links.transfer` is an ordinary transfer) into legs.
 *
 * @example
 * ```ts
 * const outcome = await processor.process(parseDwollaEvent(JSON.parse(body)));
 * ```
 */
export type TransferChainProcessor = DwollaEventProcessor<TransferChainOutcome>;

/**
 * Builds the transfer-chain use case: status from the topic applied whatever the arrival order,
 * one Dwolla fetch per leg for amount, created, correlationId and links (with the reverse link
 * set on each neighbour), and one failure fetch per failed leg.
 *
 * @example
 * ```ts
 * const processor = createTransferChainProcessor({ legs, owners, dwolla, tokens, clock: systemClock, logger, metrics });
 * ```
 */
export function createTransferChainProcessor(
  deps: TransferChainDependencies,
): TransferChainProcessor {
  const { legs, owners, dwolla, tokens, clock, logger, metrics } = deps;
  const leaseMs = claimLeaseMs(deps);

  /**
   * Runs a claimed one-time fetch; false when another processor holds or finished it. `held` is
   * a claim already won in `applyEvent`; without it the task is claimed here.
   */
  async function once(
    leg: LegSnapshot,
    accountId: string,
    task: LegTask,
    work: () => Promise<void>,
    held?: string,
  ): Promise<boolean> {
    const claim = await claimUnlessHeld(held, clock.now(), (at) =>
      legs.claim(leg.id, task, at, leaseMs),
    );
    if (claim === undefined) return false;
    try {
      await work();
      return true;
    } catch (error) {
      return giveUp(leg, accountId, task, claim, error);
    }
  }

  /**
   * Gives a one-time fetch's claim back after `error`, so a later event (or the redelivery) may
   * retry it: throws {@link ResourceFetchError} when the error is worth retrying, else logs why the
   * leg stays as the events describe it and returns false.
   */
  async function giveUp(
    leg: LegSnapshot,
    accountId: string,
    task: LegTask,
    claim: string,
    error: unknown,
  ): Promise<false> {
    await legs.release(leg.id, task, claim);
    const kind = classifyCallFailure(error);
    const context = { transferId: leg.id, accountId, task };
    if (kind === 'retryable') {
      throw new ResourceFetchError('transfer', leg.id, task, { cause: error });
    }
    if (kind === 'unknownAccount') {
      metrics.addMetric('EnrichmentSkippedUnknownAccount', 'Count', 1);
      logger.warn('account not connected; leg kept as the events describe it', context);
    } else if (kind === 'reauthorizationRequired') {
      logger.warn('account must reauthorize; leg kept as the events describe it', context);
    } else {
      logger.error('Dwolla refused the fetch; a later event may retry it', {
        ...context,
        error: (error as Error).message,
      });
    }
    return false;
  }

  /** `GET /transfers/{id}/failure`: the ACH return code (R01, R03...). */
  async function getFailure(leg: LegSnapshot, accountId: string): Promise<TransferFailure> {
    metrics.addMetric('EnrichmentCalls', 'Count', 1);
    // https://developers.dwolla.com/api-reference/transfers/retrieve-a-transfer-failure-reason
    const failure = await tokens.withAccountToken(accountId, (token) =>
      dwolla.getTransferFailure(token, leg.id),
    );
    return { code: failure.code, description: failure.description };
  }

  /**
   * Fetches the leg once and stores it. With `withFailure` (a failed leg whose failure claim this
   * event's upsert won), the failure reason is fetched too and lands in the same write; a failed
   * failure fetch does not lose the enrichment (it is saved alone) and comes back as `failure`'s
   * `error`, for the caller to give the failure claim back.
   */
  async function enrich(
    leg: LegSnapshot,
    accountId: string,
    claimToken: string | undefined,
    withFailure: boolean,
  ): Promise<{ enriched: boolean; failure?: FailureFetch }> {
    const held = heldClaim(leg.enrichmentClaim, claimToken, clock.now(), leaseMs);
    if (held === null) return { enriched: false };
    let failure: FailureFetch | undefined;
    const enriched = await once(
      leg,
      accountId,
      'enrichment',
      async () => {
        metrics.addMetric('EnrichmentCalls', 'Count', 1);
        const transfer = await tokens.withAccountToken(accountId, (token) =>
          dwolla.getTransfer(token, leg.id),
        );
        const enrichment = toEnrichment(transfer);
        if (withFailure) {
          failure = await getFailure(leg, accountId).then(
            (reason): FailureFetch => ({ reason }),
            (error: unknown): FailureFetch => ({ error }),
          );
        }
        // Neighbours first: once `enrichedAt` is set this leg is never fetched again, so a link
        // lost between the two writes would never be repaired.
        // https://developers.dwolla.com/docs/balance/transfer-lifecycle ("funding-transfer /
        // funded-transfer"): each link has its mirror on the neighbouring leg. A neighbour whose
        // link already stands on this leg wrote it from its own enrichment, which stores its side
        // of the pair too (or is redone until it does): no mirror write.
        const now = clock.now();
        const funding = enrichment.fundingTransferId;
        if (funding && funding !== leg.id && leg.fundingTransferId !== funding) {
          await legs.linkNeighbour(funding, 'fundedTransferId', leg.id, now);
        }
        const funded = enrichment.fundedTransferId;
        if (funded && funded !== leg.id && leg.fundedTransferId !== funded) {
          await legs.linkNeighbour(funded, 'fundingTransferId', leg.id, now);
        }
        const reason = failure !== undefined && 'reason' in failure ? failure.reason : undefined;
        await legs.saveEnrichment(leg.id, enrichment, now, leg.tenantId, reason);
      },
      held,
    );
    return enriched ? { enriched, failure } : { enriched };
  }

  async function fetchFailure(
    leg: LegSnapshot,
    accountId: string,
    claimToken: string | undefined,
  ): Promise<boolean> {
    const held = heldClaim(leg.failureClaim, claimToken, clock.now(), leaseMs);
    if (held === null) return false;
    return once(
      leg,
      accountId,
      'failure',
      async () => {
        await legs.saveFailure(leg.id, await getFailure(leg, accountId), clock.now());
      },
      held,
    );
  }

  return {
    async process(event) {
      if (!TRANSFER_TOPIC_PREFIXES.some((prefix) => event.topic.startsWith(prefix))) {
        logger.warn('not a transfer topic; ignored', { eventId: event.id, topic: event.topic });
        return undefined;
      }
      const eventAccountId = accountIdOf(event);
      const tenantId =
        eventAccountId === undefined ? undefined : await owners.ownerOf(eventAccountId);
      // An account no tenant owns: the leg is kept without an owner, visible to none (the
      // event store counts such events once each).
      const now = clock.now();
      // The enrichment claim rides on the upsert (one write instead of two); only when the event
      // names the account, so a claim is never held by an event that cannot fetch.
      const claimToken = eventAccountId === undefined ? undefined : claimTokenAt(now);
      const status = statusFromTopic(event.topic);
      const { leg, statusApplied } = await legs.applyEvent(
        {
          transferId: event.resourceId,
          status,
          accountId: eventAccountId,
          tenantId,
          customerId: customerIdOf(event),
          correlationId: event.correlationId,
          eventCreated: event.created,
          enrichmentClaim: claimToken,
          // The failure fetch's claim rides on the write that fails the leg, the same way.
          failureClaim: status === 'failed' ? claimToken : undefined,
        },
        now,
      );
      const context = {
        eventId: event.id,
        topic: event.topic,
        transferId: leg.id,
        correlationId: leg.correlationId,
      };
      const accountId = leg.accountId ?? eventAccountId;
      let enriched = false;
      let failureFetched = false;
      if (accountId === undefined) {
        metrics.addMetric('EnrichmentSkippedUnknownAccount', 'Count', 1);
        logger.warn('event names no account; leg kept as the events describe it', context);
      } else {
        // A failed leg's reason is fetched once, whether this event failed it or found it failed
        // (https://developers.dwolla.com/api-reference/transfers/retrieve-a-transfer-failure-reason);
        // with the enrichment's write when this event holds both claims (a leg first seen failed).
        const failureOwed = leg.status === 'failed' && leg.failureFetchedAt === undefined;
        const failureHeld =
          failureOwed && claimToken !== undefined && leg.failureClaim === claimToken;
        let withEnrichment: FailureFetch | undefined;
        try {
          if (leg.enrichedAt === undefined) {
            ({ enriched, failure: withEnrichment } = await enrich(
              leg,
              accountId,
              claimToken,
              failureHeld,
            ));
          }
        } catch (error) {
          // The failure claim this event won is given back too, so the redelivery fetches both.
          if (failureHeld) await legs.release(leg.id, 'failure', claimToken);
          throw error;
        }
        if (withEnrichment !== undefined && 'reason' in withEnrichment) {
          failureFetched = true;
        } else if (withEnrichment !== undefined) {
          failureFetched = await giveUp(
            leg,
            accountId,
            'failure',
            claimToken!,
            withEnrichment.error,
          );
        } else if (failureOwed) {
          failureFetched = await fetchFailure(leg, accountId, claimToken);
        }
      }
      logger.info('leg updated', { ...context, status: leg.status, statusApplied, enriched });
      return { transferId: leg.id, status: leg.status, statusApplied, enriched, failureFetched };
    },
  };
}

/** How the failure fetch made with the enrichment ended: the reason, or the error. */
type FailureFetch = { readonly reason: TransferFailure } | { readonly error: unknown };

function toEnrichment(transfer: DwollaTransfer): LegEnrichment {
  return {
    amount: transfer.amount,
    created: transfer.created,
    correlationId: transfer.correlationId,
    sourceUrl: transfer.links.source,
    destinationUrl: transfer.links.destination,
    fundingTransferId: idFromHref(transfer.links.fundingTransfer),
    fundedTransferId: idFromHref(transfer.links.fundedTransfer),
    billPaymentId: idFromHref(transfer.links.billPayment),
  };
}
