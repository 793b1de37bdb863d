import type { Actor } from '../../domain/transfer.js';

/**
 * The single-table design. Every item has `pk` and `sk`; GSIs are sparse (only the item types
 * that set their keys appear in them). README "Data model" documents the access patterns.
 *
 * | item             | pk                          | sk                 | GSI keys                                     |
 * | ---------------- | --------------------------- | ------------------ | -------------------------------------------- |
 * | account          | `ACCOUNT#<accountId>`       | `ACCOUNT`          | gsi2: `REFRESH_DUE#<yyyy-mm-dd>` / accountId |
 * |   (owner: `tenantId`, set by the first connect, never changed; `reference` of the latest)      |
 * | refresh lease    | `ACCOUNT#<accountId>`       | `LEASE`            | — (ttl)                                      |
 * | sealed tokens    | `ACCOUNT#<accountId>`       | `TOKENS`           | — (only with the KMS table vault)            |
 * | oauth state      | `OAUTH_STATE#<sha256(state)>` | `STATE`          | — (ttl)                                      |
 * | api key          | `API_KEY#<sha256(key)>`     | `API_KEY`          | —                                            |
 * | api key id       | `API_KEY_ID#<keyId>`        | `API_KEY_ID`       | — (points at the key item, for revoke)       |
 * | idempotency      | `IDEMPOTENCY#<tenantId>#<key>` | `IDEMPOTENCY`   | — (ttl)                                      |
 * | transfer leg     | `RESOURCE#<transferId>`     | `TRANSFER`         | gsi1: `CORRELATION#<tenantId>#<id>` / `<created>#<transferId>` |
 * | event            | `RESOURCE#<resourceId>`     | `EVENT#<eventId>`  | —                                            |
 * | bill payment     | `RESOURCE#<billPaymentId>`  | `BILL_PAYMENT`     | —                                            |
 * | mass payment     | `RESOURCE#<massPaymentId>`  | `MASS_PAYMENT`     | —                                            |
 * | cursor / config  | `CURSOR#<name>`             | `CURSOR`           | —                                            |
 * | webhook endpoint | `TENANT#<tenantId>`         | `WEBHOOK_ENDPOINT#<id>` | —                                       |
 * | endpoint count   | `TENANT#<tenantId>`         | `WEBHOOK_ENDPOINTS` | —                                           |
 * | notification     | `NOTIFICATIONS#<tenantId>#<yyyy-mm-dd>` | `<occurredAt>#<webhookId>` | — (ttl)                   |
 * | delivered marker | `WEBHOOK_ENDPOINT#<id>`     | `DELIVERED#<webhookId>` | — (ttl)                                 |
 *
 * Events live under their resource so that `GET /transfers/{id}` is one Query on
 * `RESOURCE#<id>` (the leg plus its events), and an event is stored once per Dwolla event id
 * by a conditional Put on `(RESOURCE#<resourceId>, EVENT#<eventId>)`
 * (https://developers.dwolla.com/docs/balance/webhooks: dedupe on the event `id`).
 *
 * Tenancy: a tenant id matches `TENANT_ID_PATTERN` (no `#`), so `<tenantId>#<rest>` keys are
 * unambiguous. Correlation ids and idempotency keys are per tenant because their keys start with
 * the tenant; a leg without an owner (its account is connected by no tenant) has no `gsi1pk`
 * and is found by no search. Leg items carry the owner as `tenantId` (read from stream images).
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAtEpoch',
  correlationIndex: { name: 'byCorrelationId', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  refreshDueIndex: { name: 'byRefreshDue', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
} as const;

/**
 * The leading part of every partition key (table and indexes), by item family: what the
 * functions' IAM grants name in `dynamodb:LeadingKeys` (`infra/definition.ts`), so that a
 * function can touch only the item types it uses.
 */
export const KEY_PREFIX = {
  /** The account item and its refresh lease. */
  account: 'ACCOUNT#',
  oauthState: 'OAUTH_STATE#',
  apiKey: 'API_KEY#',
  apiKeyId: 'API_KEY_ID#',
  idempotency: 'IDEMPOTENCY#',
  /** A transfer leg, its events, a bill or mass payment. */
  resource: 'RESOURCE#',
  cursor: 'CURSOR#',
  /** `byCorrelationId` index partitions. */
  correlation: 'CORRELATION#',
  /** `byRefreshDue` index partitions. */
  refreshDue: 'REFRESH_DUE#',
  /** A tenant's webhook endpoints and their counter. */
  tenant: 'TENANT#',
  /** A tenant's notifications, one partition per UTC day. */
  notifications: 'NOTIFICATIONS#',
  /** What an endpoint acknowledged (delivered markers). */
  webhookEndpoint: 'WEBHOOK_ENDPOINT#',
} as const;

export type KeyFamily = keyof typeof KEY_PREFIX;

/**
 * Key builders for every item type; the only place key formats are spelled.
 *
 * @example
 * ```ts
 * await ddb.send(new GetCommand({ TableName, Key: keys.transfer('abc') }));
 * ```
 */
export const keys = {
  account: (accountId: string) => ({ pk: `${KEY_PREFIX.account}${accountId}`, sk: 'ACCOUNT' }),
  refreshLease: (accountId: string) => ({ pk: `${KEY_PREFIX.account}${accountId}`, sk: 'LEASE' }),
  accountTokens: (accountId: string) => ({ pk: `${KEY_PREFIX.account}${accountId}`, sk: 'TOKENS' }),
  oauthState: (stateHash: string) => ({ pk: `${KEY_PREFIX.oauthState}${stateHash}`, sk: 'STATE' }),
  apiKey: (keyHash: string) => ({ pk: `${KEY_PREFIX.apiKey}${keyHash}`, sk: 'API_KEY' }),
  apiKeyId: (keyId: string) => ({ pk: `${KEY_PREFIX.apiKeyId}${keyId}`, sk: 'API_KEY_ID' }),
  idempotency: (tenantId: string, idempotencyKey: string) => ({
    pk: `${KEY_PREFIX.idempotency}${tenantId}#${idempotencyKey}`,
    sk: 'IDEMPOTENCY',
  }),
  transfer: (transferId: string) => ({ pk: `${KEY_PREFIX.resource}${transferId}`, sk: 'TRANSFER' }),
  event: (resourceId: string, eventId: string) => ({
    pk: `${KEY_PREFIX.resource}${resourceId}`,
    sk: `EVENT#${eventId}`,
  }),
  billPayment: (billPaymentId: string) => ({
    pk: `${KEY_PREFIX.resource}${billPaymentId}`,
    sk: 'BILL_PAYMENT',
  }),
  massPayment: (massPaymentId: string) => ({
    pk: `${KEY_PREFIX.resource}${massPaymentId}`,
    sk: 'MASS_PAYMENT',
  }),
  cursor: (name: string) => ({ pk: `${KEY_PREFIX.cursor}${name}`, sk: 'CURSOR' }),
  resourcePk: (resourceId: string) => `${KEY_PREFIX.resource}${resourceId}`,
  correlationGsi: (
    tenantId: string,
    correlationId: string,
    created: string,
    transferId: string,
  ) => ({
    gsi1pk: `${KEY_PREFIX.correlation}${tenantId}#${correlationId}`,
    gsi1sk: `${created}#${transferId}`,
  }),
  correlationPk: (tenantId: string, correlationId: string) =>
    `${KEY_PREFIX.correlation}${tenantId}#${correlationId}`,
  refreshDueGsi: (dueDate: string, accountId: string) => ({
    gsi2pk: `${KEY_PREFIX.refreshDue}${dueDate}`,
    gsi2sk: accountId,
  }),
  refreshDuePk: (dueDate: string) => `${KEY_PREFIX.refreshDue}${dueDate}`,
  tenantPk: (tenantId: string) => `${KEY_PREFIX.tenant}${tenantId}`,
  webhookEndpoint: (tenantId: string, endpointId: string) => ({
    pk: `${KEY_PREFIX.tenant}${tenantId}`,
    sk: `WEBHOOK_ENDPOINT#${endpointId}`,
  }),
  webhookEndpointSkPrefix: 'WEBHOOK_ENDPOINT#',
  webhookEndpointCount: (tenantId: string) => ({
    pk: `${KEY_PREFIX.tenant}${tenantId}`,
    sk: 'WEBHOOK_ENDPOINTS',
  }),
  /** Notifications of a tenant, one partition per UTC day (replay reads the days since `since`). */
  notificationPk: (tenantId: string, day: string) =>
    `${KEY_PREFIX.notifications}${tenantId}#${day}`,
  notification: (tenantId: string, occurredAt: string, webhookId: string) => ({
    pk: `${KEY_PREFIX.notifications}${tenantId}#${occurredAt.slice(0, 10)}`,
    sk: `${occurredAt}#${webhookId}`,
  }),
  deliveredMarker: (endpointId: string, webhookId: string) => ({
    pk: `${KEY_PREFIX.webhookEndpoint}${endpointId}`,
    sk: `DELIVERED#${webhookId}`,
  }),
} as const;

/**
 * Attributes of a transfer-leg item (`keys.transfer(id)`). Written by two modules that never
 * overwrite each other's facts: the Transfers API (`shared/transfers/`, on create) and the
 * webhook pipeline (`shared/webhooks/`, on every event). Both write with `UpdateItem` and
 * `if_not_exists`/conditions only — never a blind `PutItem` — because either may come first.
 * Links are flat attributes so each can be set independently without creating a parent map.
 */
export interface TransferLegItem {
  readonly pk: string;
  readonly sk: 'TRANSFER';
  readonly id: string;
  readonly status: 'pending' | 'processed' | 'failed' | 'cancelled' | 'reclaimed';
  /** `STATUS_RANK[status]`; conditions compare it so arrival order never matters. */
  readonly statusRank: number;
  readonly accountId?: string;
  /**
   * The owning tenant: the tenant of `accountId`'s account, set in the same write as the facts
   * that name the account (API create, or the first event whose account has an owner).
   */
  readonly tenantId?: string;
  readonly customerId?: string;
  readonly amountValue?: string;
  readonly amountCurrency?: string;
  readonly correlationId?: string;
  /** ISO-8601, Dwolla's `created` once known (the API's request time before that). */
  readonly created?: string;
  readonly fundingTransferId?: string;
  readonly fundedTransferId?: string;
  readonly billPaymentId?: string;
  readonly sourceUrl?: string;
  readonly destinationUrl?: string;
  readonly failureCode?: string;
  readonly failureDescription?: string;
  /** Set once the leg was fetched from Dwolla: enrichment happens at most once per leg. */
  readonly enrichedAt?: string;
  /** Set once `/transfers/{id}/failure` was fetched: at most once per failed leg. */
  readonly failureFetchedAt?: string;
  /** Present when the leg was created through `POST /transfers`. */
  readonly idempotencyKey?: string;
  /** Who created it through `POST /transfers` (audit; never a key). */
  readonly initiatedBy?: Actor;
  /** Who cancelled it through `POST /transfers/{id}/cancel`, and when (ISO-8601). */
  readonly cancelledBy?: Actor;
  readonly cancelledAt?: string;
  readonly updatedAt: string;
  /** Sparse GSI `byCorrelationId`, set when `correlationId` is known. */
  readonly gsi1pk?: string;
  readonly gsi1sk?: string;
}

/**
 * Attributes of an event item (`keys.event(resourceId, eventId)`), written once by a conditional
 * Put (`attribute_not_exists(pk)`); a redelivery or replay is a no-op.
 */
export interface EventItem {
  readonly pk: string;
  readonly sk: string;
  readonly eventId: string;
  readonly topic: string;
  readonly resourceId: string;
  readonly created: string;
  readonly receivedAt: string;
  readonly correlationId?: string;
  readonly accountId?: string;
  readonly customerId?: string;
  /** The payload as received (it carries no secret: ids and links only). */
  readonly payload: string;
}
