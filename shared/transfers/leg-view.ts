import type { TransferLegItem } from '../adapters/dynamodb/table-design.js';
import type { TransferLeg, TransferLinks } from '../domain/transfer.js';

/** A leg as the API shows it, without its events. */
export type Leg = Omit<TransferLeg, 'events'>;

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * A `TransferLegItem` as the API shows it (links as ids/URLs, absent facts left out): the one
 * mapping behind `GET /transfers/{id}`, the search and the app notifications' `data`.
 *
 * @example
 * ```ts
 * const leg = legFromItem(item); // { id, status, amount, links, … } without events
 * ```
 */
export function legFromItem(item: TransferLegItem): Leg {
  const links: TransferLinks = defined({
    fundingTransfer: item.fundingTransferId,
    fundedTransfer: item.fundedTransferId,
    billPayment: item.billPaymentId,
    source: item.sourceUrl,
    destination: item.destinationUrl,
  });
  return defined({
    id: item.id,
    status: item.status,
    tenantId: item.tenantId,
    amount:
      item.amountValue === undefined
        ? undefined
        : { value: item.amountValue, currency: item.amountCurrency ?? 'USD' },
    correlationId: item.correlationId,
    created: item.created,
    accountId: item.accountId,
    links,
    failure:
      item.failureCode === undefined
        ? undefined
        : { code: item.failureCode, description: item.failureDescription ?? '' },
    initiatedBy: item.initiatedBy,
    cancelledBy: item.cancelledBy,
    cancelledAt: item.cancelledAt,
  });
}
