import * as z from 'zod';
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
/**
 * Where token pairs live: one Secrets Manager secret per account (the default), or the table
 * under envelope encryption with the KMS key `TOKEN_KMS_KEY_ID` (README "Performance": the
 * cheaper vault at scale).
 */
export const TOKEN_VAULTS = ['secrets-manager', 'kms-table'] as const;

export const accountTokensConfig = {
  ...dwollaConfig,
  [ENV.accountSecretPrefix]: nonEmpty,
  [ENV.tokenVault]: z.enum(TOKEN_VAULTS).default('secrets-manager'),
  [ENV.tokenKmsKeyId]: nonEmpty.optional(),
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
