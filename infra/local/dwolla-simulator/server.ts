/**
 * HTTP routing of the simulator: Dwolla's paths (https://developers.dwolla.com/api-reference), token checks, chaos on
 * enrichment GETs, and the `/__sim/...` controls that drive a running stack from outside.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { readBody, sendJson } from '../http-json.js';
import { simControls } from './controls.js';
import type { SimulatorCore } from './core.js';
import { DwollaSimError, SimulatorError } from './errors.js';
import { HAL_JSON, link } from './hal.js';
import { type Context, header, ok, paging, parseJson, type Reply, type Route } from './routing.js';
import type { PartyRef, SimLeg } from './store.js';
import { parseTransferRequest } from './transfer-request.js';

const MAX_BODY_BYTES = 1_048_576;

const subscriptionBody = z.object({ url: z.url(), secret: z.string().min(1) });
const pausedBody = z.object({ paused: z.boolean() });
const cancelBody = z.object({ status: z.literal('cancelled') });

/**
 * The `request` listener of the simulator's HTTP server.
 *
 * @example
 * ```ts
 * server.on('request', createRequestListener(core));
 * ```
 */
export function createRequestListener(core: SimulatorCore) {
  const routes = [...dwollaRoutes(core), ...simControls(core)];
  return function onRequest(req: IncomingMessage, res: ServerResponse): void {
    void handle(core, routes, req, res);
  };
}

async function handle(
  core: SimulatorCore,
  routes: readonly Route[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', core.urls.base);
  const path = url.pathname.replace(/\/+$/, '') || '/';
  let reply: Reply;
  try {
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (!raw) throw new DwollaSimError(413, 'BadRequest', 'Request body too large.');
    const body = raw.toString('utf8');
    reply = await dispatch(core, routes, req, path, url.searchParams, body);
  } catch (error) {
    reply = errorReply(error);
  }
  if (!path.startsWith('/__sim')) {
    core.requests.push({ method: req.method ?? 'GET', path, status: reply.status });
  }
  write(res, reply);
}

async function dispatch(
  core: SimulatorCore,
  routes: readonly Route[],
  req: IncomingMessage,
  path: string,
  query: URLSearchParams,
  body: string,
): Promise<Reply> {
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (route.method !== req.method) continue;
    const principal = route.auth === 'none' ? undefined : core.tokens.authenticate(bearer(req));
    if (route.auth === 'account' && principal?.kind !== 'account') {
      throw new DwollaSimError(403, 'Forbidden', 'This endpoint requires an account access token.');
    }
    if (route.auth === 'app' && principal?.kind !== 'app') {
      throw new DwollaSimError(
        403,
        'Forbidden',
        'This endpoint requires an application access token.',
      );
    }
    if (route.enrichment) chaosFailure(core);
    return route.handle({
      params: match.slice(1).map((part) => decodeURIComponent(part)),
      query,
      body,
      headers: req.headers,
      principal,
      accountId: principal?.kind === 'account' ? principal.accountId : '',
    });
  }
  if (pathMatched) throw new DwollaSimError(405, 'MethodNotAllowed', 'Method not allowed.');
  throw new DwollaSimError(404, 'NotFound', 'The requested resource was not found.');
}

function dwollaRoutes(core: SimulatorCore): Route[] {
  const { store, views, urls, engine } = core;
  const ownLeg = (ctx: Context): SimLeg => {
    const leg = store.legs.get(ctx.params[0]!);
    if (!leg || leg.accountId !== ctx.accountId) {
      throw new DwollaSimError(404, 'NotFound', 'Transfer not found.');
    }
    return leg;
  };
  const ownParty = (ctx: Context, kind: PartyRef['kind']): PartyRef => {
    const id = ctx.params[0]!;
    const owner = kind === 'account' ? id : store.customers.get(id)?.accountId;
    if (
      owner === undefined ||
      owner !== ctx.accountId ||
      (kind === 'account' && !store.accounts.has(id))
    ) {
      throw new DwollaSimError(
        404,
        'NotFound',
        `${kind === 'account' ? 'Account' : 'Customer'} not found.`,
      );
    }
    return { kind, id };
  };
  const transfersOf =
    (kind: PartyRef['kind']) =>
    (ctx: Context): Reply => {
      const party = ownParty(ctx, kind);
      const correlationId = ctx.query.get('correlationId') ?? undefined;
      const { limit, offset } = paging(ctx.query, 25, 200);
      const self = `${urls.party(party)}/transfers${correlationId ? `?correlationId=${encodeURIComponent(correlationId)}` : ''}`;
      return ok(views.transferPage(self, store.legsOf(party, correlationId), limit, offset));
    };
  const fundingSourcesOf =
    (kind: PartyRef['kind']) =>
    (ctx: Context): Reply => {
      const party = ownParty(ctx, kind);
      const removed = ctx.query.get('removed');
      const sources = store
        .fundingSourcesOf(party)
        .filter((source) => removed !== 'false' || !source.removed);
      return ok(views.fundingSourceList(`${urls.party(party)}/funding-sources`, sources));
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
    {
      method: 'GET',
      pattern: /^\/accounts\/([^/]+)$/,
      auth: 'account',
      handle: (ctx) => ok(views.account(store.accounts.get(ownParty(ctx, 'account').id)!)),
    },
    {
      method: 'GET',
      pattern: /^\/accounts\/([^/]+)\/funding-sources$/,
      auth: 'account',
      handle: fundingSourcesOf('account'),
    },
    {
      method: 'GET',
      pattern: /^\/accounts\/([^/]+)\/transfers$/,
      auth: 'account',
      enrichment: true,
      handle: transfersOf('account'),
    },
    {
      method: 'GET',
      pattern: /^\/customers$/,
      auth: 'account',
      handle: (ctx) =>
        ok({
          _links: { self: link(`${urls.base}/customers`, 'customer') },
          _embedded: {
            customers: store.customersOf(ctx.accountId).map((customer) => views.customer(customer)),
          },
          total: store.customersOf(ctx.accountId).length,
        }),
    },
    {
      method: 'GET',
      pattern: /^\/customers\/([^/]+)$/,
      auth: 'account',
      handle: (ctx) => ok(views.customer(store.customers.get(ownParty(ctx, 'customer').id)!)),
    },
    {
      method: 'GET',
      pattern: /^\/customers\/([^/]+)\/funding-sources$/,
      auth: 'account',
      handle: fundingSourcesOf('customer'),
    },
    {
      method: 'GET',
      pattern: /^\/customers\/([^/]+)\/transfers$/,
      auth: 'account',
      enrichment: true,
      handle: transfersOf('customer'),
    },
    {
      method: 'GET',
      pattern: /^\/funding-sources\/([^/]+)$/,
      auth: 'account',
      handle: (ctx) => {
        const source = store.fundingSources.get(ctx.params[0]!);
        if (!source || source.accountId !== ctx.accountId) {
          throw new DwollaSimError(404, 'NotFound', 'Funding source not found.');
        }
        return ok(views.fundingSource(source));
      },
    },
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

function webhookRoutes(core: SimulatorCore): Route[] {
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

/**
 * `POST /transfers` with `Idempotency-Key` replay (https://developers.dwolla.com/docs/balance/api-reference/api-fundamentals/idempotency-key): 201 with
 * `Location` and an empty body.
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

/** Chaos: enrichment GETs answer 429 or 500 at `failRate` (https://developers.dwolla.com/api-reference). */
function chaosFailure(core: SimulatorCore): void {
  const status = core.enrichmentFaults.next();
  if (status === 429) {
    throw new DwollaSimError(429, 'TooManyRequests', 'Too many requests. Retry later.');
  }
  if (status === 500) throw new DwollaSimError(500, 'ServerError', 'A server error occurred.');
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

function bearer(req: IncomingMessage): string | undefined {
  const value = header(req.headers.authorization);
  return value?.startsWith('Bearer ') ? value.slice(7).trim() : undefined;
}

function errorReply(error: unknown): Reply {
  if (error instanceof SimulatorError) {
    return { status: error.statusCode, json: error.toBody() };
  }
  return { status: 500, json: { code: 'ServerError', message: 'A server error occurred.' } };
}

function write(res: ServerResponse, reply: Reply): void {
  if ('body' in reply) {
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
    return;
  }
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  if (reply.json === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  sendJson(res, reply.status, reply.json, {
    ...headers,
    'content-type': `${HAL_JSON}; charset=UTF-8`,
  });
}
