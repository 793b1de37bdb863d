import * as z from 'zod/mini';
import type { DwollaAuthApi, DwollaTokenSet } from '../ports/dwolla-api.js';
import type { Metrics } from '../ports/observability.js';
import { describeIssues } from '../validation/zod-issues.js';
import {
  DwollaApiError,
  DwollaResponseError,
  ExpiredRefreshTokenError,
  InvalidGrantError,
  InvalidRefreshTokenError,
} from './errors.js';
import { parseErrorBody, parseJson } from './hal.js';
import { createDwollaTransport, type DwollaFetch, type OnDwollaRequest } from './http.js';
import { type RetryPolicy, resolveRetryPolicy } from './retry.js';

/**
 * Configuration of {@link createDwollaAuthClient}.
 *
 * @example
 * ```ts
 * const config: DwollaAuthClientConfig = { tokenUrl, clientId, clientSecret, clientAuth: 'basic' };
 * ```
 */
export interface DwollaAuthClientConfig {
  /** `DWOLLA_TOKEN_URL`, e.g. `https://api-sandbox.dwolla.com/token`. */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /**
   * `basic`: HTTP Basic `base64(id:secret)` (Dwolla's current docs); `body`: `client_id` and
   * `client_secret` form fields
   * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html ("Finish user
   * authorization")).
   */
  readonly clientAuth: 'basic' | 'body';
  /** Sends each attempt (tests pass a fake); `NodeHttpHandler` when absent. */
  readonly fetch?: DwollaFetch;
  readonly retry?: Partial<RetryPolicy>;
  readonly onRequest?: OnDwollaRequest;
  /** Counts Dwolla's throttles and failures per attempt (`DwollaThrottled`, `DwollaErrors`). */
  readonly metrics?: Metrics;
}

// https://developers.dwolla.com/guides/auth/authorization-code-flow.html ("Finish user
// authorization" > "Response parameters").
const tokenResponseSchema = z.object({
  access_token: z.string().check(z.minLength(1)),
  expires_in: z.number(),
  refresh_token: z.optional(z.string()),
  refresh_expires_in: z.optional(z.number()),
  scope: z.optional(z.string()),
  account_id: z.optional(z.string()),
});

const grantErrorSchema = z.object({
  error: z.string(),
  error_description: z.optional(z.string()),
});

/**
 * The token endpoint client: the three grants this system uses, written by hand because
 * neither Dwolla SDK offers the authorization-code and refresh grants with a configurable
 * token URL (README, "Dwolla client" decision).
 *
 * @example
 * ```ts
 * const auth = createDwollaAuthClient({ tokenUrl, clientId, clientSecret, clientAuth: 'basic' });
 * const tokens = await auth.exchangeAuthorizationCode({ code, redirectUri });
 * ```
 */
export function createDwollaAuthClient(config: DwollaAuthClientConfig): DwollaAuthApi {
  const transport = createDwollaTransport({
    policy: resolveRetryPolicy(config.retry),
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
    ...(config.onRequest === undefined ? {} : { onRequest: config.onRequest }),
    ...(config.metrics === undefined ? {} : { metrics: config.metrics }),
  });
  const path = new URL(config.tokenUrl).pathname;
  const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`, 'utf8').toString('base64');

  async function grant(
    fields: Record<string, string>,
    repeatable: boolean,
  ): Promise<DwollaTokenSet> {
    const form = new URLSearchParams();
    if (config.clientAuth === 'body') {
      form.set('client_id', config.clientId);
      form.set('client_secret', config.clientSecret);
    }
    for (const [name, value] of Object.entries(fields)) form.set(name, value);

    const response = await transport.send({
      method: 'POST',
      url: config.tokenUrl,
      path,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
        ...(config.clientAuth === 'basic' ? { Authorization: `Basic ${basic}` } : {}),
      },
      body: form.toString(),
      repeatable,
    });

    const json = parseJson(response.text);
    if (response.status >= 200 && response.status < 300) {
      const parsed = tokenResponseSchema.safeParse(json);
      if (!parsed.success)
        throw new DwollaResponseError('POST', path, describeIssues(parsed.error));
      return toTokenSet(parsed.data);
    }
    throw toGrantError(response.status, json, response.text, {
      retryable: response.retryable,
      attempts: response.attempts,
      requestId: response.headers.get('x-request-id') ?? undefined,
      path,
    });
  }

  return {
    exchangeAuthorizationCode({ code, redirectUri }) {
      // A code is single use and lives 60 s
      // (https://developers.dwolla.com/guides/auth/authorization-code-flow.html): a second attempt
      // could only fail, and would hide whether the first one succeeded.
      return grant({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }, false);
    },
    refresh(refreshToken) {
      // Re-using the last refresh token shortly after a successful exchange returns the newest
      // pair again (https://developers.dwolla.com/resources/oauth-refresh-strategies.html), so a
      // lost answer can be asked for again.
      return grant({ grant_type: 'refresh_token', refresh_token: refreshToken }, true);
    },
    clientCredentials() {
      return grant({ grant_type: 'client_credentials' }, true);
    },
  };
}

function toTokenSet(data: z.infer<typeof tokenResponseSchema>): DwollaTokenSet {
  return {
    accessToken: data.access_token,
    expiresIn: data.expires_in,
    ...(data.refresh_token === undefined ? {} : { refreshToken: data.refresh_token }),
    ...(data.refresh_expires_in === undefined ? {} : { refreshExpiresIn: data.refresh_expires_in }),
    ...(data.scope === undefined ? {} : { scope: data.scope }),
    ...(data.account_id === undefined ? {} : { accountId: data.account_id }),
  };
}

function toGrantError(
  status: number,
  json: unknown,
  text: string,
  context: { retryable: boolean; attempts: number; requestId: string | undefined; path: string },
): Error {
  const grantError = grantErrorSchema.safeParse(json);
  if (grantError.success && status < 500) {
    const { error, error_description: description } = grantError.data;
    // https://developers.dwolla.com/resources/oauth-refresh-strategies.html ("Refresh account
    // authorization" > "Invalid or expired refresh token response").
    if (error === 'access_denied' && description === 'Invalid refresh token.') {
      return new InvalidRefreshTokenError(status, description);
    }
    if (error === 'access_denied' && description === 'Expired refresh token.') {
      return new ExpiredRefreshTokenError(status, description);
    }
    return new InvalidGrantError(status, error, description);
  }
  const body = parseErrorBody(status, text);
  if (status < 500 && status !== 429) {
    // A token-endpoint 4xx is about the grant or the client credentials, never an access token:
    // keep it out of DwollaApiError so `isAccessTokenError` stays about resource calls.
    return new InvalidGrantError(status, body.code, body.message);
  }
  return new DwollaApiError(
    status,
    body.code,
    body.message,
    body.errors,
    context.requestId,
    'POST',
    context.path,
    { retryable: context.retryable, attempts: context.attempts },
  );
}
