import { isAccessTokenError } from '../dwolla/errors.js';
import { type Clock, systemClock } from '../ports/clock.js';
import type { DwollaAuthApi } from '../ports/dwolla-api.js';
import type { AppTokens } from '../ports/tokens.js';
import { ACCESS_TOKEN_MARGIN_MS } from './refresh-schedule.js';

interface CachedAppToken {
  readonly accessToken: string;
  readonly expiresAtMs: number;
}

/**
 * The {@link AppTokens} implementation: the application's client-credentials token
 * (https://developers.dwolla.com/docs/auth; 1 h, no refresh token), cached per container
 * until 60 s before it expires, fetched once for concurrent callers, and renewed and retried
 * once when a call is answered 401.
 *
 * @example
 * ```ts
 * const appTokens = createAppTokens({ auth });
 * const page = await appTokens.withAppToken((token) => dwolla.listEvents(token, { limit: 50, offset: 0 }));
 * ```
 */
export function createAppTokens(deps: { auth: DwollaAuthApi; clock?: Clock }): AppTokens {
  const clock = deps.clock ?? systemClock;
  let cached: CachedAppToken | undefined;
  let fetching: Promise<string> | undefined;

  function fetchToken(): Promise<string> {
    fetching ??= (async () => {
      const requestedAt = clock.now().getTime();
      const tokens = await deps.auth.clientCredentials();
      cached = {
        accessToken: tokens.accessToken,
        expiresAtMs: requestedAt + tokens.expiresIn * 1000,
      };
      return tokens.accessToken;
    })().finally(() => {
      fetching = undefined;
    });
    return fetching;
  }

  function currentToken(): Promise<string> {
    if (cached && cached.expiresAtMs - clock.now().getTime() > ACCESS_TOKEN_MARGIN_MS) {
      return Promise.resolve(cached.accessToken);
    }
    return fetchToken();
  }

  return {
    async withAppToken(call) {
      const token = await currentToken();
      try {
        return await call(token);
      } catch (error) {
        if (!isAccessTokenError(error)) throw error;
        if (cached?.accessToken === token) cached = undefined;
        return call(await currentToken());
      }
    },
  };
}
