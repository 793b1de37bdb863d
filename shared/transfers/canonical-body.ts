import { createHash } from 'node:crypto';
import type { TransferRequest } from './request-schema.js';

/**
 * Serialises a validated request into the exact JSON sent to Dwolla's `POST /transfers`,
 * building the object in a fixed key order (`_links`, `amount`, `correlationId`, `metadata`
 * with sorted keys, `fees`) so equal requests give equal bytes. The string is stored with the
 * idempotency record and re-sent unchanged on every retry: Dwolla only replays a key for a
 * byte-identical body (https://developers.dwolla.com/api-reference). `accountId` is ours and is not
 * sent.
 *
 * @example
 * ```ts
 * const body = canonicalTransferBody(request); // '{"_links":{"source":{"href":…}},…}'
 * ```
 */
export function canonicalTransferBody(request: TransferRequest): string {
  const body: Record<string, unknown> = {
    _links: {
      source: { href: request._links.source.href },
      destination: { href: request._links.destination.href },
    },
    amount: { currency: request.amount.currency, value: request.amount.value },
  };
  if (request.correlationId !== undefined) body.correlationId = request.correlationId;
  if (request.metadata !== undefined && Object.keys(request.metadata).length > 0) {
    body.metadata = Object.fromEntries(
      Object.keys(request.metadata)
        .sort()
        .map((key) => [key, request.metadata![key]]),
    );
  }
  if (request.fees !== undefined && request.fees.length > 0) {
    body.fees = request.fees.map((fee) => ({
      _links: { 'charge-to': { href: fee._links['charge-to'].href } },
      amount: { currency: fee.amount.currency, value: fee.amount.value },
    }));
  }
  return JSON.stringify(body);
}

/**
 * Fingerprint of a request under an idempotency key: SHA-256 of the account and the canonical
 * body, so the same key with another body or for another account is told apart.
 *
 * @example
 * ```ts
 * const hash = requestHash(accountId, canonicalTransferBody(request));
 * ```
 */
export function requestHash(accountId: string, canonicalBody: string): string {
  return createHash('sha256').update(`${accountId}\n${canonicalBody}`).digest('hex');
}
