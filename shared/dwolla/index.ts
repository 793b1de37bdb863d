/**
 * The Dwolla HTTP client: implements `DwollaApi` and `DwollaAuthApi` from
 * `shared/ports/dwolla-api.ts`. Handlers build it once at module scope:
 *
 * @example
 * ```ts
 * const dwolla = buildDwollaClient({ apiUrl: config.DWOLLA_API_URL }, { getTransfer });
 * const auth = createDwollaAuthClient({ tokenUrl, clientId, clientSecret, clientAuth: 'basic' });
 * ```
 */
export { createDwollaClient } from './api-client.js';
export { createDwollaAuthClient, type DwollaAuthClientConfig } from './auth-client.js';
export { getBillPayment } from './bill-payments.js';
export {
  buildDwollaClient,
  type DwollaClientConfig,
  type DwollaCore,
  type DwollaOperation,
} from './client-core.js';
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
export { listEvents } from './events.js';
export {
  DWOLLA_ERRORS_METRIC,
  DWOLLA_THROTTLED_METRIC,
  type DwollaRequestInfo,
  type OnDwollaRequest,
} from './http.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy, resolveRetryPolicy } from './retry.js';
export {
  cancelTransfer,
  createTransfer,
  getTransfer,
  getTransferFailure,
  searchTransfers,
} from './transfers.js';
export {
  createWebhookSubscription,
  listWebhookSubscriptions,
  updateWebhookSubscription,
} from './webhook-subscriptions.js';
