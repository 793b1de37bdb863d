import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient, secretsManagerClient } from '../adapters/aws-clients.js';
import { kmsClient } from '../adapters/kms-client.js';
import { ConfigError } from '../config/errors.js';
import type { TokenVaultName } from '../config/runtime.js';
import { metrics } from '../observability/metrics.js';
import type { DwollaAuthApi } from '../ports/dwolla-api.js';
import type { AccountTokens, TokenSecretLifecycle, TokenVault } from '../ports/tokens.js';
import { createAccountTokens } from './account-tokens.js';
import { lazyDwollaAuth, secretsManagerAppCredentials } from './app-credentials.js';
import { DynamoDbAccountRefreshStore } from './dynamodb-account-refresh-store.js';
import { DynamoDbAccountStore } from './dynamodb-account-store.js';
import { DynamoDbKmsTokenVault } from './dynamodb-kms-token-vault.js';
import { DynamoDbRefreshLease } from './dynamodb-refresh-lease.js';
import type { AccountRefreshStore } from './ports.js';
import { SecretsManagerTokenPairs } from './secrets-manager-token-pairs.js';
import { SecretsManagerTokenVault } from './secrets-manager-token-vault.js';
import { createTokenRefresher, type TokenRefresher } from './token-refresher.js';

/**
 * The environment an entry file passes in (names from `shared/config/env-names.ts`, parsed with
 * `tableConfig` and `accountTokensConfig` of `shared/config/runtime.ts`).
 */
export interface AwsAccountTokensConfig extends AwsTokenVaultConfig {
  readonly DWOLLA_TOKEN_URL: string;
  readonly DWOLLA_CLIENT_AUTH: 'basic' | 'body';
  readonly DWOLLA_APP_SECRET_ID: string;
  readonly TOKEN_REFRESH_WINDOW_DAYS?: number;
}

/** What choosing and building the token vault reads (`accountSecretsConfig` and the table). */
export interface AwsTokenVaultConfig {
  readonly TABLE_NAME: string;
  readonly ACCOUNT_SECRET_PREFIX: string;
  readonly ACCOUNT_SECRET_KMS_KEY_ID?: string | undefined;
  readonly TOKEN_VAULT?: TokenVaultName;
  readonly TOKEN_KMS_KEY_ID?: string | undefined;
}

/** SDK clients to reuse (one per container); built with `shared/adapters/aws-clients.ts` otherwise. */
export interface AwsClients {
  readonly ddb?: DynamoDBDocumentClient;
  readonly secretsManager?: SecretsManagerClient;
  /** Replaces the token-endpoint client built from the app credentials secret. */
  readonly auth?: DwollaAuthApi;
}

/** The AWS adapters of the token lifecycle, wired once. */
export interface AwsTokenLifecycle<
  Accounts extends AccountRefreshStore = DynamoDbAccountStore,
  Vault extends TokenVault = TokenVault & TokenSecretLifecycle,
> {
  readonly auth: DwollaAuthApi;
  readonly vault: Vault;
  readonly accounts: Accounts;
  readonly lease: DynamoDbRefreshLease;
  readonly refresher: TokenRefresher;
}

/**
 * Builds the Secrets Manager vault, the DynamoDB account store and lease, the token-endpoint
 * client (app credentials read lazily from `DWOLLA_APP_SECRET_ID`) and the refresher.
 *
 * @example
 * ```ts
 * const { refresher } = awsTokenLifecycle(config);
 * ```
 */
export function awsTokenLifecycle(
  config: AwsAccountTokensConfig,
  clients: AwsClients = {},
): AwsTokenLifecycle {
  const ddb = clients.ddb ?? documentClient();
  const secretsManager = clients.secretsManager ?? secretsManagerClient();
  return wireTokenLifecycle(config, clients.auth ?? appTokenAuth(config, secretsManager), {
    accounts: new DynamoDbAccountStore({ client: ddb, tableName: config.TABLE_NAME }),
    vault: awsTokenVault(config, { ddb, secretsManager }),
    lease: new DynamoDbRefreshLease({ client: ddb, tableName: config.TABLE_NAME }),
  });
}

/** The token endpoint, with the app credentials read lazily from `DWOLLA_APP_SECRET_ID`. */
function appTokenAuth(
  config: AwsAccountTokensConfig,
  secretsManager: SecretsManagerClient,
): DwollaAuthApi {
  return lazyDwollaAuth({
    credentials: secretsManagerAppCredentials({
      client: secretsManager,
      secretId: config.DWOLLA_APP_SECRET_ID,
    }),
    tokenUrl: config.DWOLLA_TOKEN_URL,
    clientAuth: config.DWOLLA_CLIENT_AUTH,
    metrics,
  });
}

/** The refresher around the adapters the caller built. */
function wireTokenLifecycle<Accounts extends AccountRefreshStore, Vault extends TokenVault>(
  config: AwsAccountTokensConfig,
  auth: DwollaAuthApi,
  adapters: { accounts: Accounts; vault: Vault; lease: DynamoDbRefreshLease },
): AwsTokenLifecycle<Accounts, Vault> {
  const refresher = createTokenRefresher({
    ...adapters,
    auth,
    ...(config.TOKEN_REFRESH_WINDOW_DAYS === undefined
      ? {}
      : { refreshWindowDays: config.TOKEN_REFRESH_WINDOW_DAYS }),
  });
  return { ...adapters, auth, refresher };
}

/**
 * The vault `TOKEN_VAULT` names: Secrets Manager (default), or the table under the KMS key
 * `TOKEN_KMS_KEY_ID`, which must then be set.
 *
 * @example
 * ```ts
 * const vault = awsTokenVault(config, { ddb: documentClient(), secretsManager: secretsManagerClient() });
 * ```
 */
export function awsTokenVault(
  config: AwsTokenVaultConfig,
  clients: { ddb: DynamoDBDocumentClient; secretsManager: SecretsManagerClient },
): TokenVault & TokenSecretLifecycle {
  return chooseTokenVault(config, clients, SecretsManagerTokenVault);
}

/**
 * {@link awsTokenVault} with the Secrets Manager adapter the caller needs:
 * {@link SecretsManagerTokenPairs} when secrets are never retired, so that class alone is bundled.
 */
function chooseTokenVault<Vault extends TokenVault>(
  config: AwsTokenVaultConfig,
  clients: { ddb: DynamoDBDocumentClient; secretsManager: SecretsManagerClient },
  SecretsManagerVault: new (
    options: ConstructorParameters<typeof SecretsManagerTokenPairs>[0],
  ) => Vault,
): Vault | DynamoDbKmsTokenVault {
  // The Lambda bundling replaces `process.env.DWOLLA_BUNDLED_TOKEN_VAULT` with the deployed vault
  // (esbuild `define`, `infra/constructs/dwolla-function.ts`): the condition below then folds to
  // a constant and the other vault's branch, with its SDK client, is dropped from the bundle.
  // Run from sources it is unset and TOKEN_VAULT alone decides.
  if (
    process.env.DWOLLA_BUNDLED_TOKEN_VAULT !== 'secrets-manager' &&
    config.TOKEN_VAULT === 'kms-table'
  ) {
    if (!config.TOKEN_KMS_KEY_ID) {
      throw new ConfigError(['TOKEN_KMS_KEY_ID: required when TOKEN_VAULT is kms-table']);
    }
    return new DynamoDbKmsTokenVault({
      ddb: clients.ddb,
      kms: kmsClient(),
      tableName: config.TABLE_NAME,
      keyId: config.TOKEN_KMS_KEY_ID,
    });
  }
  if (config.TOKEN_VAULT === 'kms-table') {
    throw new ConfigError([
      'TOKEN_VAULT: kms-table, but this bundle was built for secrets-manager',
    ]);
  }
  return new SecretsManagerVault({
    client: clients.secretsManager,
    prefix: config.ACCOUNT_SECRET_PREFIX,
    ...(config.ACCOUNT_SECRET_KMS_KEY_ID ? { kmsKeyId: config.ACCOUNT_SECRET_KMS_KEY_ID } : {}),
  });
}

/**
 * {@link AccountTokens} for an entry file, in one line: Secrets Manager vault, DynamoDB metadata
 * and lease, token endpoint from the app credentials secret. Build it at module scope so the
 * access-token cache lives as long as the container.
 *
 * @example
 * ```ts
 * const config = loadConfig(z.object({ ...tableConfig, ...accountTokensConfig }));
 * const tokens = awsAccountTokens(config);
 * ```
 */
export function awsAccountTokens(
  config: AwsAccountTokensConfig,
  clients: AwsClients = {},
): AccountTokens {
  const ddb = clients.ddb ?? documentClient();
  const secretsManager = clients.secretsManager ?? secretsManagerClient();
  // Only what using tokens needs of the account store and the vault, so that entry files using
  // tokens carry no connect, disconnect, scheduling or secret-retiring code.
  const lifecycle = wireTokenLifecycle(
    config,
    clients.auth ?? appTokenAuth(config, secretsManager),
    {
      accounts: new DynamoDbAccountRefreshStore({ client: ddb, tableName: config.TABLE_NAME }),
      vault: chooseTokenVault(config, { ddb, secretsManager }, SecretsManagerTokenPairs),
      lease: new DynamoDbRefreshLease({ client: ddb, tableName: config.TABLE_NAME }),
    },
  );
  return createAccountTokens(lifecycle);
}
