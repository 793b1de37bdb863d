/**
 * Errors of the API-key module. None of them ever carries the key itself.
 *
 * @example
 * ```ts
 * try { await store.put(record); } catch (error) { if (error instanceof ApiKeyExistsError) … }
 * ```
 */
export class ApiKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiKeyError';
  }
}

/** A key with the same hash is already stored (a re-seeded `APP_API_KEY`). */
export class ApiKeyExistsError extends ApiKeyError {
  constructor(options?: { cause?: unknown }) {
    super('An API key with this hash already exists.', options);
    this.name = 'ApiKeyExistsError';
  }
}

/** One argument of a new key (its name, tenant, scopes or lifetime) is not acceptable. */
export class InvalidApiKeyArgumentError extends ApiKeyError {
  constructor(
    public readonly argument: 'name' | 'tenant' | 'scopes' | 'expires-in-days' | 'keyId',
    public readonly reason: string,
  ) {
    super(`Invalid ${argument}: ${reason}`);
    this.name = 'InvalidApiKeyArgumentError';
  }
}

/** No key with this id is stored. */
export class ApiKeyNotFoundError extends ApiKeyError {
  constructor(public readonly keyId: string) {
    super(`No API key with id ${keyId}.`);
    this.name = 'ApiKeyNotFoundError';
  }
}
