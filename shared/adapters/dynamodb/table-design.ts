/**
 * The single-table design. Every item has `pk` and `sk`; GSIs are sparse (only the item types
 * that set their keys appear in them). README "Data model" documents the access patterns.
 *
 * | item             | pk                          | sk                 | GSI keys                                     |
 * | ---------------- | --------------------------- | ------------------ | -------------------------------------------- |
 * | account          | `ACCOUNT#<accountId>`       | `ACCOUNT`          | gsi2: `REFRESH_DUE#<yyyy-mm-dd>` / accountId |
 * | refresh lease    | `ACCOUNT#<accountId>`       | `LEASE`            | — (ttl)                                      |
 * | sealed tokens    | `ACCOUNT#<accountId>`       | `TOKENS`           | — (only with the KMS table vault)            |
 * | oauth state      | `OAUTH_STATE#<sha256(state)>` | `STATE`          | — (ttl)                                      |
 * | api key          | `API_KEY#<sha256(key)>`     | `API_KEY`          | —                                            |
 * | idempotency      | `IDEMPOTENCY#<key>`         | `IDEMPOTENCY`      | — (ttl)                                      |
 * | transfer leg     | `RESOURCE#<transferId>`     | `TRANSFER`         | gsi1: `CORRELATION#<id>` / `<created>#<transferId>` |
 * | event            | `RESOURCE#<resourceId>`     | `EVENT#<eventId>`  | —                                            |
 * | bill payment     | `RESOURCE#<billPaymentId>`  | `BILL_PAYMENT`     | —                                            |
 * | mass payment     | `RESOURCE#<massPaymentId>`  | `MASS_PAYMENT`     | —                                            |
 * | cursor / config  | `CURSOR#<name>`             | `CURSOR`           | —                                            |
 *
 * Events live under their resource so that `GET /transfers/{id}` is one Query on
 * `RESOURCE#<id>` (the leg plus its events), and an event is stored once per Dwolla event id
 * by a conditional Put on `(RESOURCE#<resourceId>, EVENT#<eventId>)` (DWOLLA-FACTS.md: dedupe on
 * the event `id`).
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAtEpoch',
  correlationIndex: { name: 'byCorrelationId', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  refreshDueIndex: { name: 'byRefreshDue', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
} as const;

/**
 * Key builders for every item type; the only place key formats are spelled.
 *
 * @example
 * ```ts
 * await ddb.send(new GetCommand({ TableName, Key: keys.transfer('abc') }));
 * ```
 */
export const keys = {
  account: (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' }),
  refreshLease: (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'LEASE' }),
  accountTokens: (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'TOKENS' }),
  oauthState: (stateHash: string) => ({ pk: `OAUTH_STATE#${stateHash}`, sk: 'STATE' }),
  apiKey: (keyHash: string) => ({ pk: `API_KEY#${keyHash}`, sk: 'API_KEY' }),
  idempotency: (idempotencyKey: string) => ({
    pk: `IDEMPOTENCY#${idempotencyKey}`,
    sk: 'IDEMPOTENCY',
  }),
  transfer: (transferId: string) => ({ pk: `RESOURCE#${transferId}`, sk: 'TRANSFER' }),
  event: (resourceId: string, eventId: string) => ({
    pk: `RESOURCE#${resourceId}`,
    sk: `EVENT#${eventId}`,
  }),
  billPayment: (billPaymentId: string) => ({ pk: `RESOURCE#${billPaymentId}`, sk: 'BILL_PAYMENT' }),
  massPayment: (massPaymentId: string) => ({ pk: `RESOURCE#${massPaymentId}`, sk: 'MASS_PAYMENT' }),
  cursor: (name: string) => ({ pk: `CURSOR#${name}`, sk: 'CURSOR' }),
  resourcePk: (resourceId: string) => `RESOURCE#${resourceId}`,
  correlationGsi: (correlationId: string, created: string, transferId: string) => ({
    gsi1pk: `CORRELATION#${correlationId}`,
    gsi1sk: `${created}#${transferId}`,
  }),
  correlationPk: (correlationId: string) => `CORRELATION#${correlationId}`,
  refreshDueGsi: (dueDate: string, accountId: string) => ({
    gsi2pk: `REFRESH_DUE#${dueDate}`,
    gsi2sk: accountId,
  }),
  refreshDuePk: (dueDate: string) => `REFRESH_DUE#${dueDate}`,
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
