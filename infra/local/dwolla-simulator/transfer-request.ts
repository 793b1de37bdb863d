/**
 * `POST /transfers` at the edge: the HAL body validated with zod, then the hrefs resolved to
 * funding sources the caller's account may use
 * (https://developers.dwolla.com/api-reference/transfers/initiate).
 */

import * as z from 'zod';
import { type FieldError, fieldErrorsFromZod } from '../../../shared/validation/zod-issues.js';
import { DwollaSimError, SimValidationError } from './errors.js';
import type { SimFundingSourceRecord, SimStore } from './store.js';

const href = z.object({ href: z.string().min(1) });

/**
 * https://developers.dwolla.com/api-reference/transfers/initiate ("Initiate a transfer" > "Request
 * parameters"); correlationId rules from https://developers.dwolla.com/api-reference (under 255
 * characters, only `a-z A-Z 0-9 - . _`).
 */
const transferBody = z.object({
  _links: z.object({ source: href, destination: href }),
  amount: z.object({
    value: z.string().regex(/^\d{1,9}(\.\d{1,2})?$/, 'Invalid amount.'),
    currency: z.literal('USD', 'Only USD is supported.'),
  }),
  metadata: z
    .record(z.string().max(254), z.string().max(254))
    .refine((value) => Object.keys(value).length <= 10, 'At most 10 metadata entries.')
    .optional(),
  correlationId: z
    .string()
    .max(254)
    .regex(/^[a-zA-Z0-9\-._]+$/, 'CorrelationId may only contain a-Z, 0-9, -, . and _.')
    .optional(),
  fees: z.array(z.unknown()).optional(),
  clearing: z.unknown().optional(),
});

/** A transfer request whose hrefs point at funding sources the caller may use. */
export interface ResolvedTransferRequest {
  readonly accountId: string;
  readonly source: SimFundingSourceRecord;
  readonly destination: SimFundingSourceRecord;
  readonly amount: { readonly value: string; readonly currency: string };
  readonly correlationId?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Parses and resolves a `POST /transfers` body for the account holding the token.
 * Throws `SimValidationError` (400 ValidationError) with JSON-pointer paths.
 *
 * @example
 * ```ts
 * const request = parseTransferRequest(store, accountId, rawBody);
 * ```
 */
export function parseTransferRequest(
  store: SimStore,
  accountId: string,
  rawBody: string,
): ResolvedTransferRequest {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new DwollaSimError(400, 'BadRequest', 'The request body contains bad syntax.');
  }
  const parsed = transferBody.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new SimValidationError(fieldErrorsFromZod(parsed.error));
  const body = parsed.data;
  const errors: FieldError[] = [];
  const source = resolve(store, accountId, body._links.source.href, 'source', errors);
  const destination = resolve(
    store,
    accountId,
    body._links.destination.href,
    'destination',
    errors,
  );
  if (Number(body.amount.value) <= 0) {
    errors.push({
      code: 'Invalid',
      message: 'Amount must be greater than 0.',
      path: '/amount/value',
    });
  }
  if (source && destination && source.id === destination.id) {
    errors.push({
      code: 'Invalid',
      message: 'Source and destination must differ.',
      path: '/_links/destination/href',
    });
  }
  if (errors.length > 0 || !source || !destination) throw new SimValidationError(errors);
  return {
    accountId,
    source,
    destination,
    amount: body.amount,
    ...(body.correlationId ? { correlationId: body.correlationId } : {}),
    ...(body.metadata ? { metadata: body.metadata } : {}),
  };
}

/**
 * Resolves a funding-source URL, or an account/customer URL (its balance), that belongs to the
 * caller's account or to one of its customers.
 */
function resolve(
  store: SimStore,
  accountId: string,
  url: string,
  field: 'source' | 'destination',
  errors: FieldError[],
): SimFundingSourceRecord | undefined {
  const path = `/_links/${field}/href`;
  const match = /\/(funding-sources|accounts|customers)\/([^/?#]+)\/?$/.exec(url);
  let source: SimFundingSourceRecord | undefined;
  if (match?.[1] === 'funding-sources') {
    source = store.fundingSources.get(match[2]!);
  } else if (match && field === 'destination') {
    const kind = match[1] === 'accounts' ? 'account' : 'customer';
    source = store.balanceOf({ kind, id: match[2]! });
    if (!source && kind === 'customer' && store.customers.has(match[2]!)) {
      errors.push({
        code: 'RequiresFundingSource',
        message: 'The destination customer needs a bank funding source.',
        path,
      });
      return undefined;
    }
  }
  if (!source || source.accountId !== accountId) {
    errors.push({ code: 'Invalid', message: `Invalid ${field}.`, path });
    return undefined;
  }
  if (source.removed) {
    errors.push({ code: 'Invalid', message: `The ${field} funding source was removed.`, path });
    return undefined;
  }
  return source;
}
