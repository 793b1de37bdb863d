/**
 * Transfer legs and their statuses, as Dwolla describes them
 * (https://developers.dwolla.com/docs/balance/transfer-lifecycle ("Transfer lifecycle");
 * https://developers.dwolla.com/api-reference/transfers/retrieve-a-transfer-failure-reason).
 */

export type TransferStatus = 'pending' | 'processed' | 'failed' | 'cancelled' | 'reclaimed';

/**
 * Ordering used to apply statuses independently of arrival order: a status is applied only
 * when its rank is higher than the stored one. `pending` is the floor (a leg never moves back
 * to it); `processed → failed` is allowed (post-settlement return), `failed → processed` is not;
 * `cancelled` and `reclaimed` are terminal.
 */
export const STATUS_RANK: Readonly<Record<TransferStatus, number>> = {
  pending: 0,
  processed: 1,
  failed: 2,
  cancelled: 3,
  reclaimed: 3,
};

/**
 * True when a leg at `from` may move to `to`.
 *
 * @example
 * ```ts
 * canTransition('processed', 'failed'); // true: a post-settlement return
 * canTransition('failed', 'processed'); // false
 * ```
 */
export function canTransition(from: TransferStatus | undefined, to: TransferStatus): boolean {
  if (from === undefined) return true;
  return STATUS_RANK[to] > STATUS_RANK[from];
}

/**
 * Topic families whose resource is a transfer leg
 * (https://developers.dwolla.com/api-reference/events).
 */
export const TRANSFER_TOPIC_PREFIXES = [
  'customer_bank_transfer_',
  'customer_transfer_',
  'bank_transfer_',
  'transfer_',
] as const;

/**
 * The status a transfer-leg event implies, or `undefined` when the topic is not a leg status
 * (e.g. not a transfer topic at all).
 *
 * @example
 * ```ts
 * statusFromTopic('customer_bank_transfer_completed'); // 'processed'
 * ```
 */
export function statusFromTopic(topic: string): TransferStatus | undefined {
  const prefix = TRANSFER_TOPIC_PREFIXES.find((p) => topic.startsWith(p));
  if (!prefix) return undefined;
  const suffix = topic.slice(prefix.length);
  switch (suffix) {
    case 'created':
      return 'pending';
    case 'completed':
      return 'processed';
    case 'failed':
    case 'creation_failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    case 'reclaimed':
      return 'reclaimed';
    default:
      return undefined;
  }
}

/**
 * Links of a leg to its neighbours and resources, as ids or URLs
 * (https://developers.dwolla.com/docs/balance/transfer-lifecycle).
 */
export interface TransferLinks {
  /** Id of the leg that funded this one (previous leg of the chain). */
  readonly fundingTransfer?: string;
  /** Id of the leg this one funded (next leg of the chain). */
  readonly fundedTransfer?: string;
  /**
   * Id of the bill payment that created this leg
   * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html).
   */
  readonly billPayment?: string;
  /** Source URL (funding source, account or customer). */
  readonly source?: string;
  /** Destination URL (funding source, account or customer). */
  readonly destination?: string;
}

/** `{ code, description }` of `GET /transfers/{id}/failure` (e.g. R01). */
export interface TransferFailure {
  readonly code: string;
  readonly description: string;
}

/** A Dwolla event as recorded against a leg. */
export interface LegEvent {
  readonly id: string;
  readonly topic: string;
  readonly created: string;
}

/** An API caller as recorded in audit fields: the tenant and the key's id and name, never the key. */
export interface Actor {
  readonly tenantId: string;
  readonly keyId: string;
  readonly keyName: string;
}

/** One transfer leg as the API returns it (`GET /transfers/{id}`). */
export interface TransferLeg {
  readonly id: string;
  readonly status: TransferStatus;
  /** The owning tenant (the tenant of the leg's account); absent while no tenant owns it. */
  readonly tenantId?: string;
  readonly amount?: { readonly value: string; readonly currency: string };
  readonly correlationId?: string;
  readonly created?: string;
  readonly accountId?: string;
  readonly links: TransferLinks;
  readonly failure?: TransferFailure;
  /** Who created it through `POST /transfers`. */
  readonly initiatedBy?: Actor;
  /** Who cancelled it through `POST /transfers/{id}/cancel`, and when (ISO-8601). */
  readonly cancelledBy?: Actor;
  readonly cancelledAt?: string;
  readonly events: readonly LegEvent[];
}
