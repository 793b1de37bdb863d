import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** The session token the stand-in secrets extension requires, as the real one requires the role's. */
const SESSION_TOKEN = 'intake-session-token';

/**
 * The real webhook intake entry file (`functions/webhook-intake.ts`) in process, with SNS mocked
 * and a stand-in secrets extension (the intake reads its secret through the Parameters and
 * Secrets Lambda Extension) answering `secret` as the current value. Registers its own hooks:
 * the entry file is imported once (it reads its configuration at import), the SNS mock is reset
 * before each test, and both are stopped after the file.
 *
 * @example
 * ```ts
 * const { sns, handler } = webhookIntakeUnderTest('the-current-webhook-secret');
 * ```
 */
export function webhookIntakeUnderTest(secret: string, env: Record<string, string> = {}) {
  const sns = mockClient(SNSClient);
  const extension = createServer((request, response) => {
    const known =
      request.url === `/secretsmanager/get?secretId=${encodeURIComponent(SECRET_ID)}` &&
      request.headers['x-aws-parameters-secrets-token'] === SESSION_TOKEN;
    response.writeHead(known ? 200 : 400, { 'content-type': 'application/json' });
    response.end(
      known ? JSON.stringify({ SecretString: JSON.stringify({ current: secret }) }) : '{}',
    );
  });
  let loaded: Handler | undefined;

  beforeAll(async () => {
    await new Promise<void>((resolve) => extension.listen(0, '127.0.0.1', resolve));
    Object.assign(process.env, {
      EVENTS_TOPIC_ARN: TOPIC_ARN,
      DWOLLA_WEBHOOK_SECRET_ID: SECRET_ID,
      AWS_SESSION_TOKEN: SESSION_TOKEN,
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String((extension.address() as AddressInfo).port),
      ...env,
    });
    ({ handler: loaded } = (await import('../../../functions/webhook-intake.js')) as {
      handler: Handler;
    });
  });

  beforeEach(() => {
    sns.reset();
  });

  afterAll(async () => {
    sns.restore();
    await new Promise((resolve) => extension.close(resolve));
  });

  const handler: Handler = (event, context) => loaded!(event, context);
  return { sns, handler };
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
