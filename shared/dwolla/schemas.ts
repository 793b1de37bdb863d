import * as z from 'zod/mini';
import type {
  DwollaBillPayment,
  DwollaEvent,
  DwollaTransfer,
  DwollaTransferFailure,
  DwollaWebhookSubscription,
} from '../ports/dwolla-api.js';
import { allLinkHrefs, halLinksSchema, linkHref } from './hal.js';

/**
 * zod schemas of the Dwolla responses this system reads, and their mapping onto the port
 * types. `zod/mini` rather than classic zod: same checks, a fraction of the bundle (README,
 * "Dwolla client" decision).
 */

/**
 * `GET /transfers/{id}` (https://developers.dwolla.com/docs/api-reference/transfers ("Transfer
 * resource"), https://developers.dwolla.com/docs/balance/transfer-lifecycle for the legs).
 */
export const transferSchema = z.object({
  id: z.string().check(z.minLength(1)),
  status: z.enum(['pending', 'processed', 'failed', 'cancelled', 'reclaimed']),
  amount: z.object({ value: z.string(), currency: z.string() }),
  created: z.string(),
  correlationId: z.optional(z.string()),
  metadata: z.optional(z.record(z.string(), z.string())),
  _links: halLinksSchema,
});

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
export const transferPageSchema = z.object({
  _embedded: z._default(z.object({ transfers: z._default(z.array(z.unknown()), []) }), {
    transfers: [],
  }),
  total: z.optional(z.number()),
});

/**
 * `GET /transfers/{id}/failure`
 * (https://developers.dwolla.com/api-reference/transfers/retrieve-a-transfer-failure-reason).
 */
export const transferFailureSchema = z.object({
  code: z.string(),
  description: z.string(),
  explanation: z.optional(z.string()),
});

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

/**
 * One event of `GET /events` (https://developers.dwolla.com/api-reference/events ("Events
 * resource"); https://developers.dwolla.com/docs/balance/webhooks).
 */
export const eventSchema = z.object({
  id: z.string().check(z.minLength(1)),
  topic: z.string(),
  resourceId: z.string(),
  created: z.string(),
  correlationId: z.optional(z.string()),
  _links: z.looseObject({
    self: z.object({ href: z.string() }),
    resource: z.object({ href: z.string() }),
    account: z.optional(z.object({ href: z.string() })),
    customer: z.optional(z.object({ href: z.string() })),
  }),
});

/**
 * Maps a parsed event onto the port type, keeping the object exactly as Dwolla sent it in
 * `raw` so reconciliation feeds the same payload a webhook would have carried.
 *
 * @example
 * ```ts
 * toEvent(eventSchema.parse(json), json);
 * ```
 */
export function toEvent(
  data: z.infer<typeof eventSchema>,
  raw: Readonly<Record<string, unknown>>,
): DwollaEvent {
  return {
    id: data.id,
    topic: data.topic,
    resourceId: data.resourceId,
    created: data.created,
    ...(data.correlationId === undefined ? {} : { correlationId: data.correlationId }),
    links: compact({
      self: data._links.self.href,
      resource: data._links.resource.href,
      account: data._links.account?.href,
      customer: data._links.customer?.href,
    }) as DwollaEvent['links'],
    raw,
  };
}

/** `GET /events?limit&offset`. */
export const eventPageSchema = z.object({
  _embedded: z._default(z.object({ events: z._default(z.array(z.unknown()), []) }), {
    events: [],
  }),
  total: z.number(),
});

/**
 * `GET /bill-payments/{id}`
 * (https://developers.dwolla.com/resources/dwolla-billpayment-integration.html ("Retrieving a bill
 * payment")).
 */
export const billPaymentSchema = z.object({
  id: z.string().check(z.minLength(1)),
  status: z.string(),
  correlationId: z.optional(z.string()),
  _links: halLinksSchema,
});

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
 * `GET /webhook-subscriptions`
 * (https://developers.dwolla.com/docs/api-reference/webhook-subscriptions ("List webhook
 * subscriptions")). The documented example omits `paused`; absent means not paused.
 */
export const webhookSubscriptionPageSchema = z.object({
  _embedded: z._default(
    z.object({
      'webhook-subscriptions': z._default(
        z.array(
          z.object({
            id: z.string(),
            url: z.string(),
            paused: z._default(z.boolean(), false),
            created: z.string(),
          }),
        ),
        [],
      ),
    }),
    { 'webhook-subscriptions': [] },
  ),
});

/**
 * Maps the parsed list onto the port type.
 *
 * @example
 * ```ts
 * toWebhookSubscriptions(webhookSubscriptionPageSchema.parse(json));
 * ```
 */
export function toWebhookSubscriptions(
  data: z.infer<typeof webhookSubscriptionPageSchema>,
): DwollaWebhookSubscription[] {
  return data._embedded['webhook-subscriptions'].map((s) => ({
    id: s.id,
    url: s.url,
    paused: s.paused,
    created: s.created,
  }));
}

/** Drops `undefined` members so optional port fields are absent rather than `undefined`. */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, member]) => member !== undefined),
  ) as T;
}
