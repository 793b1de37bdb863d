import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import { SecretsManagerSecretReader } from '../adapters/secrets-manager-secret-reader.js';
import { DwollaTokenError } from '../dwolla/errors.js';
import { createDwollaAuthClient } from '../dwolla/index.js';
import type { DwollaAuthApi } from '../ports/dwolla-api.js';
import type { Metrics } from '../ports/observability.js';
import type { SecretStringReader } from '../ports/secret-reader.js';
import { AppCredentialsNotSetError } from './errors.js';

/** The application key and secret (https://developers.dwolla.com/docs/auth). */
export interface AppCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * The `clientId` the stack creates the secret with (`infra/stacks/stateful-stack.ts`): the real
 * key and secret are issued in the Dwolla dashboard and set after the stateful stack is deployed.
 */
export const APP_CREDENTIALS_PLACEHOLDER = 'set-me';

const appSecretSchema = z.object({
  clientId: z.string().check(z.minLength(1)),
  clientSecret: z.string().check(z.minLength(1)),
});

/** The app credentials, read on first use and kept; `invalidate` makes the next call read again. */
export interface AppCredentialsSource {
  (): Promise<AppCredentials>;
  invalidate(): void;
}

/**
 * Reads the app credentials secret (`DWOLLA_APP_SECRET_ID`, JSON `{clientId, clientSecret}`)
 * once per container. A failed read is retried on the next call, and so is the placeholder the
 * stack created the secret with: it throws {@link AppCredentialsNotSetError} and is never kept,
 * so a container started before an operator set the secret picks the real value up at once.
 *
 * @example
 * ```ts
 * const credentials = secretsManagerAppCredentials({ client: secretsManagerClient(), secretId });
 * const { clientId } = await credentials();
 * credentials.invalidate(); // Dwolla refused them: read the secret again next time
 * ```
 */
export function secretsManagerAppCredentials(options: {
  client: SecretsManagerClient;
  secretId: string;
}): AppCredentialsSource {
  return appCredentialsFrom({
    secrets: new SecretsManagerSecretReader(options.client),
    secretId: options.secretId,
  });
}

/**
 * The same source as {@link secretsManagerAppCredentials}, reading the secret through any
 * {@link SecretStringReader} (the Parameters and Secrets Lambda Extension, for a function that
 * needs no Secrets Manager client otherwise).
 *
 * @example
 * ```ts
 * const credentials = appCredentialsFrom({ secrets: new SecretsExtensionClient(), secretId });
 * ```
 */
export function appCredentialsFrom(options: {
  secrets: SecretStringReader;
  secretId: string;
}): AppCredentialsSource {
  const { secrets, secretId } = options;
  let loading: Promise<AppCredentials> | undefined;
  const read = () => {
    loading ??= secrets
      .getSecretString(secretId)
      .then((text) => {
        const credentials = appSecretSchema.parse(JSON.parse(text ?? ''));
        if (credentials.clientId === APP_CREDENTIALS_PLACEHOLDER) {
          throw new AppCredentialsNotSetError(secretId);
        }
        return credentials;
      })
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
    return loading;
  };
  return Object.assign(read, {
    invalidate() {
      loading = undefined;
    },
  });
}

/**
 * A {@link DwollaAuthApi} whose HTTP client is built on first use, once the app credentials
 * were read: entry files can build it at module scope without a top-level await. When the token
 * endpoint answers 401 (the key or secret is wrong, or was rotated in the Dwolla dashboard), the
 * client and the cached credentials are dropped, so the next call reads the secret again instead
 * of repeating the refused pair until the container is recycled.
 *
 * @example
 * ```ts
 * const auth = lazyDwollaAuth({ credentials, tokenUrl: config.DWOLLA_TOKEN_URL, clientAuth: 'basic' });
 * ```
 */
export function lazyDwollaAuth(options: {
  credentials: (() => Promise<AppCredentials>) & { invalidate?: () => void };
  tokenUrl: string;
  clientAuth: 'basic' | 'body';
  /** Counts the token endpoint's throttles and failures (`DwollaThrottled`, `DwollaErrors`). */
  metrics?: Metrics;
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
          ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
        }),
      )
      .catch((error: unknown) => {
        client = undefined;
        throw error;
      });
    return client;
  };
  async function grant<T>(call: (auth: DwollaAuthApi) => Promise<T>): Promise<T> {
    try {
      return await call(await get());
    } catch (error) {
      if (error instanceof DwollaTokenError && error.status === 401) {
        client = undefined;
        options.credentials.invalidate?.();
      }
      throw error;
    }
  }
  return {
    exchangeAuthorizationCode: (input) => grant((auth) => auth.exchangeAuthorizationCode(input)),
    refresh: (refreshToken) => grant((auth) => auth.refresh(refreshToken)),
    clientCredentials: () => grant((auth) => auth.clientCredentials()),
  };
}
