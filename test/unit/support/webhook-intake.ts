import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** The events topic the intake publishes to. */
export const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:dwolla-events';
/** The webhook secret's id in Secrets Manager. */
export const SECRET_ID = 'dwolla-serverless/webhook-secret';

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The real webhook intake entry file (`functions/webhook-intake.ts`) in process, with SNS and
 * Secrets Manager mocked; the secret's current value is `secret`. Registers its own hooks: the
 * entry file is imported once (it reads its configuration at import), the mocks are reset
 * before each test and restored after the file.
 *
 * @example
 * ```ts
 * const { sns, handler } = webhookIntakeUnderTest('the-current-webhook-secret');
 * ```
 */
export function webhookIntakeUnderTest(secret: string, env: Record<string, string> = {}) {
  const sns = mockClient(SNSClient);
  const secretsManager = mockClient(SecretsManagerClient);
  let loaded: Handler | undefined;

  beforeAll(async () => {
    Object.assign(process.env, {
      EVENTS_TOPIC_ARN: TOPIC_ARN,
      DWOLLA_WEBHOOK_SECRET_ID: SECRET_ID,
      ...env,
    });
    ({ handler: loaded } = (await import('../../../functions/webhook-intake.js')) as {
      handler: Handler;
    });
  });

  beforeEach(() => {
    sns.reset();
    secretsManager.reset();
    secretsManager
      .on(GetSecretValueCommand, { SecretId: SECRET_ID })
      .resolves({ SecretString: JSON.stringify({ current: secret }) });
  });

  afterAll(() => {
    sns.restore();
    secretsManager.restore();
  });

  const handler: Handler = (event, context) => loaded!(event, context);
  return { sns, secretsManager, handler };
}

/** A `POST /webhooks/dwolla` event as API Gateway delivers it, with exactly these headers. */
export function webhookRequest(
  body: string,
  headers: Record<string, string>,
  isBase64Encoded = false,
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /webhooks/dwolla',
    rawPath: '/webhooks/dwolla',
    rawQueryString: '',
    headers,
    body,
    isBase64Encoded,
  } as unknown as APIGatewayProxyEventV2;
}
