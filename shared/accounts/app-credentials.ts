import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import { createDwollaAuthClient } from '../dwolla/index.js';
import type { DwollaAuthApi } from '../ports/dwolla-api.js';

/** The application key and secret (dwolla-docs/001 "Application authorization"). */
export interface AppCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

const appSecretSchema = z.object({
  clientId: z.string().check(z.minLength(1)),
  clientSecret: z.string().check(z.minLength(1)),
});

/**
 * Reads the app credentials secret (`DWOLLA_APP_SECRET_ID`, JSON `{clientId, clientSecret}`)
 * once per container; a failed read is retried on the next call.
 *
 * @example
 * ```ts
 * const credentials = secretsManagerAppCredentials({ client: secretsManagerClient(), secretId });
 * const { clientId } = await credentials();
 * ```
 */
export function secretsManagerAppCredentials(options: {
  client: SecretsManagerClient;
  secretId: string;
}): () => Promise<AppCredentials> {
  let loading: Promise<AppCredentials> | undefined;
  return () => {
    loading ??= options.client
      .send(new GetSecretValueCommand({ SecretId: options.secretId }))
      .then(({ SecretString }) => appSecretSchema.parse(JSON.parse(SecretString ?? '')))
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
    return loading;
  };
}

/**
 * A {@link DwollaAuthApi} whose HTTP client is built on first use, once the app credentials
 * were read: entry files can build it at module scope without a top-level await.
 *
 * @example
 * ```ts
 * const auth = lazyDwollaAuth({ credentials, tokenUrl: config.DWOLLA_TOKEN_URL, clientAuth: 'basic' });
 * ```
 */
export function lazyDwollaAuth(options: {
  credentials: () => Promise<AppCredentials>;
  tokenUrl: string;
  clientAuth: 'basic' | 'body';
}): DwollaAuthApi {
  let client: Promise<DwollaAuthApi> | undefined;
  const get = () => {
    client ??= options
      .credentials()
      .then(({ clientId, clientSecret }) =>
        createDwollaAuthClient({
          tokenUrl: options.tokenUrl,
          clientId,
          clientSecret,
          clientAuth: options.clientAuth,
        }),
      )
      .catch((error: unknown) => {
        client = undefined;
        throw error;
      });
    return client;
  };
  return {
    exchangeAuthorizationCode: async (input) => (await get()).exchangeAuthorizationCode(input),
    refresh: async (refreshToken) => (await get()).refresh(refreshToken),
    clientCredentials: async () => (await get()).clientCredentials(),
  };
}
