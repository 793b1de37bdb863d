import type { DwollaApi } from '../ports/dwolla-api.js';
import { billPaymentStateFromTopic, billPaymentTransferHref } from './bill-payment.js';
import {
  claimLeaseMs,
  claimTokenAt,
  claimUnlessHeld,
  type DwollaEventProcessor,
  heldClaim,
  type OneTimeFetchDependencies,
} from './event-processor.js';
import type { LegStore } from './leg-store.js';
import { massPaymentStateFromTopic } from './mass-payment.js';
import { accountIdOf, customerIdOf, idFromHref } from './payload.js';
import type { PaymentRecordKind, PaymentRecordStore } from './payment-records-store.js';
import { classifyCallFailure, ResourceFetchError } from './transfer-chain-errors.js';

/** What the payment-records processor is built from. */
export interface PaymentRecordsDependencies extends OneTimeFetchDependencies {
  readonly records: PaymentRecordStore;
  /** The bill payment's transfer gets `billPaymentId` through the leg store. */
  readonly legs: Pick<LegStore, 'linkNeighbour'>;
  readonly dwolla: Pick<DwollaApi, 'getBillPayment'>;
}

/** What processing one event did (for logs and tests). */
export interface PaymentRecordOutcome {
  readonly kind: PaymentRecordKind;
  readonly id: string;
  readonly status: string;
  readonly statusApplied: boolean;
  /** Bill payments: the transfer leg linked by this event's fetch. */
  readonly linkedTransferId?: string;
}

/**
 * Processes `customer_bill_payment_*`, `mass_payment_*` and `customer_mass_payment_*` events
 * into bill-payment and mass-payment records.
 *
 * @example
 * ```ts
 * await processor.process(parseDwollaEvent(JSON.parse(body)));
 * ```
 */
export type PaymentRecordsProcessor = DwollaEventProcessor<PaymentRecordOutcome>;

/**
 * Builds the payment-records use case. A bill payment gets the Regalii-mapped status
 * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html ("Step 4")) under
 * the same rank rule as legs, its correlationId (the Regalii transaction id) and customer, and one
 * `GET /bill-payments/{id}` for the transfer it created, whose leg then carries `billPaymentId`. A
 * mass payment gets its status. Neither is a leg.
 *
 * @example
 * ```ts
 * const processor = createPaymentRecordsProcessor({ records, legs, dwolla, tokens, clock, logger, metrics });
 * ```
 */
export function createPaymentRecordsProcessor(
  deps: PaymentRecordsDependencies,
): PaymentRecordsProcessor {
  const { records, legs, dwolla, tokens, clock, logger, metrics } = deps;
  const leaseMs = claimLeaseMs(deps);

  /**
   * One `GET /bill-payments/{id}` per bill payment, for its transfer link. `held` is the claim this
   * event won in `applyEvent`; without it the fetch is claimed here (an expired claim taken over).
   */
  async function linkTransfer(
    billPaymentId: string,
    accountId: string,
    held: string | undefined,
  ): Promise<string | undefined> {
    const claim = await claimUnlessHeld(held, clock.now(), (at) =>
      records.claimTransferLink(billPaymentId, at, leaseMs),
    );
    if (claim === undefined) return undefined;
    try {
      metrics.addMetric('EnrichmentCalls', 'Count', 1);
      const billPayment = await tokens.withAccountToken(accountId, (token) =>
        dwolla.getBillPayment(token, billPaymentId),
      );
      const transferId = idFromHref(billPaymentTransferHref(billPayment.links));
      // Leg first: once the record is marked linked the fetch never happens again.
      if (transferId !== undefined) {
        await legs.linkNeighbour(transferId, 'billPaymentId', billPaymentId, clock.now());
      }
      await records.saveTransferLink(
        billPaymentId,
        { transferId, correlationId: billPayment.correlationId },
        clock.now(),
      );
      return transferId;
    } catch (error) {
      await records.releaseTransferLink(billPaymentId, claim);
      const kind = classifyCallFailure(error);
      if (kind === 'retryable') {
        throw new ResourceFetchError('billPayment', billPaymentId, 'transferLink', {
          cause: error,
        });
      }
      if (kind === 'unknownAccount') {
        metrics.addMetric('EnrichmentSkippedUnknownAccount', 'Count', 1);
      }
      logger.warn('bill payment not fetched; record kept as the events describe it', {
        billPaymentId,
        accountId,
        reason: kind,
      });
      return undefined;
    }
  }

  return {
    async process(event) {
      const context = { eventId: event.id, topic: event.topic, resourceId: event.resourceId };
      const billPayment = billPaymentStateFromTopic(event.topic);
      const massPayment = billPayment ? undefined : massPaymentStateFromTopic(event.topic);
      const state = billPayment ?? massPayment;
      if (state === undefined) {
        logger.warn('not a bill-payment or mass-payment topic; ignored', context);
        return undefined;
      }
      const kind: PaymentRecordKind = billPayment ? 'billPayment' : 'massPayment';
      const eventAccountId = accountIdOf(event);
      const now = clock.now();
      // The fetch's claim rides on the upsert; only when the event names the account, so a claim
      // is never held by an event that cannot fetch.
      const claimToken =
        kind === 'billPayment' && eventAccountId !== undefined ? claimTokenAt(now) : undefined;
      const { record, statusApplied } = await records.applyEvent(
        kind,
        {
          id: event.resourceId,
          status: state.status,
          statusRank: state.rank,
          accountId: eventAccountId,
          customerId: customerIdOf(event),
          correlationId: event.correlationId,
          statusAttributes: billPayment ? { regaliiStatus: billPayment.regaliiStatus } : undefined,
          transferLinkClaim: claimToken,
        },
        now,
      );
      let linkedTransferId: string | undefined;
      const accountId = record.accountId ?? eventAccountId;
      if (kind === 'billPayment' && record.transferLinkedAt === undefined) {
        if (accountId === undefined) {
          metrics.addMetric('EnrichmentSkippedUnknownAccount', 'Count', 1);
          logger.warn('event names no account; bill payment not fetched', context);
        } else {
          const held = heldClaim(record.transferLinkClaim, claimToken, clock.now(), leaseMs);
          if (held !== null) linkedTransferId = await linkTransfer(record.id, accountId, held);
        }
      }
      logger.info('payment record updated', {
        ...context,
        kind,
        status: record.status,
        statusApplied,
        correlationId: record.correlationId,
      });
      return { kind, id: record.id, status: record.status, statusApplied, linkedTransferId };
    },
  };
}
