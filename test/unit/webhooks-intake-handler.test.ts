import { PublishCommand } from '@aws-sdk/client-sns';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { signWebhookBody } from '../../shared/webhooks/signature.js';
import { TOPIC_ARN, webhookIntakeUnderTest, webhookRequest } from './support/webhook-intake.js';

const SECRET = 'the-current-webhook-secret';

const { sns, handler } = webhookIntakeUnderTest(SECRET);

const body =
  '{"id":"evt-9","resourceId":"tr-9","topic":"customer_transfer_completed","created":"2026-01-01T00:00:00.000Z","correlationId":"order-9","_links":{"self":{"href":"https://api.dwolla.com/events/evt-9"},"resource":{"href":"https://api.dwolla.com/transfers/tr-9"}}}';

function request(rawBody: string, secret = SECRET): APIGatewayProxyEventV2 {
  return webhookRequest(rawBody, {
    'content-type': 'application/json',
    'x-request-signature-sha-256': signWebhookBody(secret, Buffer.from(rawBody)),
  });
}

describe('Handler: webhook-intake', () => {
  it('publishes the raw body with topic and eventId attributes, then answers 200', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

    const response = await handler(request(body), {} as Context);

    expect(response.statusCode).toBe(200);
    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
      {
        TopicArn: TOPIC_ARN,
        Message: body,
        MessageAttributes: {
          topic: { DataType: 'String', StringValue: 'customer_transfer_completed' },
          eventId: { DataType: 'String', StringValue: 'evt-9' },
        },
      },
    ]);
  });

  it('answers 500 with a body that says nothing internal when Publish is rejected', async () => {
    sns.on(PublishCommand).rejects(new Error('Throttling: rate exceeded on arn:aws:sns:...'));

    const response = await handler(request(body), {} as Context);

    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body ?? '')).toEqual({
      code: 'ServerError',
      message: 'A server error occurred.',
    });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('never calls SNS for a webhook signed with the wrong secret', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

    const response = await handler(request(body, 'wrong-secret-value'), {} as Context);

    expect(response.statusCode).toBe(401);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });
});
