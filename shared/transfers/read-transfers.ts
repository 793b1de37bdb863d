import type { TransferLeg } from '../domain/transfer.js';
import type { Principal } from '../tenancy/principal.js';
import { chainOrder } from './chain-order.js';
import { TransferNotFoundError } from './errors.js';
import type { TransferStore } from './ports.js';

/** The body of `GET /transfers?correlationId=`. */
export interface TransferSearchResult {
  readonly correlationId: string;
  readonly total: number;
  /** Legs in chain order; events are served by `GET /transfers/{id}`. */
  readonly transfers: readonly Omit<TransferLeg, 'events'>[];
}

/**
 * Builds the `GET /transfers/{id}` use case: the caller's leg with its links, failure, audit and
 * events, read from the table the webhook pipeline keeps current. It never calls Dwolla. Another
 * tenant's leg, or one no tenant owns, does not exist for the caller.
 *
 * @example
 * ```ts
 * const getTransfer = getTransferUseCase({ transfers });
 * const leg = await getTransfer('74c9129b-d14a-e511-80da-0aa34a9b2388', principal);
 * ```
 */
export function getTransferUseCase(deps: {
  transfers: Pick<TransferStore, 'getWithEvents'>;
}): (transferId: string, principal: Principal) => Promise<TransferLeg> {
  return async function getTransfer(transferId, principal) {
    const leg = await deps.transfers.getWithEvents(transferId);
    if (!leg || leg.tenantId !== principal.tenantId) throw new TransferNotFoundError(transferId);
    return leg;
  };
}

/**
 * Builds the `GET /transfers?correlationId=` use case: every leg of the caller's tenant sharing
 * the correlationId
 * (https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/), first
 * leg first along the funding/funded links
 * (https://developers.dwolla.com/docs/balance/transfer-lifecycle). CorrelationIds are per tenant:
 * another tenant's legs are never seen.
 *
 * @example
 * ```ts
 * const search = searchTransfersUseCase({ transfers });
 * const { total, transfers } = await search('order-42', principal);
 * ```
 */
export function searchTransfersUseCase(deps: {
  transfers: Pick<TransferStore, 'findByCorrelationId'>;
}): (correlationId: string, principal: Principal) => Promise<TransferSearchResult> {
  return async function searchTransfers(correlationId, principal) {
    const legs = chainOrder(
      await deps.transfers.findByCorrelationId(principal.tenantId, correlationId),
    );
    return { correlationId, total: legs.length, transfers: legs };
  };
}
