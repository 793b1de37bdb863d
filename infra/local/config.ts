import * as z from 'zod';
import { loadConfig } from '../../shared/config/load.js';
import { TOKEN_VAULTS } from '../../shared/config/runtime.js';

/** Dwolla's public hosts (https://developers.dwolla.com/api-reference). */
export const DWOLLA_HOSTS = {
  sandbox: {
    apiUrl: 'https://api-sandbox.dwolla.com',
    authorizeUrl: 'https://accounts-sandbox.dwolla.com/auth',
    tokenUrl: 'https://api-sandbox.dwolla.com/token',
  },
  production: {
    apiUrl: 'https://api.dwolla.com',
    authorizeUrl: 'https://accounts.dwolla.com/auth',
    tokenUrl: 'https://api.dwolla.com/token',
  },
} as const;

const optionalUrl = z.url({ protocol: /^https?$/ }).optional();

const schema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DWOLLA_ENVIRONMENT: z.enum(['simulator', 'sandbox', 'production']).default('simulator'),
    DWOLLA_API_URL: optionalUrl,
    DWOLLA_AUTHORIZE_URL: optionalUrl,
    DWOLLA_TOKEN_URL: optionalUrl,
    DWOLLA_CLIENT_AUTH: z.enum(['basic', 'body']).default('basic'),
    DWOLLA_CLIENT_ID: z.string().min(1).optional(),
    DWOLLA_CLIENT_SECRET: z.string().min(1).optional(),
    DWOLLA_WEBHOOK_SECRET: z.string().min(8).optional(),
    APP_API_KEY: z.string().min(16).optional(),
    OAUTH_REDIRECT_URI: optionalUrl,
    OAUTH_RETURN_URL_ALLOWLIST: z.string().optional(),
    TOKEN_REFRESH_WINDOW_DAYS: z.coerce.number().int().min(1).max(59).default(15),
    TOKEN_VAULT: z.enum(TOKEN_VAULTS).default('secrets-manager'),
  })
  .superRefine((env, ctx) => {
    if (env.DWOLLA_ENVIRONMENT === 'simulator') return;
    for (const name of [
      'DWOLLA_CLIENT_ID',
      'DWOLLA_CLIENT_SECRET',
      'DWOLLA_WEBHOOK_SECRET',
    ] as const) {
      if (!env[name]) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `is required when DWOLLA_ENVIRONMENT=${env.DWOLLA_ENVIRONMENT}`,
        });
      }
    }
  });

/** The local stack's configuration, as read from the environment by `npm start`. */
export type LocalConfig = z.infer<typeof schema>;

/**
 * Reads and validates the local stack's environment.
 * Throws a `ConfigError` naming the variable when a value is missing or invalid.
 *
 * @example
 * ```ts
 * const config = loadLocalConfig(process.env);
 * ```
 */
export function loadLocalConfig(
  env: Record<string, string | undefined> = process.env,
): LocalConfig {
  return loadConfig(schema, env);
}
