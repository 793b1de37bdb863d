import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../infra/definition.js';
import { filterPolicyFor, type LocalMessaging, startMessaging } from '../../infra/local/queues.js';

describe('Local messaging from the definition (fauxqs)', () => {
  let messaging: LocalMessaging;
  let sns: SNSClient;
  let sqs: SQSClient;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

  beforeAll(async () => {
    messaging = await startMessaging({ prefix: 'unit', visibilityTimeoutSeconds: 7 });
    sns = new SNSClient({ endpoint: messaging.endpoint, region: 'us-east-1', credentials });
    sqs = new SQSClient({
      endpoint: messaging.endpoint,
      region: 'us-east-1',
      credentials,
      useQueueUrlAsEndpoint: false,
    });
  });

  afterAll(async () => {
    sns.destroy();
    sqs.destroy();
    await messaging.stop();
  });

  function queued(name: keyof typeof QUEUES): string[] {
    const state = messaging.server.inspectQueue(messaging.queues[name].physicalName);
    return (state?.messages.ready ?? []).map((message) => message.body);
  }

  async function publish(topic: string, body: string) {
    await sns.send(
      new PublishCommand({
        TopicArn: messaging.topicArn,
        Message: body,
        MessageAttributes: { topic: { DataType: 'String', StringValue: topic } },
      }),
    );
  }

  it('builds the prefix filter policy on the topic attribute, or none for every event', () => {
    // Assess
    expect(JSON.parse(filterPolicyFor(QUEUES.paymentRecords)!)).toEqual({
      topic: [
        { prefix: 'customer_bill_payment_' },
        { prefix: 'mass_payment_' },
        { prefix: 'customer_mass_payment_' },
      ],
    });
    expect(filterPolicyFor(QUEUES.eventStore)).toBeUndefined();
  });

  it('delivers each event raw to the queues whose topic prefixes match, and every event to the event store', async () => {
    // Act
    await publish('customer_bank_transfer_completed', '{"n":1}');
    await publish('customer_bill_payment_failed', '{"n":2}');
    await publish('customer_created', '{"n":3}');

    // Assess
    expect(queued('eventStore')).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(queued('transferChain')).toEqual(['{"n":1}']);
    expect(queued('paymentRecords')).toEqual(['{"n":2}']);
    expect(queued('tokenRefresh')).toEqual([]);
  });

  it('gives every queue its DLQ with the maxReceiveCount of the definition', async () => {
    // Act
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: messaging.queues.transferChain.url,
        AttributeNames: ['All'],
      }),
    );

    // Assess
    expect(JSON.parse(Attributes!.RedrivePolicy!)).toEqual({
      deadLetterTargetArn: messaging.queues.transferChain.dlqArn,
      maxReceiveCount: QUEUES.transferChain.maxReceiveCount,
    });
    expect(Attributes!.VisibilityTimeout).toBe('7');
  });
});
