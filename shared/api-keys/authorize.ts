import type { Clock } from '../ports/clock.js';
import type { ApiKeyRecord, ApiKeyStore } from './api-key-store.js';
import { InvalidApiKeyNameError } from './errors.js';
import { generateApiKey, hashApiKey } from './hash.js';

/** The authorizer's decision, in the HTTP API "simple response" shape. */
export interface ApiKeyDecision {
  readonly isAuthorized: boolean;
  readonly context?: { readonly apiKeyName: string };
}

const NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Decides whether a presented `x-api-key` value belongs to a stored key. The key is hashed
 * before the lookup, so neither the store nor a log ever sees it.
 *
 * @example
 * ```ts
 * const decision = await authorizeApiKey(store, event.headers?.['x-api-key']);
 * ```
 */
export async function authorizeApiKey(
  store: ApiKeyStore,
  presentedKey: string | undefined,
): Promise<ApiKeyDecision> {
  if (!presentedKey) return { isAuthorized: false };
  const record = await store.findByHash(hashApiKey(presentedKey));
  if (!record) return { isAuthorized: false };
  return { isAuthorized: true, context: { apiKeyName: record.name } };
}

/**
 * Creates and stores a new key under `name`; returns the key (to show once) and what was stored.
 *
 * @example
 * ```ts
 * const { key } = await createApiKey(store, systemClock, 'backoffice');
 * ```
 */
export async function createApiKey(
  store: ApiKeyStore,
  clock: Clock,
  name: string,
): Promise<{ key: string; record: ApiKeyRecord }> {
  const key = generateApiKey();
  const record = await registerApiKey(store, clock, name, key);
  return { key, record };
}

/**
 * Stores the hash of a key chosen elsewhere (the local stack's `APP_API_KEY`).
 * Rejects with `ApiKeyExistsError` when it is already stored.
 *
 * @example
 * ```ts
 * await registerApiKey(store, systemClock, 'local', process.env.APP_API_KEY);
 * ```
 */
export async function registerApiKey(
  store: ApiKeyStore,
  clock: Clock,
  name: string,
  key: string,
): Promise<ApiKeyRecord> {
  if (!NAME_PATTERN.test(name)) {
    throw new InvalidApiKeyNameError('use 1 to 64 characters among A-Z a-z 0-9 . _ -');
  }
  const record: ApiKeyRecord = {
    keyHash: hashApiKey(key),
    name,
    createdAt: clock.now().toISOString(),
  };
  await store.put(record);
  return record;
}
