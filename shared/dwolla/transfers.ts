import * as z from 'zod/mini';
import type { DwollaTransfer, DwollaTransferFailure } from '../ports/dwolla-api.js';
import { pure } from '../pure.js';
import type { DwollaCore, DwollaOperation } from './client-core.js';
import { DwollaResponseError } from './errors.js';
import { compact, halLinksSchema, idFromHref, linkHref, parseJson } from './hal.js';

/**
 * The transfer operations and the zod schemas of what they read
 * (https://developers.dwolla.com/docs/api-reference/transfers). `zod/mini` rather than classic
 * zod: same checks, a fraction of the bundle (README, "Dwolla client" decision).
 */

// Dwolla caps a transfer search page at 200; a correlationId matches a handful of legs.
const SEARCH_PAGE_SIZE = 200;

/**
 * `GET /transfers/{id}` (https://developers.dwolla.com/docs/api-reference/transfers ("Transfer
 * resource"), https://developers.dwolla.com/docs/balance/transfer-lifecycle for the legs).
 */
export const transferSchema = /* @__PURE__ */ pure(() =>
  z.object({
    id: z.string().check(z.minLength(1)),
    status: z.enum(['pending', 'processed', 'failed', 'cancelled', 'reclaimed']),
    amount: z.object({ value: z.string(), currency: z.string() }),
    created: z.string(),
    correlationId: z.optional(z.string()),
    metadata: z.optional(z.record(z.string(), z.string())),
    _links: halLinksSchema,
  }),
);

/**
 * Maps a parsed transfer onto the port type; a missing `self` link (not seen, but not promised
 * either) falls back to the canonical URL.
 *
 * @example
 * ```ts
 * toTransfer(transferSchema.parse(json), 'https://api.dwolla.com');
 * ```
 */
export function toTransfer(data: z.infer<typeof transferSchema>, apiUrl: string): DwollaTransfer {
  const links = data._links;
  return {
    id: data.id,
    status: data.status,
    amount: { value: data.amount.value, currency: data.amount.currency },
    created: data.created,
    ...(data.correlationId === undefined ? {} : { correlationId: data.correlationId }),
    ...(data.metadata === undefined ? {} : { metadata: data.metadata }),
    links: compact({
      self: linkHref(links, 'self') ?? `${apiUrl}/transfers/${encodeURIComponent(data.id)}`,
      source: linkHref(links, 'source'),
      destination: linkHref(links, 'destination'),
      // https://developers.dwolla.com/docs/balance/transfer-lifecycle: the previous and next legs
      // of a multi-leg transfer.
      fundingTransfer: linkHref(links, 'funding-transfer'),
      fundedTransfer: linkHref(links, 'funded-transfer'),
      failure: linkHref(links, 'failure'),
      cancel: linkHref(links, 'cancel'),
      // https://developers.dwolla.com/resources/dwolla-billpayment-integration.html ("Search for a
      // transfer by correlationId").
      billPayment: linkHref(links, 'bill-payment'),
    }) as DwollaTransfer['links'],
  };
}

/** A page of transfers (`GET /{accounts|customers}/{id}/transfers`). */
export const transferPageSchema = /* @__PURE__ */ pure(() =>
  z.object({
    _embedded: z._default(z.object({ transfers: z._default(z.array(z.unknown()), []) }), {
      transfers: [],
    }),
    total: z.optional(z.number()),
  }),
);

/**
 * `GET /transfers/{id}/failure`
 * (https://developers.dwolla.com/api-reference/transfers/retrieve-a-transfer-failure-reason).
 */
export const transferFailureSchema = /* @__PURE__ */ pure(() =>
  z.object({
    code: z.string(),
    description: z.string(),
    explanation: z.optional(z.string()),
  }),
);

/**
 * Maps a parsed failure onto the port type.
 *
 * @example
 * ```ts
 * toTransferFailure({ code: 'R01', description: 'Insufficient Funds' });
 * ```
 */
export function toTransferFailure(
  data: z.infer<typeof transferFailureSchema>,
): DwollaTransferFailure {
  return {
    code: data.code,
    description: data.description,
    ...(data.explanation === undefined ? {} : { explanation: data.explanation }),
  };
}

function parseTransfer(
  core: DwollaCore,
  method: string,
  path: string,
  value: unknown,
): DwollaTransfer {
  return toTransfer(core.parse(transferSchema, method, path, value), core.apiUrl);
}

/**
 * `POST /transfers` with `Idempotency-Key`.
 *
 * @example
 * ```ts
 * const dwolla = buildDwollaClient({ apiUrl }, { createTransfer });
 * ```
 */
export const createTransfer: DwollaOperation<'createTransfer'> =
  (core) =>
  async (token, { body, idempotencyKey }) => {
    const path = '/transfers';
    // `body` goes out exactly as given, on every attempt: Dwolla only replays the original
    // answer for the same key and a byte-identical body
    // (https://developers.dwolla.com/api-reference).
    const response = await core.call(token, 'POST', path, { body, idempotencyKey });
    const location = response.headers.get('location');
    const id = location === null ? undefined : idFromHref(location);
    if (location === null || id === undefined) {
      throw new DwollaResponseError('POST', path, ['Location header missing or not a URL']);
    }
    return { id, location };
  };

/**
 * `GET /transfers/{id}`.
 *
 * @example
 * ```ts
 * const dwolla = buildDwollaClient({ apiUrl }, { getTransfer });
 * ```
 */
export const getTransfer: DwollaOperation<'getTransfer'> = (core) => async (token, transferId) => {
  const path = `/transfers/${encodeURIComponent(transferId)}`;
  return parseTransfer(core, 'GET', path, await core.getJson(token, path));
};

/**
 * `GET /transfers/{id}/failure`.
 *
 * @example
 * ```ts
 * const dwolla = buildDwollaClient({ apiUrl }, { getTransfer, getTransferFailure });
 * ```
 */
export const getTransferFailure: DwollaOperation<'getTransferFailure'> =
  (core) => async (token, transferId) => {
    const path = `/transfers/${encodeURIComponent(transferId)}/failure`;
    return toTransferFailure(
      core.parse(transferFailureSchema, 'GET', path, await core.getJson(token, path)),
    );
  };

/**
 * `POST /transfers/{id}` `{status:"cancelled"}`, sent once.
 *
 * @example
 * ```ts
 * const dwolla = buildDwollaClient({ apiUrl }, { cancelTransfer });
 * ```
 */
export const cancelTransfer: DwollaOperation<'cancelTransfer'> =
  (core) => async (token, transferId) => {
    const path = `/transfers/${encodeURIComponent(transferId)}`;
    // https://developers.dwolla.com/docs/api-reference/transfers ("Cancel a transfer").
    const response = await core.call(token, 'POST', path, { body: '{"status":"cancelled"}' });
    return parseTransfer(core, 'POST', path, parseJson(response.text));
  };

/**
 * `GET /{accounts|customers}/{id}/transfers?correlationId=`, every page.
 *
 * @example
 * ```ts
 * const dwolla = buildDwollaClient({ apiUrl }, { searchTransfers });
 * ```
 */
export const searchTransfers: DwollaOperation<'searchTransfers'> =
  (core) =>
  async (token, { owner, correlationId }) => {
    // https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/ and
    // https://developers.dwolla.com/docs/balance/transfer-lifecycle: search a customer's or an
    // account's transfers by correlationId.
    const path =
      'customerId' in owner
        ? `/customers/${encodeURIComponent(owner.customerId)}/transfers`
        : `/accounts/${encodeURIComponent(owner.accountId)}/transfers`;
    const transfers: DwollaTransfer[] = [];
    for (let offset = 0; ; offset += SEARCH_PAGE_SIZE) {
      const query = new URLSearchParams({
        correlationId,
        limit: String(SEARCH_PAGE_SIZE),
        offset: String(offset),
      });
      const json = await core.getJson(token, path, query);
      const page = core.parse(transferPageSchema, 'GET', path, json);
      for (const raw of page._embedded.transfers) {
        transfers.push(parseTransfer(core, 'GET', path, raw));
      }
      const total = page.total ?? transfers.length;
      if (page._embedded.transfers.length === 0 || transfers.length >= total) return transfers;
    }
  };
