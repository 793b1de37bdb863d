import * as z from 'zod/mini';
import type { DwollaWebhookSubscription } from '../ports/dwolla-api.js';
import { pure } from '../pure.js';
import type { DwollaOperation } from './client-core.js';
import { DwollaResponseError } from './errors.js';
import { idFromHref } from './hal.js';

/**
 * `GET /webhook-subscriptions`
 * (https://developers.dwolla.com/docs/api-reference/webhook-subscriptions ("List webhook
 * subscriptions")). The documented example omits `paused`; absent means not paused.
 */
export const webhookSubscriptionPageSchema = /* @__PURE__ */ pure(() =>
  z.object({
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
  }),
);

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

/**
 * `GET /webhook-subscriptions`.
 *
 * @example
 * ```ts
 * const dwolla = buildDwollaClient({ apiUrl }, { listWebhookSubscriptions });
 * ```
 */
export const listWebhookSubscriptions: DwollaOperation<'listWebhookSubscriptions'> =
  (core) => async (token) => {
    const path = '/webhook-subscriptions';
    return toWebhookSubscriptions(
      core.parse(webhookSubscriptionPageSchema, 'GET', path, await core.getJson(token, path)),
    );
  };

/**
 * `POST /webhook-subscriptions`, sent once.
 *
 * @example
 * ```ts
 * const dwolla = buildDwollaClient({ apiUrl }, { createWebhookSubscription });
 * ```
 */
export const createWebhookSubscription: DwollaOperation<'createWebhookSubscription'> =
  (core) =>
  async (token, { url, secret }) => {
    const path = '/webhook-subscriptions';
    // https://developers.dwolla.com/docs/api-reference/webhook-subscriptions ("Create a webhook
    // subscription"): the id comes back in `Location`.
    const response = await core.call(token, 'POST', path, {
      body: JSON.stringify({ url, secret }),
    });
    const location = response.headers.get('location');
    const id = location === null ? undefined : idFromHref(location);
    if (id === undefined) {
      throw new DwollaResponseError('POST', path, ['Location header missing or not a URL']);
    }
    return { id };
  };

/**
 * `POST /webhook-subscriptions/{id}` `{paused}`, sent once.
 *
 * @example
 * ```ts
 * const dwolla = buildDwollaClient({ apiUrl }, { updateWebhookSubscription });
 * ```
 */
export const updateWebhookSubscription: DwollaOperation<'updateWebhookSubscription'> =
  (core) =>
  async (token, id, { paused }) => {
    const path = `/webhook-subscriptions/${encodeURIComponent(id)}`;
    // https://developers.dwolla.com/docs/api-reference/webhook-subscriptions ("Update a webhook
    // subscription").
    await core.call(token, 'POST', path, { body: JSON.stringify({ paused }) });
  };
