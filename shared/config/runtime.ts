import * as z from 'zod/mini';
import { pure } from '../pure.js';
import { ENV } from './env-names.js';

const url = z.url({ protocol: /^https?$/ });
const nonEmpty = z.string().check(z.minLength(1));

/**
 * Building blocks of the function configuration schemas: each handler picks the variables it
 * needs, so a function is never started with a variable it does not use.
 *
 * @example
 * ```ts
 * const config = loadConfig(z.object({ ...tableConfig, ...dwollaConfig }));
 * ```
 */
export const tableConfig = /* @__PURE__ */ pure(() => ({ [ENV.tableName]: nonEmpty }) as const);
export const topicConfig = /* @__PURE__ */ pure(
  () => ({ [ENV.eventsTopicArn]: nonEmpty }) as const,
);
export const tokenRefreshQueueConfig = /* @__PURE__ */ pure(
  () => ({ [ENV.tokenRefreshQueueUrl]: url }) as const,
);
export const dwollaConfig = /* @__PURE__ */ pure(
  () =>
    ({
      [ENV.dwollaApiUrl]: url,
      [ENV.dwollaTokenUrl]: url,
      [ENV.dwollaClientAuth]: z._default(z.enum(['basic', 'body']), 'basic'),
      [ENV.dwollaAppSecretId]: nonEmpty,
    }) as const,
);
/**
 * Where token pairs live: one Secrets Manager secret per account (the default), or the table
 * under envelope encryption with the KMS key `TOKEN_KMS_KEY_ID` (README "Performance": the
 * cheaper vault at scale).
 */
export const TOKEN_VAULTS = ['secrets-manager', 'kms-table'] as const;

/** One of {@link TOKEN_VAULTS}. */
export type TokenVaultName = (typeof TOKEN_VAULTS)[number];

export const accountSecretsConfig = /* @__PURE__ */ pure(
  () =>
    ({
      [ENV.accountSecretPrefix]: nonEmpty,
      [ENV.tokenVault]: z._default(z.enum(TOKEN_VAULTS), 'secrets-manager'),
      [ENV.tokenKmsKeyId]: z.optional(nonEmpty),
    }) as const,
);
/** The key new token secrets are created under: given only to functions that write them. */
const accountSecretWriteConfig = /* @__PURE__ */ pure(
  () =>
    ({
      // Unset locally: the local Secrets Manager has no KMS.
      [ENV.accountSecretKmsKeyId]: z.optional(nonEmpty),
    }) as const,
);
export const accountTokensConfig = /* @__PURE__ */ pure(
  () =>
    ({
      ...dwollaConfig,
      ...accountSecretsConfig,
      ...accountSecretWriteConfig,
    }) as const,
);
export const oauthConfig = /* @__PURE__ */ pure(
  () =>
    ({
      [ENV.dwollaAuthorizeUrl]: url,
      [ENV.oauthRedirectUri]: url,
      [ENV.oauthReturnUrlAllowlist]: z.pipe(
        z._default(z.string(), ''),
        z.transform((value: string) =>
          value
            .split(',')
            .map((entry) => entry.trim())
            .filter((entry) => entry.length > 0),
        ),
      ),
    }) as const,
);
export const tokenRefreshWindowConfig = /* @__PURE__ */ pure(
  () =>
    ({
      // `Number()` on the variable's string is what `z.coerce.number()` does, with the same
      // answers and messages, without bundling zod's coerce module into every token user.
      [ENV.tokenRefreshWindowDays]: z._default(
        z.pipe(z.pipe(z.string(), z.transform(Number)), z.int().check(z.minimum(1), z.maximum(59))),
        15,
      ),
    }) as const,
);
export const notificationsQueueConfig = /* @__PURE__ */ pure(
  () => ({ [ENV.notificationsQueueUrl]: url }) as const,
);
export const endpointSecretsConfig = /* @__PURE__ */ pure(
  () => ({ [ENV.endpointSecretPrefix]: nonEmpty }) as const,
);
/** Set to `true` by the local runner only: endpoints on `http://127.0.0.1` / `localhost`. */
export const loopbackEndpointsConfig = /* @__PURE__ */ pure(
  () =>
    ({
      [ENV.webhookEndpointsAllowLoopback]: z.pipe(
        z._default(z.enum(['true', 'false']), 'false'),
        z.transform((value: 'true' | 'false') => value === 'true'),
      ),
    }) as const,
);
export const notificationRetryConfig = /* @__PURE__ */ pure(
  () =>
    ({
      [ENV.notificationRetryDelays]: z.pipe(
        z.string().check(z.regex(/^\d+(,\d+)*$/, 'must be comma-separated whole seconds')),
        z.transform((value: string) => value.split(',').map(Number)),
      ),
    }) as const,
);
