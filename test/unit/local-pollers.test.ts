import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { startQueuePoller, succeededMessages, toSqsEvent } from '../../infra/local/pollers.js';

const messages: Message[] = [
  {
    MessageId: 'm1',
    ReceiptHandle: 'r1',
    Body: 'one',
    Attributes: { ApproximateReceiveCount: '1' },
  },
  {
    MessageId: 'm2',
    ReceiptHandle: 'r2',
    Body: 'two',
    Attributes: { ApproximateReceiveCount: '3' },
  },
];

describe('Queue pollers: batch outcome', () => {
  it('deletes every message when the function returns no failures', () => {
    // Assess
    expect(succeededMessages(messages, { ok: true, result: null })).toEqual(messages);
    expect(succeededMessages(messages, { ok: true, result: { batchItemFailures: [] } })).toEqual(
      messages,
    );
  });

  it('keeps only the messages listed in batchItemFailures', () => {
    // Act
    const done = succeededMessages(messages, {
      ok: true,
      result: { batchItemFailures: [{ itemIdentifier: 'm2' }] },
    });

    // Assess
    expect(done.map((message) => message.MessageId)).toEqual(['m1']);
  });

  it('fails the whole batch when the function throws or names an unknown or empty id', () => {
    // Assess
    expect(succeededMessages(messages, { ok: false })).toEqual([]);
    expect(
      succeededMessages(messages, {
        ok: true,
        result: { batchItemFailures: [{ itemIdentifier: 'zz' }] },
      }),
    ).toEqual([]);
    expect(
      succeededMessages(messages, {
        ok: true,
        result: { batchItemFailures: [{ itemIdentifier: '' }] },
      }),
    ).toEqual([]);
  });

  it('builds the SQS event Lambda would send, receive count and attributes included', () => {
    // Act
    const event = toSqsEvent(
      [
        {
          ...messages[1]!,
          MessageAttributes: { topic: { DataType: 'String', StringValue: 'transfer_created' } },
        },
      ],
      'arn:aws:sqs:us-east-1:000000000000:q',
    );

    // Assess
    expect(event.Records[0]).toMatchObject({
      messageId: 'm2',
      receiptHandle: 'r2',
      body: 'two',
      attributes: { ApproximateReceiveCount: '3' },
      messageAttributes: { topic: { dataType: 'String', stringValue: 'transfer_created' } },
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
      awsRegion: 'us-east-1',
    });
  });
});

describe('Queue pollers: SQS calls', () => {
  const sqsMock = mockClient(SQSClient);

  beforeEach(() => {
    sqsMock.reset();
  });

  it('receives with all attributes, invokes once with the batch and deletes only the successes', async () => {
    // Prepare
    sqsMock
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: messages })
      .resolves({ Messages: [] });
    sqsMock.on(DeleteMessageBatchCommand).resolves({ Successful: [{ Id: '0' }] });
    const batches: SQSEvent[] = [];
    let release: () => void = () => undefined;
    const invoked = new Promise<void>((resolve) => {
      release = resolve;
    });

    // Act
    const poller = startQueuePoller({
      sqs: new SQSClient({ region: 'us-east-1' }),
      queueUrl: 'http://q/1/q',
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:q',
      batchSize: 25,
      waitTimeSeconds: 1,
      invoke: async (event) => {
        batches.push(event);
        release();
        return { batchItemFailures: [{ itemIdentifier: 'm2' }] };
      },
    });
    await invoked;
    await new Promise((resolve) => setImmediate(resolve));
    await poller.stop();

    // Assess
    expect(batches).toHaveLength(1);
    expect(batches[0]!.Records.map((record) => record.messageId)).toEqual(['m1', 'm2']);
    expect(sqsMock.commandCalls(ReceiveMessageCommand)[0]!.args[0].input).toEqual({
      QueueUrl: 'http://q/1/q',
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    });
    expect(
      sqsMock.commandCalls(DeleteMessageBatchCommand).map((call) => call.args[0].input),
    ).toEqual([{ QueueUrl: 'http://q/1/q', Entries: [{ Id: '0', ReceiptHandle: 'r1' }] }]);
  });
});
