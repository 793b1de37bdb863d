/**
 * Dwolla's hosts per environment, as Dwolla's current SDKs use them
 * (https://developers.dwolla.com/guides/auth/authorization-code-flow.html). Defaults only: every
 * URL is configuration (`DWOLLA_API_URL`, `DWOLLA_TOKEN_URL`, `DWOLLA_AUTHORIZE_URL`); the
 * reference documents' older `www.dwolla.com/oauth/v2/*` endpoints stay reachable by setting those
 * variables.
 *
 * @example
 * ```ts
 * const { apiUrl, tokenUrl } = DWOLLA_ENVIRONMENTS.sandbox;
 * ```
 */
export const DWOLLA_ENVIRONMENTS = Object.freeze({
  production: Object.freeze({
    apiUrl: 'https://api.dwolla.com',
    tokenUrl: 'https://api.dwolla.com/token',
    authorizeUrl: 'https://accounts.dwolla.com/auth',
  }),
  sandbox: Object.freeze({
    apiUrl: 'https://api-sandbox.dwolla.com',
    tokenUrl: 'https://api-sandbox.dwolla.com/token',
    authorizeUrl: 'https://accounts-sandbox.dwolla.com/auth',
  }),
});

/** `production` or `sandbox`. */
export type DwollaEnvironmentName = keyof typeof DWOLLA_ENVIRONMENTS;
