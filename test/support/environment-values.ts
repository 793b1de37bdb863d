/** The values the infra's function environments are derived from, shaped like a deployment's. */

import type { EnvironmentValues } from '../../infra/function-environment.js';

/**
 * Values shaped like a deployment's: every variable a definition can derive is set. The queue
 * URLs point at a closed port, so a request that passes a local access check fails fast.
 *
 * @example
 * ```ts
 * functionEnvironment('transferGet', { ...ENVIRONMENT_VALUES, tableName: 'app' });
 * ```
 */
export const ENVIRONMENT_VALUES: EnvironmentValues = {
  tableName: 'dwolla-serverless',
  tokenRefreshWindowDays: '15',
  eventsTopicArn: 'arn:aws:sns:us-east-1:000000000000:dwolla-serverless-events',
  queueUrls: {
    eventStore: 'http://127.0.0.1:1/000000000000/event-store',
    transferChain: 'http://127.0.0.1:1/000000000000/transfer-chain',
    paymentRecords: 'http://127.0.0.1:1/000000000000/payment-records',
    tokenRefresh: 'http://127.0.0.1:1/000000000000/token-refresh',
    notifications: 'http://127.0.0.1:1/000000000000/notifications.fifo',
  },
  appSecretId: 'dwolla-serverless/app',
  webhookSecretId: 'dwolla-serverless/webhook',
  dwolla: {
    apiUrl: 'https://api-sandbox.dwolla.com',
    tokenUrl: 'https://accounts-sandbox.dwolla.com/token',
    authorizeUrl: 'https://accounts-sandbox.dwolla.com/auth',
    clientAuth: 'basic',
    oauthRedirectUri: 'https://api.example.com/oauth/callback',
    oauthReturnUrlAllowlist: 'https://app.example.com/',
  },
  accountSecretPrefix: 'dwolla-serverless/accounts',
  accountSecretKmsKeyId: 'arn:aws:kms:us-east-1:000000000000:key/token-secrets',
  endpointSecretPrefix: 'dwolla-serverless/webhook-endpoints',
  notificationRetryDelaysSeconds: '20,300',
};
