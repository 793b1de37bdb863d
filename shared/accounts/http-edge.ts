import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import '../validation/english.js';
import { ValidationHttpError } from '../http/errors.js';
import { html, redirect } from '../http/responses.js';
import { fieldErrorsFromZod } from '../validation/zod-issues.js';
import type { AuthorizationOutcome, CallbackQuery } from './oauth-callback.js';
import { type AccountRecord, ownerOf } from './ports.js';
import { withQuery } from './return-url.js';

/**
 * Body of `POST /oauth/authorize`. Scopes are Dwolla's pipe-delimited names
 * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html ("OAuth scopes")).
 */
export const authorizeRequestSchema = z.strictObject({
  returnTo: z.optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(2048))),
  scope: z.optional(
    z
      .string()
      .check(
        z.maxLength(256),
        z.regex(/^[A-Za-z]+(\|[A-Za-z]+)*$/, 'Must be scope names separated by "|".'),
      ),
  ),
  // The app's own user or session id, echoed to `returnTo`: 1 to 255 printable characters
  // (no control, format or private-use character, so it reads the same in a URL and a log).
  reference: z.optional(
    z.string().check(z.regex(/^\P{C}{1,255}$/u, 'Must be 1 to 255 printable characters.')),
  ),
});

/**
 * Validates the authorize body; a bad one is a 400 in Dwolla's `ValidationError` shape naming
 * `/returnTo` or `/scope`.
 *
 * @example
 * ```ts
 * const input = parseAuthorizeRequest(parseJsonBody(event));
 * ```
 */
export function parseAuthorizeRequest(body: unknown): z.output<typeof authorizeRequestSchema> {
  const parsed = authorizeRequestSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) throw new ValidationHttpError(fieldErrorsFromZod(parsed.error));
  return parsed.data;
}

/**
 * The callback's query string, as the use case reads it.
 *
 * @example
 * ```ts
 * const query = callbackQuery(event);
 * ```
 */
export function callbackQuery(
  event: Pick<APIGatewayProxyEventV2, 'queryStringParameters'>,
): CallbackQuery {
  const q = event.queryStringParameters ?? {};
  const pick = (name: string) => {
    const value = q[name];
    return value === undefined || value === '' ? {} : { [name]: value };
  };
  return {
    ...pick('state'),
    ...pick('code'),
    ...pick('error'),
    ...(q.error_description ? { errorDescription: q.error_description } : {}),
  };
}

/**
 * The browser's next step after the callback: a 302 to `returnTo` with the outcome appended, or
 * a small HTML page when the app gave no `returnTo`.
 *
 * @example
 * ```ts
 * return callbackResponse(await completeAuthorization(deps, query));
 * ```
 */
export function callbackResponse(outcome: AuthorizationOutcome): APIGatewayProxyStructuredResultV2 {
  const result: Record<string, string> =
    outcome.kind === 'connected'
      ? { accountId: outcome.accountId, status: 'connected' }
      : outcome.kind === 'denied'
        ? { status: 'denied', error: outcome.error }
        : outcome.kind === 'unavailable'
          ? { status: 'error', error: 'account_unavailable' }
          : { status: 'error', reason: outcome.reason };
  // `state` and `reference` let the app tie the result to the browser session that started it
  // (OAuth CSRF; https://developers.dwolla.com/guides/auth/authorization-code-flow.html ("Step 1:
  // Request user authorization"), the `state` parameter).
  const params = {
    ...result,
    state: outcome.state,
    ...(outcome.reference === undefined ? {} : { reference: outcome.reference }),
  };
  if (outcome.returnTo) return redirect(withQuery(outcome.returnTo, params));
  const title =
    outcome.kind === 'connected'
      ? 'Connected'
      : outcome.kind === 'denied'
        ? 'Connection denied'
        : outcome.kind === 'unavailable'
          ? 'Account unavailable'
          : 'Connection failed';
  const detail = Object.entries(params)
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  return html(
    outcome.kind === 'connected' || outcome.kind === 'denied'
      ? 200
      : outcome.kind === 'unavailable'
        ? 409
        : 502,
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
      `<body><h1>${title}</h1><dl>${detail}</dl></body></html>`,
  );
}

/**
 * True for a plausible Dwolla account id (a UUID in practice; bounded so a path parameter can
 * never make an oversized DynamoDB key).
 *
 * @example
 * ```ts
 * isAccountId('ca32853c-48fa-40be-ae75-77b37504581b'); // true
 * ```
 */
export function isAccountId(value: string): boolean {
  return /^[A-Za-z0-9-]{1,128}$/.test(value);
}

/**
 * The public view of an account (`GET /accounts/{accountId}`): metadata only, never a token.
 *
 * @example
 * ```ts
 * return json(200, accountView(account));
 * ```
 */
export function accountView(account: AccountRecord) {
  return {
    accountId: account.accountId,
    status: account.status,
    tenantId: ownerOf(account),
    reference: account.reference ?? null,
    scopes: account.scopes,
    accessTokenExpiresAt: account.accessTokenExpiresAt,
    refreshTokenExpiresAt: account.refreshTokenExpiresAt,
    connectedAt: account.connectedAt,
    lastRefreshedAt: account.lastRefreshedAt ?? null,
    disconnectedAt: account.disconnectedAt ?? null,
  };
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
