/**
 * What is stored about an app API key: its SHA-256 hash (never the key), a name and when it was
 * created.
 */
export interface ApiKeyRecord {
  /** Lowercase hex SHA-256 of the key. */
  readonly keyHash: string;
  readonly name: string;
  /** ISO-8601. */
  readonly createdAt: string;
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
