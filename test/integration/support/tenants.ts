import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  createApiKey,
  DynamoDbApiKeyStore,
  generateApiKey,
  registerApiKey,
} from '../../../shared/api-keys/index.js';
import { systemClock } from '../../../shared/ports/clock.js';
import { SCOPES, type Scope } from '../../../shared/tenancy/principal.js';
import { drain, localAwsClients, stackInfo } from './local-stack.js';
import { simulatorRequests } from './oauth.js';

/**
 * Tenants and their keys for integration tests, written to the local stack's table through the
 * same store the CLI uses. A revoked key is revoked before its first use, so the gateway's
 * 60-second authorizer cache never holds an answer for it.
 */

/** A key as a test holds it: the key itself, its id and tenant. */
export interface TestKey {
  readonly key: string;
  readonly keyId: string;
  readonly keyName: string;
  readonly tenantId: string;
}

function store() {
  return new DynamoDbApiKeyStore({
    client: localAwsClients().ddb,
    tableName: stackInfo().tableName,
  });
}

/** A fresh tenant id, unique to this run (`<prefix>-<8 hex>`). */
export function newTenantId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * A working key of `tenantId` with `scopes` (every scope by default).
 *
 * @example
 * ```ts
 * const reader = await tenantKey('acme', { scopes: ['transfers:read'] });
 * ```
 */
export async function tenantKey(
  tenantId: string,
  options: { scopes?: readonly Scope[]; name?: string } = {},
): Promise<TestKey> {
  const { key, record } = await createApiKey(store(), systemClock, {
    name: options.name ?? `it-${randomUUID().slice(0, 8)}`,
    tenantId,
    ...(options.scopes ? { scopes: options.scopes } : {}),
  });
  return { key, keyId: record.keyId, keyName: record.name, tenantId };
}

/** A key of `tenantId` with every scope but `missing`. */
export function keyWithout(tenantId: string, missing: Scope): Promise<TestKey> {
  return tenantKey(tenantId, { scopes: SCOPES.filter((scope) => scope !== missing) });
}

/** A key of `tenantId` revoked (by id, as `apikey -- revoke` does) before it was ever used. */
export async function revokedKey(tenantId: string): Promise<TestKey> {
  const created = await tenantKey(tenantId);
  await store().revoke(created.keyId, systemClock.now().toISOString());
  return created;
}

/** A key of `tenantId` whose one-day lifetime ended yesterday. */
export async function expiredKey(tenantId: string): Promise<TestKey> {
  const key = generateApiKey();
  const twoDaysAgo = { now: () => new Date(Date.now() - 2 * 86_400_000) };
  const record = await registerApiKey(
    store(),
    twoDaysAgo,
    { name: `it-expired-${randomUUID().slice(0, 8)}`, tenantId, expiresInDays: 1 },
    key,
  );
  return { key, keyId: record.keyId, keyName: record.name, tenantId };
}

/** Every item of the local table (all pages). */
export async function tableItems(): Promise<Record<string, unknown>[]> {
  const { ddb } = localAwsClients();
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new ScanCommand({ TableName: stackInfo().tableName, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** A stable fingerprint of the whole table: items sorted by key. */
export async function tableFingerprint(): Promise<string> {
  const items = await tableItems();
  return JSON.stringify(items.map((item) => JSON.stringify(item, Object.keys(item).sort())).sort());
}

/**
 * Runs `act` with the pipeline drained before and after, and says whether it wrote anything to
 * the table and how many requests the Dwolla simulator received meanwhile.
 *
 * @example
 * ```ts
 * const { result, tableChanged, dwollaCalls } = await observe(() => apiFetch('/transfers', …));
 * ```
 */
export async function observe<T>(
  act: () => Promise<T>,
): Promise<{ result: T; tableChanged: boolean; dwollaCalls: number }> {
  await drain();
  const before = await tableFingerprint();
  const requestsBefore = (await simulatorRequests()).length;
  const result = await act();
  await drain();
  const after = await tableFingerprint();
  const dwollaCalls = (await simulatorRequests()).length - requestsBefore;
  return { result, tableChanged: before !== after, dwollaCalls };
}
