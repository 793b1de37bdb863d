/**
 * Authorizer settings shared by the HTTP API (`infra/`), the local gateway and the authorizer
 * function. A revoked or expired key must stop working within a minute, so an answer is cached
 * at most 60 s.
 *
 * @example
 * ```ts
 * const key = event.headers?.[AUTHORIZER.identityHeader];
 * ```
 */
export const AUTHORIZER = {
  identityHeader: 'x-api-key',
  resultsCacheTtlSeconds: 60,
} as const;
