/** Every Lambda function: its entry file, settings and declared access. */

import { TABLE } from '../../shared/adapters/dynamodb/table-design.js';
import type { AccountSecretAction, FunctionAccess, TableGrant } from './access.js';

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

/** One Lambda function: its entry file under `functions/` and its settings. */
export interface FunctionDefinition {
  /** Path of the entry file, relative to the project root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly access: FunctionAccess;
  /**
   * Reads its secrets through the AWS Parameters and Secrets Lambda Extension (a layer, cache
   * off) instead of a Secrets Manager SDK client, for a smaller bundle
   * (`shared/adapters/secrets-extension-client.ts`). Its access still names the secrets: the
   * extension reads them with the function's role.
   */
  readonly secretsExtension?: boolean;
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
    // The secret is its only read: no Secrets Manager client in the intake's bundle (-32 KB).
    secretsExtension: true,
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
    // The app credentials are its only secret, read only: no Secrets Manager client (-14 KB).
    secretsExtension: true,
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
