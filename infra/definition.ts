/**
 * The one definition of the system, read by both runtimes: the CDK app (`infra/stacks`)
 * and the local runner (`infra/local`). Routes, functions, queues, subscriptions and
 * schedules are declared here once so local and AWS cannot drift.
 */

import { type KeyFamily, TABLE } from '../shared/adapters/dynamodb/table-design.js';

/** Every function of the system, by its logical name. */
export type FunctionName =
  | 'authorizer'
  | 'health'
  | 'openapi'
  | 'oauthAuthorize'
  | 'oauthCallback'
  | 'accountGet'
  | 'accountDisconnect'
  | 'transferCreate'
  | 'transferGet'
  | 'transferSearch'
  | 'transferCancel'
  | 'webhookIntake'
  | 'eventStore'
  | 'transferChain'
  | 'paymentRecords'
  | 'tokenRefreshScheduler'
  | 'tokenRefreshWorker'
  | 'reconcile'
  | 'webhookEndpoints'
  | 'notificationOutbox'
  | 'notificationDelivery';

/** Every queue of the system (each has its own DLQ). */
export type QueueName =
  | 'eventStore'
  | 'transferChain'
  | 'paymentRecords'
  | 'tokenRefresh'
  | 'notifications';

/** A DynamoDB item action a function may use (its `dynamodb:` IAM action). */
export type ItemAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem';

/**
 * Some DynamoDB actions on the items whose partition key starts with one of `keys`
 * (`KEY_PREFIX` of the table design; `dynamodb:LeadingKeys` in IAM), on the table or on one
 * index (whose partition keys are then the ones named).
 */
export interface TableGrant {
  readonly keys: readonly KeyFamily[];
  readonly actions: readonly ItemAction[];
  readonly index?: (typeof TABLE)['correlationIndex' | 'refreshDueIndex']['name'];
}

/** What a function may do with the per-account token secrets (`<prefix>/<accountId>`). */
export type AccountSecretAction = 'read' | 'write' | 'restore' | 'delete';

/**
 * The account item and its refresh lease, as the token lifecycle uses them: read the account,
 * take and give back the lease, record a refresh or a refused refresh token.
 */
const TOKEN_LIFECYCLE_TABLE: TableGrant = {
  keys: ['account'],
  actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
};

/** Token secrets of a function that calls Dwolla for an account and may refresh its tokens. */
const TOKEN_USER_SECRETS: readonly AccountSecretAction[] = ['read', 'write'];

/** Which shared resources a function touches; the CDK app turns each into the narrowest grant. */
export interface FunctionAccess {
  /** DynamoDB: item families and actions, one IAM statement each. */
  readonly table?: readonly TableGrant[];
  /** Publishes to the events topic. */
  readonly publishEvents?: boolean;
  /** Sends to these queues (names from {@link QUEUES}). */
  readonly sendTo?: readonly QueueName[];
  /** Reads the Dwolla app credentials secret. */
  readonly appSecret?: boolean;
  /** Reads the webhook signing secret. */
  readonly webhookSecret?: boolean;
  /**
   * Per-account token secrets: `read` (GetSecretValue), `write` (CreateSecret, PutSecretValue,
   * TagResource), `restore` (RestoreSecret), `delete` (DeleteSecret with a recovery window).
   */
  readonly accountSecrets?: readonly AccountSecretAction[];
  /**
   * Per-endpoint signing secrets of the app notifications: `manage` creates and deletes them
   * (never reads), `read` reads them (the delivery function only).
   */
  readonly endpointSecrets?: 'manage' | 'read';
}

/** One Lambda function: its entry file under `functions/` and its settings. */
export interface FunctionDefinition {
  /** Path of the entry file, relative to the project root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly access: FunctionAccess;
}

export const FUNCTIONS = {
  authorizer: {
    entry: 'functions/api-key-authorizer.ts',
    description: 'HTTP API Lambda authorizer: checks x-api-key against stored SHA-256 hashes',
    timeoutSeconds: 5,
    memoryMb: 256,
    // The only reader of API-key items; nothing deployed writes them (the CLI does).
    access: { table: [{ keys: ['apiKey'], actions: ['GetItem'] }] },
  },
  health: {
    entry: 'functions/health.ts',
    description: 'GET /health',
    timeoutSeconds: 3,
    memoryMb: 128,
    access: {},
  },
  openapi: {
    entry: 'functions/openapi.ts',
    description: 'GET /openapi.json: the OpenAPI 3.1 document of the API, bundled',
    timeoutSeconds: 3,
    memoryMb: 128,
    access: {},
  },
  oauthAuthorize: {
    entry: 'functions/oauth-authorize.ts',
    description: 'POST /oauth/authorize: issues a single-use state and the Dwolla authorize URL',
    timeoutSeconds: 5,
    memoryMb: 256,
    access: { table: [{ keys: ['oauthState'], actions: ['PutItem'] }], appSecret: true },
  },
  oauthCallback: {
    entry: 'functions/oauth-callback.ts',
    description: 'GET /oauth/callback: consumes the state, exchanges the code, stores the tokens',
    timeoutSeconds: 15,
    memoryMb: 256,
    access: {
      table: [
        { keys: ['oauthState'], actions: ['DeleteItem'] },
        { keys: ['account'], actions: ['GetItem', 'UpdateItem'] },
      ],
      appSecret: true,
      // Writes the new pair, revives a disconnected account's secret; never reads a token.
      accountSecrets: ['write', 'restore'],
    },
  },
  accountGet: {
    entry: 'functions/account-get.ts',
    description: 'GET /accounts/{accountId}: connection status, never a token',
    timeoutSeconds: 5,
    memoryMb: 256,
    access: { table: [{ keys: ['account'], actions: ['GetItem'] }] },
  },
  accountDisconnect: {
    entry: 'functions/account-disconnect.ts',
    description: 'DELETE /accounts/{accountId}: disconnects, schedules the token secret deletion',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: {
      table: [{ keys: ['account'], actions: ['GetItem', 'UpdateItem'] }],
      accountSecrets: ['delete'],
    },
  },
  transferCreate: {
    entry: 'functions/transfer-create.ts',
    description: 'POST /transfers: validated, idempotent transfer initiation',
    timeoutSeconds: 29,
    memoryMb: 512,
    access: {
      table: [
        TOKEN_LIFECYCLE_TABLE,
        { keys: ['idempotency'], actions: ['GetItem', 'PutItem', 'UpdateItem'] },
        { keys: ['resource'], actions: ['UpdateItem'] },
      ],
      appSecret: true,
      accountSecrets: TOKEN_USER_SECRETS,
    },
  },
  transferGet: {
    entry: 'functions/transfer-get.ts',
    description: 'GET /transfers/{id}: one leg with its links, failure and events, from DynamoDB',
    timeoutSeconds: 5,
    memoryMb: 256,
    access: { table: [{ keys: ['resource'], actions: ['Query'] }] },
  },
  transferSearch: {
    entry: 'functions/transfer-search.ts',
    description: 'GET /transfers?correlationId=: the legs of a chain, in chain order',
    timeoutSeconds: 5,
    memoryMb: 256,
    access: {
      table: [{ keys: ['correlation'], actions: ['Query'], index: TABLE.correlationIndex.name }],
    },
  },
  transferCancel: {
    entry: 'functions/transfer-cancel.ts',
    description: 'POST /transfers/{id}/cancel: cancels a pending transfer at Dwolla',
    timeoutSeconds: 29,
    memoryMb: 256,
    access: {
      table: [TOKEN_LIFECYCLE_TABLE, { keys: ['resource'], actions: ['GetItem', 'UpdateItem'] }],
      appSecret: true,
      accountSecrets: TOKEN_USER_SECRETS,
    },
  },
  webhookIntake: {
    entry: 'functions/webhook-intake.ts',
    description: 'POST /webhooks/dwolla: signature check, then publish to the events topic',
    timeoutSeconds: 8,
    memoryMb: 512,
    access: { publishEvents: true, webhookSecret: true },
  },
  eventStore: {
    entry: 'functions/event-store.ts',
    description: 'SQS: stores every Dwolla event once per event id',
    timeoutSeconds: 30,
    memoryMb: 256,
    access: {
      table: [
        { keys: ['resource'], actions: ['PutItem'] },
        // Whether the event's account has an owner (EventsOfUnownedAccount).
        { keys: ['account'], actions: ['GetItem'] },
      ],
    },
  },
  transferChain: {
    entry: 'functions/transfer-chain.ts',
    description: 'SQS: upserts transfer legs, links chains both ways, fetches failure reasons',
    timeoutSeconds: 60,
    memoryMb: 512,
    // The account item also tells the leg's owner (its tenantId).
    access: {
      table: [TOKEN_LIFECYCLE_TABLE, { keys: ['resource'], actions: ['UpdateItem'] }],
      appSecret: true,
      accountSecrets: TOKEN_USER_SECRETS,
    },
  },
  paymentRecords: {
    entry: 'functions/payment-records.ts',
    description: 'SQS: bill-payment and mass-payment records',
    timeoutSeconds: 60,
    memoryMb: 256,
    access: {
      table: [TOKEN_LIFECYCLE_TABLE, { keys: ['resource'], actions: ['UpdateItem'] }],
      appSecret: true,
      accountSecrets: TOKEN_USER_SECRETS,
    },
  },
  tokenRefreshScheduler: {
    entry: 'functions/token-refresh.ts',
    description: 'Schedule: finds accounts whose refresh token is due and queues them',
    timeoutSeconds: 300,
    memoryMb: 256,
    access: {
      table: [{ keys: ['refreshDue'], actions: ['Query'], index: TABLE.refreshDueIndex.name }],
      sendTo: ['tokenRefresh'],
    },
  },
  tokenRefreshWorker: {
    entry: 'functions/token-refresh-worker.ts',
    description: 'SQS: refreshes one account at a time under a lease',
    timeoutSeconds: 60,
    memoryMb: 256,
    access: { table: [TOKEN_LIFECYCLE_TABLE], appSecret: true, accountSecrets: TOKEN_USER_SECRETS },
  },
  reconcile: {
    entry: 'functions/reconcile.ts',
    description:
      'Schedule: replays missed events from GET /events, unpauses the webhook subscription',
    timeoutSeconds: 300,
    memoryMb: 512,
    access: {
      table: [
        { keys: ['cursor'], actions: ['GetItem', 'PutItem'] },
        // Which replayed events are stored already.
        { keys: ['resource'], actions: ['BatchGetItem'] },
      ],
      appSecret: true,
      publishEvents: true,
    },
  },
  webhookEndpoints: {
    entry: 'functions/webhook-endpoints.ts',
    description: 'Webhook endpoints of the app notifications: create, list, delete, replay',
    timeoutSeconds: 29,
    memoryMb: 256,
    access: {
      table: [
        // Endpoints and their counter (transactions are authorised by these item actions).
        { keys: ['tenant'], actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'] },
        // Replay reads the tenant's stored notifications.
        { keys: ['notifications'], actions: ['Query'] },
      ],
      endpointSecrets: 'manage',
      sendTo: ['notifications'],
    },
  },
  notificationOutbox: {
    entry: 'functions/notification-outbox.ts',
    description:
      'Table stream: stores each leg status change once and queues one delivery per endpoint',
    timeoutSeconds: 60,
    memoryMb: 256,
    access: {
      table: [
        { keys: ['tenant'], actions: ['Query'] },
        { keys: ['notifications'], actions: ['PutItem', 'GetItem'] },
      ],
      sendTo: ['notifications'],
    },
  },
  notificationDelivery: {
    entry: 'functions/notification-delivery.ts',
    description:
      'SQS: signs and POSTs one notification to one app endpoint; backoff between attempts',
    // One 10 s attempt per message, plus reading the endpoint and its secret.
    timeoutSeconds: 20,
    memoryMb: 256,
    access: {
      table: [
        { keys: ['tenant'], actions: ['GetItem'] },
        { keys: ['webhookEndpoint'], actions: ['GetItem', 'PutItem'] },
      ],
      endpointSecrets: 'read',
    },
  },
} as const satisfies Record<FunctionName, FunctionDefinition>;

/** An HTTP route of the API. `auth: 'apiKey'` puts the authorizer in front of it. */
export interface RouteDefinition {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** API Gateway path syntax, e.g. `/transfers/{id}`. */
  readonly path: string;
  readonly function: FunctionName;
  readonly auth: 'apiKey' | 'public';
  /** Requests per second (steady, burst) for this route alone; the API's default otherwise. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/**
 * Every route of the API. Each one is described in the OpenAPI document by its entry in
 * `infra/openapi/operations.ts`, keyed by {@link RouteKey}: a route without a description does
 * not compile.
 */
export const ROUTES = [
  // Public routes anyone can flood get small limits of their own; the webhook route, whose
  // answers Dwolla counts toward pausing the subscription, the largest.
  {
    method: 'GET',
    path: '/health',
    function: 'health',
    auth: 'public',
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    function: 'openapi',
    auth: 'public',
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  { method: 'POST', path: '/oauth/authorize', function: 'oauthAuthorize', auth: 'apiKey' },
  {
    method: 'GET',
    path: '/oauth/callback',
    function: 'oauthCallback',
    auth: 'public',
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  { method: 'GET', path: '/accounts/{accountId}', function: 'accountGet', auth: 'apiKey' },
  {
    method: 'DELETE',
    path: '/accounts/{accountId}',
    function: 'accountDisconnect',
    auth: 'apiKey',
  },
  { method: 'POST', path: '/transfers', function: 'transferCreate', auth: 'apiKey' },
  { method: 'GET', path: '/transfers', function: 'transferSearch', auth: 'apiKey' },
  { method: 'GET', path: '/transfers/{id}', function: 'transferGet', auth: 'apiKey' },
  { method: 'POST', path: '/transfers/{id}/cancel', function: 'transferCancel', auth: 'apiKey' },
  {
    method: 'POST',
    path: '/webhooks/dwolla',
    function: 'webhookIntake',
    auth: 'public',
    throttle: { rateLimit: 200, burstLimit: 400 },
  },
  { method: 'POST', path: '/webhook-endpoints', function: 'webhookEndpoints', auth: 'apiKey' },
  { method: 'GET', path: '/webhook-endpoints', function: 'webhookEndpoints', auth: 'apiKey' },
  {
    method: 'DELETE',
    path: '/webhook-endpoints/{id}',
    function: 'webhookEndpoints',
    auth: 'apiKey',
  },
  {
    method: 'POST',
    path: '/webhook-endpoints/{id}/replay',
    function: 'webhookEndpoints',
    auth: 'apiKey',
  },
] as const satisfies readonly RouteDefinition[];

type KeyOfRoute<R> = R extends { method: infer M extends string; path: infer P extends string }
  ? `${M} ${P}`
  : never;

/** A route's API Gateway route key, e.g. `GET /transfers/{id}`. */
export type RouteKey = KeyOfRoute<(typeof ROUTES)[number]>;

/**
 * The route key of a route, as API Gateway names it (and the OpenAPI operations are keyed).
 *
 * @example
 * ```ts
 * routeKey({ method: 'GET', path: '/transfers/{id}' }); // 'GET /transfers/{id}'
 * ```
 */
export function routeKey<R extends Pick<RouteDefinition, 'method' | 'path'>>(
  route: R,
): KeyOfRoute<R> {
  return `${route.method} ${route.path}` as KeyOfRoute<R>;
}

/** Authorizer settings (identity header, cache TTL): the authorizer function reads them too. */
export { AUTHORIZER } from '../shared/api-keys/authorizer-settings.js';

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

/** Message attribute names set on every published Dwolla event (the publishers set them). */
export { EVENT_ATTRIBUTES } from '../shared/webhooks/event-attributes.js';

/** A scheduled job: EventBridge in AWS, the local scheduler and `npm run job -- <name>` locally. */
export interface ScheduleDefinition {
  readonly function: FunctionName;
  /** EventBridge rate expression, e.g. `rate(1 day)`. */
  readonly rate: string;
  readonly description: string;
}

export const SCHEDULES = {
  'token-refresh': {
    function: 'tokenRefreshScheduler',
    rate: 'rate(1 day)',
    description: 'Refreshes every account well before its 60-day refresh token expires',
  },
  reconcile: {
    function: 'reconcile',
    rate: 'rate(15 minutes)',
    description: 'Replays events missed by webhooks from GET /events; unpauses the subscription',
  },
} as const satisfies Record<string, ScheduleDefinition>;

export type ScheduleName = keyof typeof SCHEDULES;

/**
 * Parses an EventBridge `rate(...)` expression into milliseconds, for the local scheduler.
 *
 * @example
 * ```ts
 * rateToMs('rate(15 minutes)'); // 900000
 * ```
 */
export function rateToMs(rate: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(rate);
  if (!match) throw new Error(`Unsupported schedule expression: ${rate}`);
  const unit = match[2]!.replace(/s$/, '') as 'minute' | 'hour' | 'day';
  const unitMs = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[unit];
  return Number(match[1]) * unitMs;
}
