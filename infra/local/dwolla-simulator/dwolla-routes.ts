/**
 * Dwolla's own paths in the simulator (https://developers.dwolla.com/api-reference): OAuth and
 * token endpoints, accounts, customers, funding sources, transfers, events, bill payments and
 * sandbox simulations; the webhook-subscription paths are in `webhook-routes.ts`.
 */

import * as z from 'zod';
import type { SimulatorCore } from './core.js';
import { DwollaSimError } from './errors.js';
import { link } from './hal.js';
import { partyRoutes } from './party-routes.js';
import { type Context, header, ok, paging, parseJson, type Reply, type Route } from './routing.js';
import type { SimLeg } from './store.js';
import { parseTransferRequest } from './transfer-request.js';
import { webhookRoutes } from './webhook-routes.js';

const cancelBody = z.object({ status: z.literal('cancelled') });

/** The routes of Dwolla's API, webhook subscriptions included. */
export function dwollaRoutes(core: SimulatorCore): Route[] {
  const { store, views, urls, engine } = core;
  const ownLeg = (ctx: Context): SimLeg => {
    const leg = store.legs.get(ctx.params[0]!);
    if (!leg || leg.accountId !== ctx.accountId) {
      throw new DwollaSimError(404, 'NotFound', 'Transfer not found.');
    }
    return leg;
  };
  const oauthPaths = /^\/(?:oauth\/authorize|auth|oauth\/v2\/authenticate)$/;
  const tokenPaths = /^\/(?:token|oauth\/v2\/token)$/;
  return [
    {
      method: 'GET',
      pattern: oauthPaths,
      auth: 'none',
      handle: (ctx) => core.oauth.authorizePage(ctx.query),
    },
    {
      method: 'POST',
      pattern: oauthPaths,
      auth: 'none',
      handle: (ctx) => core.oauth.authorizeDecision(new URLSearchParams(ctx.body)),
    },
    {
      method: 'POST',
      pattern: tokenPaths,
      auth: 'none',
      handle: (ctx) => core.oauth.token(header(ctx.headers.authorization), formFields(ctx)),
    },
    {
      method: 'GET',
      pattern: /^\/$/,
      auth: 'any',
      handle: (ctx) =>
        ok({
          _links:
            ctx.principal?.kind === 'account'
              ? { account: link(urls.account(ctx.accountId), 'account') }
              : {
                  events: link(`${urls.base}/events`, 'event'),
                  'webhook-subscriptions': link(
                    `${urls.base}/webhook-subscriptions`,
                    'webhook-subscription',
                  ),
                },
        }),
    },
    ...partyRoutes(core),
    {
      method: 'POST',
      pattern: /^\/transfers$/,
      auth: 'account',
      handle: (ctx) => createTransfer(core, ctx),
    },
    {
      method: 'GET',
      pattern: /^\/transfers\/([^/]+)$/,
      auth: 'account',
      enrichment: true,
      handle: (ctx) => ok(views.transfer(ownLeg(ctx))),
    },
    {
      method: 'POST',
      pattern: /^\/transfers\/([^/]+)$/,
      auth: 'account',
      handle: (ctx) => {
        const leg = ownLeg(ctx);
        parseJson(ctx.body, cancelBody);
        return ok(views.transfer(engine.cancel(leg)));
      },
    },
    {
      method: 'GET',
      pattern: /^\/transfers\/([^/]+)\/failure$/,
      auth: 'account',
      enrichment: true,
      handle: (ctx) => {
        const leg = ownLeg(ctx);
        if (!leg.failure) throw new DwollaSimError(404, 'NotFound', 'Failure not found.');
        return ok(views.failure(leg));
      },
    },
    {
      method: 'GET',
      pattern: /^\/bill-payments\/([^/]+)$/,
      auth: 'account',
      enrichment: true,
      handle: (ctx) => {
        const billPayment = store.billPayments.get(ctx.params[0]!);
        if (!billPayment || billPayment.accountId !== ctx.accountId) {
          throw new DwollaSimError(404, 'NotFound', 'Bill payment not found.');
        }
        return ok(views.billPayment(billPayment));
      },
    },
    {
      method: 'POST',
      pattern: /^\/sandbox-simulations$/,
      auth: 'any',
      handle: () => {
        const total = engine.processPending();
        return ok({ _links: { self: link(`${urls.base}/sandbox-simulations`) }, total });
      },
    },
    {
      method: 'GET',
      pattern: /^\/events$/,
      auth: 'app',
      handle: (ctx) => {
        const { limit, offset } = paging(ctx.query, 25, 200);
        const page = core.events.page(limit, offset);
        return ok(views.eventPage(`${urls.base}/events`, page, core.events.total, limit, offset));
      },
    },
    {
      method: 'GET',
      pattern: /^\/events\/([^/]+)$/,
      auth: 'app',
      handle: (ctx) => {
        const event = core.events.get(ctx.params[0]!);
        if (!event) throw new DwollaSimError(404, 'NotFound', 'Event not found.');
        return ok(event.payload);
      },
    },
    ...webhookRoutes(core),
  ];
}

/**
 * `POST /transfers` with `Idempotency-Key` replay
 * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/idempotency-key): 201
 * with `Location` and an empty body.
 */
function createTransfer(core: SimulatorCore, ctx: Context): Reply {
  const key = header(ctx.headers['idempotency-key']);
  const now = core.clock.now().getTime();
  if (key) {
    const replay = core.idempotency.lookup(key, ctx.accountId, ctx.body, now);
    if (replay) return { status: 201, headers: { location: replay } };
  }
  const request = parseTransferRequest(core.store, ctx.accountId, ctx.body);
  const leg = core.engine.initiate(request);
  const location = core.urls.transfer(leg.id);
  if (key) core.idempotency.remember(key, ctx.accountId, ctx.body, location, now);
  return { status: 201, headers: { location } };
}

function formFields(ctx: Context): URLSearchParams {
  const type = header(ctx.headers['content-type']) ?? '';
  if (type.includes('application/json')) {
    const json = parseJson(ctx.body, z.record(z.string(), z.unknown()));
    return new URLSearchParams(
      Object.entries(json).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  }
  return new URLSearchParams(ctx.body);
}
