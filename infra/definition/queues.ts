/** The queues (each with its DLQ) and the table streams, with their consumers. */

import type { FunctionName } from './functions.js';

/** Every queue of the system (each has its own DLQ). */
export type QueueName =
  | 'eventStore'
  | 'transferChain'
  | 'paymentRecords'
  | 'tokenRefresh'
  | 'notifications';

/** An SQS queue consumed by a function, always with a DLQ. */
export interface QueueDefinition {
  readonly consumer: FunctionName;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  /**
   * When set, the queue is subscribed to the events topic (raw message delivery) with this
   * filter policy on the `topic` message attribute; `undefined` means "every event".
   */
  readonly eventsSubscription?: { readonly topicPrefixes?: readonly string[] };
  /** A FIFO queue (and FIFO DLQ): messages of one group are handled one at a time, in order. */
  readonly fifo?: boolean;
  /** Concurrent batches at most (Lambda's `ScalingConfig.MaximumConcurrency`; local pollers). */
  readonly maxConcurrency?: number;
}

/**
 * The app notifications' delivery schedule: the wait after each failed attempt, in seconds
 * (jitter adds up to 20 %). Deployed: 8 attempts over about 28 hours, the first retry within
 * 30 s; locally the same number of attempts within about two minutes.
 */
export const NOTIFICATION_RETRY_DELAYS_SECONDS = {
  deployed: [20, 300, 1_800, 7_200, 18_000, 36_000, 36_000],
  local: [1, 2, 4, 8, 15, 30, 30],
} as const satisfies Record<'deployed' | 'local', readonly number[]>;

export const QUEUES = {
  eventStore: {
    consumer: 'eventStore',
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    batchSize: 25,
    maxBatchingWindowSeconds: 1,
    eventsSubscription: {},
  },
  transferChain: {
    consumer: 'transferChain',
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 8,
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    eventsSubscription: {
      topicPrefixes: [
        'transfer_',
        'bank_transfer_',
        'customer_transfer_',
        'customer_bank_transfer_',
      ],
    },
  },
  paymentRecords: {
    consumer: 'paymentRecords',
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 8,
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    eventsSubscription: {
      topicPrefixes: ['customer_bill_payment_', 'mass_payment_', 'customer_mass_payment_'],
    },
  },
  tokenRefresh: {
    consumer: 'tokenRefreshWorker',
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 5,
    batchSize: 10,
    maxBatchingWindowSeconds: 5,
  },
  // One message per endpoint and notification, grouped by endpoint and leg. Batch size 1: a
  // failed message waits out its backoff alone, and no message behind it in its group is
  // received (and counted as an attempt) meanwhile. A failed attempt sets the message's own
  // visibility to the backoff, so `maxReceiveCount` is the number of attempts.
  notifications: {
    consumer: 'notificationDelivery',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: NOTIFICATION_RETRY_DELAYS_SECONDS.deployed.length + 1,
    batchSize: 1,
    maxBatchingWindowSeconds: 0,
    fifo: true,
    maxConcurrency: 20,
  },
} as const satisfies Record<QueueName, QueueDefinition>;

/** A function fed by the table's change stream (`NEW_AND_OLD_IMAGES`). */
export interface TableStreamDefinition {
  readonly consumer: FunctionName;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  /** Retries of a failing batch before its description goes to the stream's DLQ. */
  readonly maxRetryAttempts: number;
  /**
   * Lambda event filter patterns (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html):
   * the CDK app sets them on the event-source mapping, the local stream poller applies them.
   */
  readonly filterPatterns: readonly Record<string, unknown>[];
}

export const TABLE_STREAMS = {
  // Only leg items that carry their tenant reach the relay. A filter cannot compare the old
  // and new image, so whether the status changed is decided by the relay itself.
  notificationOutbox: {
    consumer: 'notificationOutbox',
    batchSize: 100,
    maxBatchingWindowSeconds: 1,
    maxRetryAttempts: 10,
    filterPatterns: [
      {
        eventName: ['INSERT', 'MODIFY'],
        dynamodb: {
          NewImage: {
            sk: { S: ['TRANSFER'] },
            status: { S: [{ exists: true }] },
            tenantId: { S: [{ exists: true }] },
          },
        },
      },
    ],
  },
} as const satisfies Record<string, TableStreamDefinition>;

export type TableStreamName = keyof typeof TABLE_STREAMS;

/**
 * Every queue of `QUEUES` with its definition, in definition order (the order the CDK app and
 * the local stack create them in).
 *
 * @example
 * ```ts
 * for (const [name, definition] of QUEUE_ENTRIES) console.log(name, definition.consumer);
 * ```
 */
export const QUEUE_ENTRIES = Object.entries(QUEUES) as ReadonlyArray<
  readonly [QueueName, QueueDefinition]
>;

/**
 * Every table stream mapping of `TABLE_STREAMS` with its definition, in definition order.
 *
 * @example
 * ```ts
 * for (const [name, stream] of TABLE_STREAM_ENTRIES) console.log(name, stream.consumer);
 * ```
 */
export const TABLE_STREAM_ENTRIES = Object.entries(TABLE_STREAMS) as ReadonlyArray<
  readonly [TableStreamName, TableStreamDefinition]
>;

/** Message attribute names set on every published Dwolla event (the publishers set them). */
export { EVENT_ATTRIBUTES } from '../../shared/webhooks/event-attributes.js';
