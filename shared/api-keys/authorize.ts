import type { Clock } from '../ports/clock.js';
import {
  type AuthorizerContext,
  isScope,
  type Principal,
  SCOPES,
  type Scope,
  TENANT_ID_PATTERN,
  toAuthorizerContext,
} from '../tenancy/principal.js';
import type { ApiKeyRecord, ApiKeyStore } from './api-key-store.js';
import { InvalidApiKeyArgumentError } from './errors.js';
import { generateApiKey, hashApiKey, keyIdOf } from './hash.js';

/** The authorizer's decision, in the HTTP API "simple response" shape. */
export interface ApiKeyDecision {
  readonly isAuthorized: boolean;
  readonly context?: AuthorizerContext;
}

const NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** The longest lifetime a new key may be given (`--expires-in-days`): ten years. */
const MAX_EXPIRES_IN_DAYS = 3650;

/** Why a stored key does not open the API right now (`undefined`: it does). */
export function unusableReason(record: ApiKeyRecord, now: Date): 'revoked' | 'expired' | undefined {
  if (record.revokedAt !== undefined) return 'revoked';
  if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now.getTime()) {
    return 'expired';
  }
  return undefined;
}

/**
 * The public view of a stored key (what `npm run apikey -- list` prints): never its hash.
 *
 * @example
 * ```ts
 * const rows = (await store.list(tenantId)).map((record) => apiKeyView(record, clock.now()));
 * ```
 */
export function apiKeyView(record: ApiKeyRecord, now: Date) {
  const { keyId, name, tenantId, scopes, createdAt, expiresAt, revokedAt } = record;
  const state = unusableReason(record, now) ?? 'active';
  return {
    keyId,
    name,
    tenantId,
    scopes,
    createdAt,
    expiresAt: expiresAt ?? null,
    revokedAt: revokedAt ?? null,
    state,
  };
}

/**
 * Decides whether a presented `x-api-key` value belongs to a stored key that is neither revoked
 * nor expired, and answers its principal as the authorizer context. The key is hashed before
 * the lookup, so neither the store nor a log ever sees it. Scopes are not checked here: the
 * answer is cached per key for every route, so each route checks its own scope.
 *
 * @example
 * ```ts
 * const decision = await authorizeApiKey(store, event.headers?.['x-api-key'], new Date());
 * ```
 */
export async function authorizeApiKey(
  store: ApiKeyStore,
  presentedKey: string | undefined,
  now: Date,
): Promise<ApiKeyDecision> {
  if (!presentedKey) return { isAuthorized: false };
  const record = await store.findByHash(hashApiKey(presentedKey));
  if (!record || unusableReason(record, now) !== undefined) return { isAuthorized: false };
  return { isAuthorized: true, context: toAuthorizerContext(principalOf(record)) };
}

/** The principal a stored key stands for. */
function principalOf(record: ApiKeyRecord): Principal {
  return {
    tenantId: record.tenantId,
    keyId: record.keyId,
    keyName: record.name,
    scopes: record.scopes,
  };
}

/** What a new key is made of; scopes default to every scope, no expiry by default. */
export interface NewApiKey {
  readonly name: string;
  readonly tenantId: string;
  readonly scopes?: readonly string[];
  readonly expiresInDays?: number;
}

/**
 * Throws an {@link InvalidApiKeyArgumentError} on `tenant` unless `tenantId` is a tenant id.
 *
 * @example
 * ```ts
 * validateTenantId('acme-payroll');
 * ```
 */
export function validateTenantId(tenantId: string): void {
  if (!TENANT_ID_PATTERN.test(tenantId)) {
    throw new InvalidApiKeyArgumentError(
      'tenant',
      'use 1 to 63 characters among a-z 0-9 -, not starting with -',
    );
  }
}

/**
 * Validates the name, tenant, scopes and lifetime of a new key, naming the first bad argument
 * ({@link InvalidApiKeyArgumentError}).
 *
 * @example
 * ```ts
 * const valid = validateNewApiKey({ name: 'ci', tenantId: 'acme', scopes: ['transfers:read'] });
 * ```
 */
export function validateNewApiKey(input: NewApiKey): {
  name: string;
  tenantId: string;
  scopes: Scope[];
  expiresInDays?: number;
} {
  if (!NAME_PATTERN.test(input.name)) {
    throw new InvalidApiKeyArgumentError('name', 'use 1 to 64 characters among A-Z a-z 0-9 . _ -');
  }
  validateTenantId(input.tenantId);
  const requested = input.scopes ?? SCOPES;
  const unknown = requested.filter((scope) => !isScope(scope));
  if (requested.length === 0 || unknown.length > 0) {
    throw new InvalidApiKeyArgumentError(
      'scopes',
      `use a comma-separated list of ${SCOPES.join(', ')}${unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''}`,
    );
  }
  const days = input.expiresInDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > MAX_EXPIRES_IN_DAYS)) {
    throw new InvalidApiKeyArgumentError(
      'expires-in-days',
      `use a whole number of days from 1 to ${MAX_EXPIRES_IN_DAYS}`,
    );
  }
  const scopes = SCOPES.filter((scope) => requested.includes(scope));
  return {
    name: input.name,
    tenantId: input.tenantId,
    scopes,
    ...(days === undefined ? {} : { expiresInDays: days }),
  };
}

/**
 * Creates and stores a new key; returns the key (to show once) and what was stored.
 *
 * @example
 * ```ts
 * const { key } = await createApiKey(store, systemClock, { name: 'backoffice', tenantId: 'acme' });
 * ```
 */
export async function createApiKey(
  store: ApiKeyStore,
  clock: Clock,
  input: NewApiKey,
): Promise<{ key: string; record: ApiKeyRecord }> {
  const key = generateApiKey();
  const record = await registerApiKey(store, clock, input, key);
  return { key, record };
}

/**
 * Stores the hash of a key chosen elsewhere (the local stack's `APP_API_KEY`).
 * Rejects with `ApiKeyExistsError` when it is already stored.
 *
 * @example
 * ```ts
 * await registerApiKey(store, systemClock, { name: 'local', tenantId: 'default' }, process.env.APP_API_KEY);
 * ```
 */
export async function registerApiKey(
  store: ApiKeyStore,
  clock: Clock,
  input: NewApiKey,
  key: string,
): Promise<ApiKeyRecord> {
  const valid = validateNewApiKey(input);
  const now = clock.now();
  const keyHash = hashApiKey(key);
  const record: ApiKeyRecord = {
    keyHash,
    keyId: keyIdOf(keyHash),
    name: valid.name,
    tenantId: valid.tenantId,
    scopes: valid.scopes,
    createdAt: now.toISOString(),
    ...(valid.expiresInDays === undefined
      ? {}
      : { expiresAt: new Date(now.getTime() + valid.expiresInDays * 86_400_000).toISOString() }),
  };
  await store.put(record);
  return record;
}
