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

/** The name given to a new key is not acceptable. */
export class InvalidApiKeyNameError extends ApiKeyError {
  constructor(public readonly reason: string) {
    super(`Invalid API key name: ${reason}`);
    this.name = 'InvalidApiKeyNameError';
  }
}
