/**
 * The Dwolla HTTP client: implements `DwollaApi` and `DwollaAuthApi` from
 * `shared/ports/dwolla-api.ts`. Handlers build it once at module scope:
 *
 * @example
 * ```ts
 * const dwolla = createDwollaClient({ apiUrl: config.DWOLLA_API_URL });
 * const auth = createDwollaAuthClient({ tokenUrl, clientId, clientSecret, clientAuth: 'basic' });
 * ```
 */
export { createDwollaClient, type DwollaClientConfig } from './api-client.js';
export { createDwollaAuthClient, type DwollaAuthClientConfig } from './auth-client.js';
export { DWOLLA_ENVIRONMENTS, type DwollaEnvironmentName } from './environments.js';
export {
  DwollaApiError,
  DwollaError,
  type DwollaFieldError,
  DwollaNetworkError,
  DwollaResponseError,
  DwollaTokenError,
  ExpiredRefreshTokenError,
  InvalidGrantError,
  InvalidRefreshTokenError,
  isAccessTokenError,
} from './errors.js';
export {
  DWOLLA_ERRORS_METRIC,
  DWOLLA_THROTTLED_METRIC,
  type DwollaRequestInfo,
  type OnDwollaRequest,
} from './http.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy, resolveRetryPolicy } from './retry.js';
