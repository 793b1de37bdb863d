import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { redriveDlq } from '../../infra/local/dlq-redrive.js';

describe('DLQ redrive', () => {
  const sqsMock = mockClient(SQSClient);
  const sqs = new SQSClient({ region: 'us-east-1' });

  beforeEach(() => {
    sqsMock.reset();
  });

  it('sends each DLQ message to the source queue unchanged, then deletes it from the DLQ', async () => {
    // Prepare
    const attributes = { topic: { DataType: 'String', StringValue: 'transfer_created' } };
    sqsMock
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [
          { MessageId: 'a', ReceiptHandle: 'ra', Body: '{"id":1}', MessageAttributes: attributes },
          { MessageId: 'b', ReceiptHandle: 'rb', Body: '{"id":2}' },
        ],
      })
      .resolves({ Messages: [] });
    sqsMock
      .on(SendMessageBatchCommand)
      .resolves({ Successful: [{ Id: '0' }, { Id: '1' }] as never });
    sqsMock.on(DeleteMessageBatchCommand).resolves({});

    // Act
    const moved = await redriveDlq({ sqs, dlqUrl: 'http://q/dlq', queueUrl: 'http://q/src' });

    // Assess
    expect(moved).toBe(2);
    expect(sqsMock.commandCalls(ReceiveMessageCommand)[0]!.args[0].input).toEqual({
      QueueUrl: 'http://q/dlq',
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      VisibilityTimeout: 30,
      MessageAttributeNames: ['All'],
    });
    expect(sqsMock.commandCalls(SendMessageBatchCommand)[0]!.args[0].input).toEqual({
      QueueUrl: 'http://q/src',
      Entries: [
        { Id: '0', MessageBody: '{"id":1}', MessageAttributes: attributes },
        { Id: '1', MessageBody: '{"id":2}' },
      ],
    });
    expect(sqsMock.commandCalls(DeleteMessageBatchCommand)[0]!.args[0].input).toEqual({
      QueueUrl: 'http://q/dlq',
      Entries: [
        { Id: '0', ReceiptHandle: 'ra' },
        { Id: '1', ReceiptHandle: 'rb' },
      ],
    });
  });

  it('keeps in the DLQ a message the source queue did not accept, and stops', async () => {
    // Prepare
    sqsMock.on(ReceiveMessageCommand).resolves({
      Messages: [
        { MessageId: 'a', ReceiptHandle: 'ra', Body: 'x' },
        { MessageId: 'b', ReceiptHandle: 'rb', Body: 'y' },
      ],
    });
    sqsMock.on(SendMessageBatchCommand).resolves({
      Successful: [{ Id: '1' }] as never,
      Failed: [{ Id: '0', Code: 'Throttled', SenderFault: false }],
    });
    sqsMock.on(DeleteMessageBatchCommand).resolves({});

    // Act
    const moved = await redriveDlq({ sqs, dlqUrl: 'http://q/dlq', queueUrl: 'http://q/src' });

    // Assess
    expect(moved).toBe(1);
    expect(sqsMock.commandCalls(DeleteMessageBatchCommand)[0]!.args[0].input.Entries).toEqual([
      { Id: '1', ReceiptHandle: 'rb' },
    ]);
    expect(sqsMock.commandCalls(ReceiveMessageCommand)).toHaveLength(1);
  });
});

describe('DLQ redrive of a FIFO queue', () => {
  const sqsMock = mockClient(SQSClient);
  const sqs = new SQSClient({ region: 'us-east-1' });

  beforeEach(() => {
    sqsMock.reset();
  });

  it('keeps each message in its group and gives it a new deduplication id', async () => {
    // Prepare
    sqsMock
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [
          {
            MessageId: 'a',
            ReceiptHandle: 'ra',
            Body: '{"webhookId":"msg_1"}',
            Attributes: { MessageGroupId: 'ep:leg', MessageDeduplicationId: 'd1' },
          },
        ],
      })
      .resolves({ Messages: [] });
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0' }] as never });
    sqsMock.on(DeleteMessageBatchCommand).resolves({});

    // Act
    const moved = await redriveDlq({
      sqs,
      dlqUrl: 'http://q/notifications-dlq.fifo',
      queueUrl: 'http://q/notifications.fifo',
    });

    // Assess
    expect(moved).toBe(1);
    expect(sqsMock.commandCalls(ReceiveMessageCommand)[0]!.args[0].input).toMatchObject({
      MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'],
    });
    const [entry] = sqsMock.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries!;
    expect(entry).toMatchObject({ MessageBody: '{"webhookId":"msg_1"}', MessageGroupId: 'ep:leg' });
    expect(entry!.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    expect(entry!.MessageDeduplicationId).not.toBe('d1');
  });
});
