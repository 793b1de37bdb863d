/**
 * The simulator's paths of the parties a transfer moves money between: an account and its
 * customers (https://developers.dwolla.com/docs/api-reference/accounts,
 * https://developers.dwolla.com/docs/api-reference/customers), each with its funding sources and
 * transfers, and a funding source by id. A caller only sees its own account's parties.
 */

import type { SimulatorCore } from './core.js';
import { DwollaSimError } from './errors.js';
import { link } from './hal.js';
import { type Context, ok, paging, type Reply, type Route } from './routing.js';
import type { PartyRef } from './store.js';

/** The routes of accounts, customers and funding sources. */
export function partyRoutes(core: SimulatorCore): Route[] {
  const { store, views, urls } = core;
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
  const viewOf = (party: PartyRef): Record<string, unknown> =>
    party.kind === 'account'
      ? views.account(store.accounts.get(party.id)!)
      : views.customer(store.customers.get(party.id)!);
  /** `/<kind>s/{id}`, its funding sources and its transfers. */
  const routesOf = (kind: PartyRef['kind']): Route[] => [
    {
      method: 'GET',
      pattern: new RegExp(`^/${kind}s/([^/]+)$`),
      auth: 'account',
      handle: (ctx) => ok(viewOf(ownParty(ctx, kind))),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/${kind}s/([^/]+)/funding-sources$`),
      auth: 'account',
      handle: fundingSourcesOf(kind),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/${kind}s/([^/]+)/transfers$`),
      auth: 'account',
      enrichment: true,
      handle: transfersOf(kind),
    },
  ];
  return [
    ...routesOf('account'),
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
    ...routesOf('customer'),
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
  ];
}
