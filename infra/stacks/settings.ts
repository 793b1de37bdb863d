import * as z from 'zod';
import { DWOLLA_HOSTS } from '../local/config.js';
import { DeploymentSettingsError } from './errors.js';

/** Non-secret settings of one deployment, read from the CDK context. */
export interface DeploymentSettings {
  readonly dwollaEnvironment: 'sandbox' | 'production';
  readonly dwollaApiUrl: string;
  readonly dwollaTokenUrl: string;
  readonly dwollaAuthorizeUrl: string;
  /** How the app authenticates at the token endpoint (DWOLLA-FACTS.md, "Hosts and token endpoints"). */
  readonly dwollaClientAuth: 'basic' | 'body';
  /** `undefined` means "the API's own `/oauth/callback` URL". */
  readonly oauthRedirectUri: string | undefined;
  /** Where the OAuth callback may send the user back to, comma-separated. */
  readonly oauthReturnUrlAllowlist: string;
  readonly tokenRefreshWindowDays: number;
  /** When set, alarm notifications are emailed here. */
  readonly alarmEmail: string | undefined;
  /** Prefix of every Secrets Manager name, e.g. `dwolla-serverless/dwolla-app`. */
  readonly secretNamePrefix: string;
}

/** The CDK context keys read by {@link readDeploymentSettings}, with their defaults. */
export const CONTEXT_KEYS = [
  'dwollaEnvironment',
  'dwollaClientAuth',
  'oauthRedirectUri',
  'oauthReturnUrlAllowlist',
  'tokenRefreshWindowDays',
  'alarmEmail',
  'secretNamePrefix',
] as const;

export type ContextKey = (typeof CONTEXT_KEYS)[number];

const httpsUrl = z.url({ protocol: /^https$/ });

const schema = z.object({
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
  // DWOLLA-FACTS.md, "Hosts and token endpoints": refresh tokens live 60 days.
  tokenRefreshWindowDays: z.coerce.number().int().min(1).max(59).default(15),
  alarmEmail: z.email().optional(),
  secretNamePrefix: z
    .string()
    .regex(/^[A-Za-z0-9/_+=.@-]+$/, 'must be a valid Secrets Manager name prefix')
    .default('dwolla-serverless'),
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
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new DeploymentSettingsError(
      result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const hosts = DWOLLA_HOSTS[result.data.dwollaEnvironment];
  const data = result.data;
  return {
    dwollaEnvironment: data.dwollaEnvironment,
    dwollaClientAuth: data.dwollaClientAuth,
    oauthRedirectUri: data.oauthRedirectUri,
    oauthReturnUrlAllowlist: data.oauthReturnUrlAllowlist,
    tokenRefreshWindowDays: data.tokenRefreshWindowDays,
    alarmEmail: data.alarmEmail,
    secretNamePrefix: data.secretNamePrefix,
    dwollaApiUrl: hosts.apiUrl,
    dwollaTokenUrl: hosts.tokenUrl,
    dwollaAuthorizeUrl: hosts.authorizeUrl,
  };
}

function emptyToUndefined(value: unknown): unknown {
  return value === '' || value === null ? undefined : value;
}
