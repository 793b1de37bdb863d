import { z } from 'zod';
import { ENV } from './env-names.js';

const url = z.url({ protocol: /^https?$/ });
const nonEmpty = z.string().min(1);

/**
 * Building blocks of the function configuration schemas: each handler picks the variables it
 * needs, so a function is never started with a variable it does not use.
 *
 * @example
 * ```ts
 * const config = loadConfig(z.object({ ...tableConfig, ...dwollaConfig }));
 * ```
 */
export const tableConfig = { [ENV.tableName]: nonEmpty } as const;
export const topicConfig = { [ENV.eventsTopicArn]: nonEmpty } as const;
export const tokenRefreshQueueConfig = { [ENV.tokenRefreshQueueUrl]: url } as const;
export const webhookSecretConfig = { [ENV.webhookSecretId]: nonEmpty } as const;
export const dwollaConfig = {
  [ENV.dwollaApiUrl]: url,
  [ENV.dwollaTokenUrl]: url,
  [ENV.dwollaClientAuth]: z.enum(['basic', 'body']).default('basic'),
  [ENV.dwollaAppSecretId]: nonEmpty,
} as const;
export const accountSecretsConfig = {
  [ENV.accountSecretPrefix]: nonEmpty,
  // Unset locally: the local Secrets Manager has no KMS.
  [ENV.accountSecretKmsKeyId]: nonEmpty.optional(),
} as const;
export const accountTokensConfig = {
  ...dwollaConfig,
  ...accountSecretsConfig,
} as const;
export const oauthConfig = {
  [ENV.dwollaAuthorizeUrl]: url,
  [ENV.oauthRedirectUri]: url,
  [ENV.oauthReturnUrlAllowlist]: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0),
    ),
} as const;
export const tokenRefreshWindowConfig = {
  [ENV.tokenRefreshWindowDays]: z.coerce.number().int().min(1).max(59).default(15),
} as const;
export const notificationsQueueConfig = { [ENV.notificationsQueueUrl]: url } as const;
export const endpointSecretsConfig = { [ENV.endpointSecretPrefix]: nonEmpty } as const;
/** Set to `true` by the local runner only: endpoints on `http://127.0.0.1` / `localhost`. */
export const loopbackEndpointsConfig = {
  [ENV.webhookEndpointsAllowLoopback]: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
} as const;
export const notificationRetryConfig = {
  [ENV.notificationRetryDelays]: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be comma-separated whole seconds')
    .transform((value) => value.split(',').map(Number)),
} as const;
