import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini (not the classic API) keeps the webhook intake bundle small: the classic build pulls
// every locale (~440 KB minified). English messages for the 400 field errors.
z.config(en());

/**
 * The webhook / event payload (https://developers.dwolla.com/api-reference/events ("Events
 * resource");
 * https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/ webhook
 * payload with `correlationId`; https://developers.dwolla.com/guides/webhooks/process-validate →
 * "Payload"). Every `href` is a full URL. Unknown extra fields are kept: Dwolla adds fields over
 * time and a new one must never make an event unprocessable.
 */
const link = z.looseObject({ href: z.url() });
const nonEmpty = z.string().check(z.minLength(1));

/** ISO-8601 instant; Dwolla writes `2022-12-13T20:32:10.975Z` (offsets accepted too). */
const instant = z.iso.datetime({ offset: true });

const rawEventSchema = z.looseObject({
  id: nonEmpty,
  resourceId: nonEmpty,
  topic: nonEmpty,
  /**
   * Older payloads (https://developers.dwolla.com/docs/balance/webhooks sample body) carry only
   * `timestamp`; current ones carry `created`
   * (https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/).
   * Either is accepted; `created` falls back to `timestamp`.
   */
  created: z.optional(instant),
  timestamp: z.optional(instant),
  correlationId: z.optional(nonEmpty),
  _links: z.looseObject({
    self: link,
    resource: link,
    account: z.optional(link),
    customer: z.optional(link),
  }),
});

/**
 * The zod schema of a Dwolla event. Parses to {@link DwollaEventPayload}: `created` is always
 * set (from `timestamp` when the payload is of the older shape).
 *
 * @example
 * ```ts
 * const result = dwollaEventSchema.safeParse(JSON.parse(body));
 * ```
 */
export const dwollaEventSchema = z.pipe(
  rawEventSchema.check(
    z.refine((event) => event.created !== undefined || event.timestamp !== undefined, {
      message: 'Either created or timestamp is required.',
      path: ['created'],
    }),
  ),
  z.transform((event) => ({ ...event, created: (event.created ?? event.timestamp) as string })),
);

/** A validated Dwolla event (webhook body or `GET /events` entry). */
export type DwollaEventPayload = z.output<typeof dwollaEventSchema>;

/**
 * Validates an already JSON-parsed event. Throws the zod error (`issues` with paths) when the shape is wrong, so the
 * caller decides what a bad payload means (400 at the intake, poison message in a processor).
 *
 * @example
 * ```ts
 * const event = parseDwollaEvent(JSON.parse(record.body));
 * event.topic; // 'customer_transfer_completed'
 * idFromHref(event._links.account?.href); // the account id
 * ```
 */
export function parseDwollaEvent(json: unknown): DwollaEventPayload {
  return dwollaEventSchema.parse(json);
}

/**
 * The last path segment of a Dwolla resource URL (its id), or `undefined` when there is no href.
 *
 * @example
 * ```ts
 * idFromHref('https://api.dwolla.com/transfers/056a0699-247b'); // '056a0699-247b'
 * ```
 */
export function idFromHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const path = href.split(/[?#]/, 1)[0]!.replace(/\/+$/, '');
  const id = path.slice(path.lastIndexOf('/') + 1);
  return id === '' ? undefined : decodeURIComponent(id);
}

/**
 * The account id an event belongs to (`_links.account`), or `undefined`.
 *
 * @example
 * ```ts
 * accountIdOf(event); // '0ee84069-47c5-455c-b425-633523291dc3'
 * ```
 */
export function accountIdOf(event: DwollaEventPayload): string | undefined {
  return idFromHref(event._links.account?.href);
}

/**
 * The customer id an event concerns (`_links.customer`), or `undefined`.
 *
 * @example
 * ```ts
 * customerIdOf(event); // '70088704-f2f1-443e-bd41-f20305d6c912'
 * ```
 */
export function customerIdOf(event: DwollaEventPayload): string | undefined {
  return idFromHref(event._links.customer?.href);
}
