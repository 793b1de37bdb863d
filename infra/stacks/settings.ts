import * as z from 'zod';
import { TOKEN_VAULTS, type TokenVaultName } from '../../shared/config/runtime.js';
import { NOTIFICATION_RETRY_DELAYS_SECONDS } from '../definition.js';
import { DWOLLA_HOSTS } from '../local/config.js';
import { DeploymentSettingsError } from './errors.js';

/** Non-secret settings of one deployment, read from the CDK context. */
export interface DeploymentSettings {
  /**
   * The deployment's name, part of every name it creates (stacks, secrets, metrics), so that
   * stages live side by side in one account. Defaults to `dwollaEnvironment`.
   */
  readonly stage: string;
  readonly dwollaEnvironment: 'sandbox' | 'production';
  readonly dwollaApiUrl: string;
  readonly dwollaTokenUrl: string;
  readonly dwollaAuthorizeUrl: string;
  /** How the app authenticates at the token endpoint (https://developers.dwolla.com/docs/auth). */
  readonly dwollaClientAuth: 'basic' | 'body';
  /** `undefined` means "the API's own `/oauth/callback` URL". */
  readonly oauthRedirectUri: string | undefined;
  /** Where the OAuth callback may send the user back to, comma-separated. */
  readonly oauthReturnUrlAllowlist: string;
  readonly tokenRefreshWindowDays: number;
  /** When set, alarm notifications are emailed here. */
  readonly alarmEmail: string | undefined;
  /** Where token pairs live: one secret per account, or sealed in the table under the KMS key. */
  readonly tokenVault: TokenVaultName;
  /** Wait after each failed notification attempt, seconds (before jitter). */
  readonly notificationRetryDelaysSeconds: readonly number[];
}

/** The CDK context keys read by {@link readDeploymentSettings}, with their defaults. */
export const CONTEXT_KEYS = [
  'stage',
  'dwollaEnvironment',
  'dwollaClientAuth',
  'oauthRedirectUri',
  'oauthReturnUrlAllowlist',
  'tokenRefreshWindowDays',
  'alarmEmail',
  'tokenVault',
  'notificationRetryDelaysSeconds',
] as const;

/**
 * Keys that no longer do anything, refused rather than ignored: a deploy must never quietly
 * land somewhere else than its operator meant.
 */
const RETIRED_CONTEXT_KEYS = {
  secretNamePrefix:
    'no longer used: secret names are dwolla-serverless/<stage>/…; deploy another stage with -c stage=<name>',
} as const;

export type ContextKey = (typeof CONTEXT_KEYS)[number] | keyof typeof RETIRED_CONTEXT_KEYS;

const httpsUrl = z.url({ protocol: /^https$/ });

/**
 * Stage names: short (they prefix stack, secret and metric names), lower case, and `sandbox` /
 * `production` only for the Dwolla environment of that name, so `-c stage=production` alone can
 * never point a stage called production at Dwolla's sandbox, or the reverse.
 */
const stageSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,19}$/,
    'must be 1-20 characters: a-z, 0-9 and -, starting with a letter',
  )
  .optional();

const fields = z.object({
  stage: stageSchema,
  dwollaEnvironment: z.enum(['sandbox', 'production']).default('sandbox'),
  dwollaClientAuth: z.enum(['basic', 'body']).default('basic'),
  oauthRedirectUri: httpsUrl.optional(),
  oauthReturnUrlAllowlist: z
    .union([z.string(), z.array(httpsUrl)])
    .default('')
    .transform((value) => (Array.isArray(value) ? value.join(',') : value))
    .pipe(
      z.string().refine(
        (list) =>
          list
            .split(',')
            .map((entry) => entry.trim())
            .filter((entry) => entry.length > 0)
            .every((entry) => httpsUrl.safeParse(entry).success),
        'must be a comma-separated list of https URLs',
      ),
    ),
  // https://developers.dwolla.com/guides/auth/authorization-code-flow.html: refresh tokens live 60
  // days.
  tokenRefreshWindowDays: z.coerce.number().int().min(1).max(59).default(15),
  alarmEmail: z.email().optional(),
  tokenVault: z.enum(TOKEN_VAULTS).default('secrets-manager'),
  // The queue's maxReceiveCount fixes the number of attempts; SQS caps one wait at 12 hours.
  notificationRetryDelaysSeconds: z
    .union([z.string(), z.array(z.coerce.number())])
    .default(NOTIFICATION_RETRY_DELAYS_SECONDS.deployed.join(','))
    .transform((value) => (Array.isArray(value) ? value : value.split(',').map(Number)))
    .pipe(
      z
        .array(z.number().int().min(1).max(43_200))
        .length(NOTIFICATION_RETRY_DELAYS_SECONDS.deployed.length)
        .refine((delays) => delays[0]! <= 30, 'the first retry must come within 30 s')
        .refine(
          (delays) => delays.reduce((sum, delay) => sum + delay, 0) >= 86_400,
          'the retries must span at least 24 hours',
        ),
    ),
});

const schema = fields.superRefine((data, context) => {
  for (const environment of ['sandbox', 'production'] as const) {
    if (data.stage === environment && data.dwollaEnvironment !== environment) {
      context.addIssue({
        code: 'custom',
        path: ['stage'],
        message: `${environment} is the stage of dwollaEnvironment=${environment}; name this one otherwise`,
      });
    }
  }
});

/**
 * Reads the deployment settings from the CDK context, with defaults for a sandbox deployment.
 * Dwolla's URLs follow `dwollaEnvironment` (the hosts of `infra/local/config.ts`).
 * Throws a {@link DeploymentSettingsError} naming every invalid key.
 *
 * @example
 * ```ts
 * const settings = readDeploymentSettings((key) => app.node.tryGetContext(key));
 * ```
 */
export function readDeploymentSettings(
  getContext: (key: ContextKey) => unknown,
): DeploymentSettings {
  const raw = Object.fromEntries(
    CONTEXT_KEYS.map((key) => [key, emptyToUndefined(getContext(key))]),
  );
  const retired = Object.entries(RETIRED_CONTEXT_KEYS)
    .filter(([key]) => emptyToUndefined(getContext(key as ContextKey)) !== undefined)
    .map(([key, reason]) => `${key}: ${reason}`);
  const result = schema.safeParse(raw);
  if (!result.success || retired.length > 0) {
    throw new DeploymentSettingsError([
      ...retired,
      ...(result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    ]);
  }
  const hosts = DWOLLA_HOSTS[result.data.dwollaEnvironment];
  const data = result.data;
  return {
    stage: data.stage ?? data.dwollaEnvironment,
    dwollaEnvironment: data.dwollaEnvironment,
    dwollaClientAuth: data.dwollaClientAuth,
    oauthRedirectUri: data.oauthRedirectUri,
    oauthReturnUrlAllowlist: data.oauthReturnUrlAllowlist,
    tokenRefreshWindowDays: data.tokenRefreshWindowDays,
    alarmEmail: data.alarmEmail,
    tokenVault: data.tokenVault,
    notificationRetryDelaysSeconds: data.notificationRetryDelaysSeconds,
    dwollaApiUrl: hosts.apiUrl,
    dwollaTokenUrl: hosts.tokenUrl,
    dwollaAuthorizeUrl: hosts.authorizeUrl,
  };
}

function emptyToUndefined(value: unknown): unknown {
  return value === '' || value === null ? undefined : value;
}
