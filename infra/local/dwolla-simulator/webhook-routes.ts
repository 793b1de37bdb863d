/**
 * The simulator's webhook-subscription and webhook paths
 * (https://developers.dwolla.com/docs/api-reference/webhook-subscriptions).
 */

import * as z from 'zod';
import type { SimulatorCore } from './core.js';
import { DwollaSimError } from './errors.js';
import { link } from './hal.js';
import { ok, paging, parseJson, type Route } from './routing.js';

/** A webhook subscription's body: the URL Dwolla posts to and the secret it signs with. */
export const subscriptionBody = z.object({ url: z.url(), secret: z.string().min(1) });
const pausedBody = z.object({ paused: z.boolean() });

/** Create, list, update and delete subscriptions; list and retry their webhooks. */
export function webhookRoutes(core: SimulatorCore): Route[] {
  const { urls, webhooks } = core;
  const view = (id: string) => {
    const subscription = webhooks.get(id);
    if (!subscription) throw new DwollaSimError(404, 'NotFound', 'Webhook subscription not found.');
    return {
      _links: {
        self: link(urls.webhookSubscription(id), 'webhook-subscription'),
        webhooks: link(`${urls.webhookSubscription(id)}/webhooks`, 'webhook'),
      },
      id,
      url: subscription.url,
      paused: subscription.paused,
      created: subscription.created,
    };
  };
  const webhookView = (id: string) => {
    const webhook = webhooks.webhook(id);
    if (!webhook) throw new DwollaSimError(404, 'NotFound', 'Webhook not found.');
    return {
      _links: {
        self: link(urls.webhook(id), 'webhook'),
        subscription: link(
          urls.webhookSubscription(webhook.subscriptionId),
          'webhook-subscription',
        ),
        retries: link(`${urls.webhook(id)}/retries`, 'retry'),
        event: link(urls.event(webhook.event.id), 'event'),
      },
      id,
      topic: webhook.event.topic,
      accountId: webhook.event.accountId,
      eventId: webhook.event.id,
      subscriptionId: webhook.subscriptionId,
      attempts: webhook.attempts.map((attempt) => ({
        id: attempt.id,
        request: {
          created: attempt.created,
          url: webhooks.get(webhook.subscriptionId)?.url,
          body: webhook.event.body,
        },
        response: {
          created: attempt.created,
          statusCode: attempt.status ?? null,
          error: attempt.error ?? null,
        },
      })),
    };
  };
  return [
    {
      method: 'GET',
      pattern: /^\/webhook-subscriptions$/,
      auth: 'app',
      handle: () => {
        const all = webhooks.list().map((subscription) => view(subscription.id));
        return ok({
          _links: { self: link(`${urls.base}/webhook-subscriptions`, 'webhook-subscription') },
          _embedded: { 'webhook-subscriptions': all },
          total: all.length,
        });
      },
    },
    {
      method: 'POST',
      pattern: /^\/webhook-subscriptions$/,
      auth: 'app',
      handle: (ctx) => {
        const input = parseJson(ctx.body, subscriptionBody);
        const subscription = webhooks.subscribe(input.url, input.secret);
        return { status: 201, headers: { location: urls.webhookSubscription(subscription.id) } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/webhook-subscriptions\/([^/]+)$/,
      auth: 'app',
      handle: (ctx) => ok(view(ctx.params[0]!)),
    },
    {
      method: 'POST',
      pattern: /^\/webhook-subscriptions\/([^/]+)$/,
      auth: 'app',
      handle: (ctx) => {
        const input = parseJson(ctx.body, pausedBody);
        view(ctx.params[0]!);
        webhooks.setPaused(ctx.params[0]!, input.paused);
        return ok(view(ctx.params[0]!));
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/webhook-subscriptions\/([^/]+)$/,
      auth: 'app',
      handle: (ctx) => {
        const body = view(ctx.params[0]!);
        webhooks.remove(ctx.params[0]!);
        return ok(body);
      },
    },
    {
      method: 'GET',
      pattern: /^\/webhook-subscriptions\/([^/]+)\/webhooks$/,
      auth: 'app',
      handle: (ctx) => {
        view(ctx.params[0]!);
        const { limit, offset } = paging(ctx.query, 25, 200);
        const all = webhooks.webhooksOf(ctx.params[0]!);
        const page: unknown[] = [];
        for (let i = all.length - 1 - offset; i >= 0 && page.length < limit; i--)
          page.push(webhookView(all[i]!.id));
        return ok({
          _links: { self: link(`${urls.webhookSubscription(ctx.params[0]!)}/webhooks`, 'webhook') },
          _embedded: { webhooks: page },
          total: all.length,
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/webhooks\/([^/]+)$/,
      auth: 'app',
      handle: (ctx) => ok(webhookView(ctx.params[0]!)),
    },
    {
      method: 'POST',
      pattern: /^\/webhooks\/([^/]+)\/retries$/,
      auth: 'app',
      handle: (ctx) => {
        if (!webhooks.retry(ctx.params[0]!))
          throw new DwollaSimError(404, 'NotFound', 'Webhook not found.');
        return { status: 201, headers: { location: `${urls.webhook(ctx.params[0]!)}/retries` } };
      },
    },
  ];
}
