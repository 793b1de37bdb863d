import type { Scope } from '../tenancy/principal.js';

/**
 * What is stored about an app API key: its SHA-256 hash (never the key), its public id, name,
 * tenant, scopes, creation time, and when it stops working (expiry or revocation).
 */
export interface ApiKeyRecord {
  /** Lowercase hex SHA-256 of the key. */
  readonly keyHash: string;
  /** Public id (`key_` + 20 hex): what logs, audit fields and `apikey -- revoke` name. */
  readonly keyId: string;
  readonly name: string;
  readonly tenantId: string;
  readonly scopes: readonly Scope[];
  /** ISO-8601. */
  readonly createdAt: string;
  /** ISO-8601; absent for a key that never expires. */
  readonly expiresAt?: string;
  /** ISO-8601; set once by `apikey -- revoke`. */
  readonly revokedAt?: string;
}

/**
 * Port of the API-key store. Implemented by `DynamoDbApiKeyStore` and by typed fakes in tests.
 *
 * @example
 * ```ts
 * const record = await store.findByHash(hashApiKey(presentedKey));
 * ```
 */
export interface ApiKeyStore {
  /** Stores a new record; rejects with `ApiKeyExistsError` when the hash is already stored. */
  put(record: ApiKeyRecord): Promise<void>;
  /** The record stored under this hash, or `undefined`. */
  findByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
}

/**
 * The key administration the CLI needs on top of {@link ApiKeyStore} (never a Lambda function).
 *
 * @example
 * ```ts
 * for (const record of await admin.list('acme')) console.log(record.keyId);
 * ```
 */
export interface ApiKeyAdminStore extends ApiKeyStore {
  /** Every key, or those of one tenant, oldest first. */
  list(tenantId?: string): Promise<ApiKeyRecord[]>;
  /**
   * Sets `revokedAt` on the key with this id (kept when already revoked); rejects with
   * `ApiKeyNotFoundError` for an unknown id.
   */
  revoke(keyId: string, at: string): Promise<ApiKeyRecord>;
}
