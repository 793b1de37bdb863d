import * as z from 'zod/mini';
import type { DwollaEvent } from '../ports/dwolla-api.js';
import { pure } from '../pure.js';
import type { DwollaOperation } from './client-core.js';
import { compact } from './hal.js';

/**
 * One event of `GET /events` (https://developers.dwolla.com/api-reference/events ("Events
 * resource"); https://developers.dwolla.com/docs/balance/webhooks).
 */
export const eventSchema = /* @__PURE__ */ pure(() =>
  z.object({
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
  }),
);

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
export const eventPageSchema = /* @__PURE__ */ pure(() =>
  z.object({
    _embedded: z._default(z.object({ events: z._default(z.array(z.unknown()), []) }), {
      events: [],
    }),
    total: z.number(),
  }),
);

/**
 * `GET /events?limit&offset`, newest first as Dwolla lists them; each event is validated on
 * its own, so a bad one is named by its position.
 *
 * @example
 * ```ts
 * const dwolla = buildDwollaClient({ apiUrl }, { listEvents });
 * ```
 */
export const listEvents: DwollaOperation<'listEvents'> =
  (core) =>
  async (token, { limit, offset }) => {
    const path = '/events';
    const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
    const page = core.parse(eventPageSchema, 'GET', path, await core.getJson(token, path, query));
    const events: DwollaEvent[] = page._embedded.events.map((raw, index) => {
      const event = core.parse(eventSchema, 'GET', `${path}#${offset + index}`, raw);
      return toEvent(event, raw as Record<string, unknown>);
    });
    return { events, total: page.total };
  };
