import * as z from 'zod/mini';
import { ENV } from './env-names.js';

const url = z.url({ protocol: /^https?$/ });
const nonEmpty = z.string().check(z.minLength(1));

/**
 * Builds one block of variables. esbuild cannot tell that an object with computed keys
 * (`[ENV.x]`) or a `.check()` call is free of side effects, so a block written at module scope
 * would stay in every bundle importing this module, used or not (with the schemas it pulls in,
 * such as all of `z.coerce`). Declared side-effect free, a block no entry file reads is dropped.
 */
/* @__NO_SIDE_EFFECTS__ */
function block<T>(build: () => T): T {
  return build();
}

/**
 * Building blocks of the function configuration schemas: each handler picks the variables it
 * needs, so a function is never started with a variable it does not use.
 *
 * @example
 * ```ts
 * const config = loadConfig(z.object({ ...tableConfig, ...dwollaConfig }));
 * ```
 */
export const tableConfig = block(() => ({ [ENV.tableName]: nonEmpty }) as const);
export const topicConfig = block(() => ({ [ENV.eventsTopicArn]: nonEmpty }) as const);
export const tokenRefreshQueueConfig = block(() => ({ [ENV.tokenRefreshQueueUrl]: url }) as const);
export const dwollaConfig = block(
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

export const accountSecretsConfig = block(
  () =>
    ({
      [ENV.accountSecretPrefix]: nonEmpty,
      [ENV.tokenVault]: z._default(z.enum(TOKEN_VAULTS), 'secrets-manager'),
      [ENV.tokenKmsKeyId]: z.optional(nonEmpty),
    }) as const,
);
/** The key new token secrets are created under: given only to functions that write them. */
const accountSecretWriteConfig = block(
  () =>
    ({
      // Unset locally: the local Secrets Manager has no KMS.
      [ENV.accountSecretKmsKeyId]: z.optional(nonEmpty),
    }) as const,
);
export const accountTokensConfig = block(
  () =>
    ({
      ...dwollaConfig,
      ...accountSecretsConfig,
      ...accountSecretWriteConfig,
    }) as const,
);
export const oauthConfig = block(
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
export const tokenRefreshWindowConfig = block(
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
export const notificationsQueueConfig = block(
  () => ({ [ENV.notificationsQueueUrl]: url }) as const,
);
export const endpointSecretsConfig = block(
  () => ({ [ENV.endpointSecretPrefix]: nonEmpty }) as const,
);
/** Set to `true` by the local runner only: endpoints on `http://127.0.0.1` / `localhost`. */
export const loopbackEndpointsConfig = block(
  () =>
    ({
      [ENV.webhookEndpointsAllowLoopback]: z.pipe(
        z._default(z.enum(['true', 'false']), 'false'),
        z.transform((value: 'true' | 'false') => value === 'true'),
      ),
    }) as const,
);
export const notificationRetryConfig = block(
  () =>
    ({
      [ENV.notificationRetryDelays]: z.pipe(
        z.string().check(z.regex(/^\d+(,\d+)*$/, 'must be comma-separated whole seconds')),
        z.transform((value: string) => value.split(',').map(Number)),
      ),
    }) as const,
);
