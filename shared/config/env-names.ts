/**
 * Names of the environment variables a Lambda function reads at init.
 * Shared by `infra/` (which sets them) and `functions/` (which read them), so the two cannot drift.
 *
 * @example
 * ```ts
 * environment: { [ENV.tableName]: table.tableName }
 * ```
 */
export const ENV = {
  tableName: 'TABLE_NAME',
  eventsTopicArn: 'EVENTS_TOPIC_ARN',
  tokenRefreshQueueUrl: 'TOKEN_REFRESH_QUEUE_URL',
  dwollaApiUrl: 'DWOLLA_API_URL',
  dwollaTokenUrl: 'DWOLLA_TOKEN_URL',
  dwollaAuthorizeUrl: 'DWOLLA_AUTHORIZE_URL',
  dwollaClientAuth: 'DWOLLA_CLIENT_AUTH',
  dwollaAppSecretId: 'DWOLLA_APP_SECRET_ID',
  webhookSecretId: 'DWOLLA_WEBHOOK_SECRET_ID',
  accountSecretPrefix: 'ACCOUNT_SECRET_PREFIX',
  /** The customer-managed KMS key new account token secrets are created under (AWS only). */
  accountSecretKmsKeyId: 'ACCOUNT_SECRET_KMS_KEY_ID',
  oauthRedirectUri: 'OAUTH_REDIRECT_URI',
  oauthReturnUrlAllowlist: 'OAUTH_RETURN_URL_ALLOWLIST',
  tokenRefreshWindowDays: 'TOKEN_REFRESH_WINDOW_DAYS',
  notificationsQueueUrl: 'NOTIFICATIONS_QUEUE_URL',
  endpointSecretPrefix: 'WEBHOOK_ENDPOINT_SECRET_PREFIX',
  notificationRetryDelays: 'NOTIFICATION_RETRY_DELAYS_SECONDS',
  webhookEndpointsAllowLoopback: 'WEBHOOK_ENDPOINTS_ALLOW_LOOPBACK',
  tokenVault: 'TOKEN_VAULT',
  tokenKmsKeyId: 'TOKEN_KMS_KEY_ID',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];
