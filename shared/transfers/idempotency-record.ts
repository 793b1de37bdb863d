import type { IdempotencyRecord, IdempotencyStore } from './ports.js';

/**
 * The record a first request writes under its key: in progress, locked for `leaseMs` from `now`.
 * Every {@link IdempotencyStore} starts a key's record this way.
 *
 * @example
 * ```ts
 * const record = newIdempotencyRecord(input); // record.state === 'in_progress'
 * ```
 */
export function newIdempotencyRecord(
  input: Parameters<IdempotencyStore['acquire']>[0],
): IdempotencyRecord {
  return {
    tenantId: input.tenantId,
    idempotencyKey: input.idempotencyKey,
    requestHash: input.requestHash,
    canonicalBody: input.canonicalBody,
    accountId: input.accountId,
    state: 'in_progress',
    createdAt: input.now.toISOString(),
    lockUntil: input.now.getTime() + input.leaseMs,
  };
}
