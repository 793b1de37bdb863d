import type { TransferLegItem } from '../adapters/dynamodb/table-design.js';
import type { TransferStatus } from '../domain/transfer.js';
import { legFromItem } from '../transfers/leg-view.js';

/** Every notification type an endpoint can subscribe to: one per leg status. */
export const NOTIFICATION_TYPES = [
  'transfer.created',
  'transfer.processed',
  'transfer.failed',
  'transfer.cancelled',
  'transfer.reclaimed',
] as const;

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** The notification type announcing that a leg was set to a status. */
const TYPE_OF_STATUS: Readonly<Record<TransferStatus, NotificationType>> = {
  pending: 'transfer.created',
  processed: 'transfer.processed',
  failed: 'transfer.failed',
  cancelled: 'transfer.cancelled',
  reclaimed: 'transfer.reclaimed',
};

/** A leg item as the table stores it, with the owner the tenancy contract puts on it. */

/** One notification: a status a leg of a tenant was set to, with its body fixed once. */
export interface Notification {
  /** Standard Webhooks `webhook-id`: stable for one leg and status, on every retry and replay. */
  readonly webhookId: string;
  readonly type: NotificationType;
  readonly tenantId: string;
  readonly transferId: string;
  /** When the status was stored (ISO-8601): the body's `timestamp`. */
  readonly occurredAt: string;
  /** The JSON body, byte for byte what every attempt and replay sends. */
  readonly body: string;
}

/**
 * The `webhook-id` of one leg and status: the same whoever computes it, so a redelivered stream
 * record, a retry and a replay all carry it.
 *
 * @example
 * ```ts
 * webhookIdOf('74c9129b-d14a-e511-80da-0aa34a9b2388', 'failed'); // 'msg_74c9…_failed'
 * ```
 */
export function webhookIdOf(transferId: string, status: TransferStatus): string {
  return `msg_${transferId}_${status}`;
}

function notificationOf(
  image: TransferLegItem,
  tenantId: string,
  previousStatus: TransferStatus | null,
  fallbackTime: string,
): Notification {
  const type = TYPE_OF_STATUS[image.status];
  const occurredAt = image.updatedAt ?? fallbackTime;
  const body = JSON.stringify({
    type,
    timestamp: occurredAt,
    data: { ...legFromItem(image), previousStatus },
  });
  return {
    webhookId: webhookIdOf(image.id, image.status),
    type,
    tenantId,
    transferId: image.id,
    occurredAt,
    body,
  };
}

/**
 * The notifications one stored change of a leg item owes its tenant, from the item before and
 * after the change (a DynamoDB stream record's images). Statuses only move up their rank, so each
 * change sets at most one new status; a leg whose owner becomes known only now (a placeholder
 * created by a reverse link) is announced once its owner is known: its earlier stored status
 * first, when this same change also moved it on, so that the `previousStatus` of every
 * notification a receiver gets is the status of the one before.
 *
 * @example
 * ```ts
 * notificationsForChange(oldImage, newImage, record.dynamodb.ApproximateCreationDateTime);
 * ```
 */
export function notificationsForChange(
  before: TransferLegItem | undefined,
  after: TransferLegItem | undefined,
  fallbackTime: string,
): Notification[] {
  if (after?.sk !== 'TRANSFER' || after.status === undefined) return [];
  const tenantId = after.tenantId;
  if (tenantId === undefined) return [];
  const previous = before?.sk === 'TRANSFER' ? before.status : undefined;
  if (before?.tenantId !== undefined) {
    if (previous === undefined || previous === after.status) {
      return previous === undefined ? [notificationOf(after, tenantId, null, fallbackTime)] : [];
    }
    return [notificationOf(after, tenantId, previous, fallbackTime)];
  }
  if (previous !== undefined && before !== undefined && previous !== after.status) {
    return [
      notificationOf(before, tenantId, null, fallbackTime),
      notificationOf(after, tenantId, previous, fallbackTime),
    ];
  }
  return [notificationOf(after, tenantId, null, fallbackTime)];
}
