/**
 * OAuth account connect and the token lifecycle. Other modules need only
 * `awsAccountTokens` (entry files) or `createAccountTokens` / `createAppTokens`
 * (with their own adapters), and the errors.
 */
export { cachedAccountOwners } from './account-owners.js';
export { type AccountTokensDeps, createAccountTokens } from './account-tokens.js';
export {
  type AppCredentials,
  lazyDwollaAuth,
  secretsManagerAppCredentials,
} from './app-credentials.js';
export { createAppTokens } from './app-tokens.js';
export {
  type AwsAccountTokensConfig,
  type AwsClients,
  type AwsTokenLifecycle,
  awsAccountTokens,
  awsTokenLifecycle,
} from './aws.js';
export { DynamoDbAccountRefreshStore } from './dynamodb-account-refresh-store.js';
export { DynamoDbAccountStore } from './dynamodb-account-store.js';
export { DynamoDbOAuthStateStore } from './dynamodb-oauth-state-store.js';
export { DynamoDbRefreshLease } from './dynamodb-refresh-lease.js';
export * from './errors.js';
export { type AuthorizationOutcome, completeAuthorization } from './oauth-callback.js';
export { type AuthorizationStarted, hashState, startAuthorization } from './oauth-connect.js';
export type * from './ports.js';
export { ownerOf } from './ports.js';
export {
  DEFAULT_REFRESH_WINDOW_DAYS,
  refreshDueDate,
} from './refresh-schedule.js';
export { handleRefreshBatch, queueDueRefreshes } from './scheduled-refresh.js';
export { SecretsManagerTokenVault } from './secrets-manager-token-vault.js';
export { SqsRefreshQueue } from './sqs-refresh-queue.js';
export { createTokenRefresher, type TokenRefresher } from './token-refresher.js';
