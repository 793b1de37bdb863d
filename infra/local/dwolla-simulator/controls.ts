/**
 * `/__sim/...`: the test and bench controls over HTTP, so a running `npm start` stack can be
 * driven from outside (create accounts, run scenarios, move time, expire tokens, chaos).
 * Not part of Dwolla's API; never requires a token; never in the request log.
 */

import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { SimulatorCore } from './core.js';
import { SimControlError } from './errors.js';
import { ok, parseJson, type Route } from './routing.js';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios.js';
import { subscriptionBody } from './webhook-routes.js';

/** An optional amount in dollars with at most two decimals, e.g. `5.00`. */
const dollarAmount = z
  .string()
  .regex(/^\d{1,9}(\.\d{1,2})?$/)
  .optional();
/** An optional id of 1 to 254 letters, digits and `-._` (the characters a `correlationId` takes). */
const dwollaReference = z
  .string()
  .regex(/^[a-zA-Z0-9\-._]{1,254}$/)
  .optional();
const accountBody = z.object({ name: z.string().min(1).max(100).optional() });
const customerBody = z.object({
  type: z.enum(['unverified', 'verified']),
  firstName: z.string().min(1).max(50).optional(),
});
const scenarioBody = z.object({
  accountId: z.string().min(1),
  amount: dollarAmount,
  correlationId: dwollaReference,
});
const expireBody = z.object({
  accountId: z.string().min(1),
  which: z.enum(['access', 'refresh', 'both']),
});
const chaosBody = z.object({
  duplicateRate: z.number().min(0).max(1).optional(),
  shuffle: z.boolean().optional(),
  failRate: z.number().min(0).max(1).optional(),
});
const billPaymentBody = z.object({
  fundingSourceId: z.string().min(1),
  amount: dollarAmount,
  billedFor: z.string().min(1).max(100).optional(),
  regaliiTransactionId: dwollaReference,
});
const grantsBody = z.object({
  count: z.number().int().min(1).max(10_000),
  scope: z.string().min(1).max(200).optional(),
});

/**
 * The scope a connect page asks for
 * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html ("OAuth scopes")).
 */
const DEFAULT_GRANT_SCOPE = 'Send|Transactions|Funding';

/**
 * The control routes.
 *
 * @example
 * ```ts
 * const routes = [...dwollaRoutes, ...simControls(core)];
 * ```
 */
export function simControls(core: SimulatorCore): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/__sim$/,
      auth: 'none',
      handle: () =>
        ok({
          url: core.urls.base,
          scenarios: SCENARIO_NAMES,
          accounts: [...core.store.accounts.values()],
          events: core.events.total,
          subscriptions: core.webhooks.list().map(({ id, url, paused }) => ({ id, url, paused })),
        }),
    },
    {
      method: 'POST',
      pattern: /^\/__sim\/accounts$/,
      auth: 'none',
      handle: (ctx) => {
        const input = parseJson(ctx.body, accountBody);
        return { status: 201, json: core.parties.createAccount(input) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/__sim\/accounts\/([^/]+)\/customers$/,
      auth: 'none',
      handle: (ctx) => {
        const accountId = ctx.params[0]!;
        if (!core.store.accounts.has(accountId)) {
          throw new SimControlError(`Unknown account ${accountId}.`);
        }
        const input = parseJson(ctx.body, customerBody);
        return { status: 201, json: core.parties.createCustomer(accountId, input) };
      },
    },
    {
      method: 'POST',
      pattern: /^\/__sim\/scenarios\/([^/]+)$/,
      auth: 'none',
      handle: (ctx) => {
        const name = ctx.params[0]!;
        if (!(SCENARIO_NAMES as string[]).includes(name)) {
          throw new SimControlError(
            `Unknown scenario ${name}. Known: ${SCENARIO_NAMES.join(', ')}.`,
          );
        }
        const input = parseJson(ctx.body, scenarioBody);
        return ok(core.scenarios.run(name as ScenarioName, input));
      },
    },
    {
      method: 'POST',
      pattern: /^\/__sim\/bill-payments$/,
      auth: 'none',
      handle: (ctx) => ({
        status: 201,
        json: core.billPayments.create(parseJson(ctx.body, billPaymentBody)),
      }),
    },
    {
      method: 'POST',
      pattern: /^\/__sim\/process$/,
      auth: 'none',
      handle: () => ok({ moved: core.engine.processPending() }),
    },
    {
      method: 'POST',
      pattern: /^\/__sim\/tokens\/expire$/,
      auth: 'none',
      handle: (ctx) => {
        const input = parseJson(ctx.body, expireBody);
        core.tokens.expire(input.accountId, input.which);
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      pattern: /^\/__sim\/tokens\/grants$/,
      auth: 'none',
      handle: (ctx) => {
        const input = parseJson(ctx.body, grantsBody);
        const scope = input.scope ?? DEFAULT_GRANT_SCOPE;
        const grants = Array.from({ length: input.count }, () =>
          core.tokens.grant(randomUUID(), scope),
        );
        return { status: 201, json: { grants } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/__sim\/tokens\/refreshes$/,
      auth: 'none',
      handle: () => ok(core.tokens.refreshCounts()),
    },
    {
      method: 'POST',
      pattern: /^\/__sim\/chaos$/,
      auth: 'none',
      handle: (ctx) => {
        core.setChaos(parseJson(ctx.body, chaosBody));
        return ok(core.webhooks.currentChaos);
      },
    },
    {
      method: 'POST',
      pattern: /^\/__sim\/webhook-subscriptions$/,
      auth: 'none',
      handle: (ctx) => {
        const input = parseJson(ctx.body, subscriptionBody);
        return { status: 201, json: { id: core.webhooks.subscribe(input.url, input.secret).id } };
      },
    },
    {
      method: 'POST',
      pattern: /^\/__sim\/flush$/,
      auth: 'none',
      handle: async () => {
        core.events.endBurst();
        await core.webhooks.flush();
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: /^\/__sim\/events$/,
      auth: 'none',
      handle: () => ok(core.events.chronological().map((event) => event.payload)),
    },
    {
      method: 'GET',
      pattern: /^\/__sim\/requests$/,
      auth: 'none',
      handle: () => ok(core.requests),
    },
  ];
}
