import * as z from 'zod/mini';
import type { DwollaBillPayment } from '../ports/dwolla-api.js';
import { pure } from '../pure.js';
import type { DwollaOperation } from './client-core.js';
import { allLinkHrefs, halLinksSchema } from './hal.js';

/**
 * `GET /bill-payments/{id}`
 * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html ("Retrieving a bill
 * payment")).
 */
export const billPaymentSchema = /* @__PURE__ */ pure(() =>
  z.object({
    id: z.string().check(z.minLength(1)),
    status: z.string(),
    correlationId: z.optional(z.string()),
    _links: halLinksSchema,
  }),
);

/**
 * Maps a parsed bill payment onto the port type, keeping the raw object.
 *
 * @example
 * ```ts
 * toBillPayment(billPaymentSchema.parse(json), json);
 * ```
 */
export function toBillPayment(
  data: z.infer<typeof billPaymentSchema>,
  raw: Readonly<Record<string, unknown>>,
): DwollaBillPayment {
  return {
    id: data.id,
    status: data.status,
    ...(data.correlationId === undefined ? {} : { correlationId: data.correlationId }),
    links: allLinkHrefs(data._links),
    raw,
  };
}

/**
 * `GET /bill-payments/{id}`.
 *
 * @example
 * ```ts
 * const dwolla = buildDwollaClient({ apiUrl }, { getBillPayment });
 * ```
 */
export const getBillPayment: DwollaOperation<'getBillPayment'> =
  (core) => async (token, billPaymentId) => {
    const path = `/bill-payments/${encodeURIComponent(billPaymentId)}`;
    const json = await core.getJson(token, path);
    return toBillPayment(
      core.parse(billPaymentSchema, 'GET', path, json),
      json as Record<string, unknown>,
    );
  };
