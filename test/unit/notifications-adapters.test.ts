import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbEndpointStore } from '../../shared/notifications/dynamodb-endpoint-store.js';
import { EndpointLimitError } from '../../shared/notifications/errors.js';
import type { Delivery, WebhookEndpoint } from '../../shared/notifications/ports.js';
import { SqsDeliveryQueue } from '../../shared/notifications/sqs-delivery-queue.js';

const endpoint: WebhookEndpoint = {
  id: 'ep-1',
  tenantId: 'acme',
  url: 'https://acme.example/hooks',
  types: ['transfer.failed'],
  description: null,
  createdAt: '2026-03-01T00:00:00.000Z',
};

describe('Class: DynamoDbEndpointStore', () => {
  const ddbMock = mockClient(DynamoDBDocumentClient);
  const store = new DynamoDbEndpointStore({
    client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    tableName: 'table',
  });

  beforeEach(() => ddbMock.reset());

  it('creates the endpoint and counts it in one transaction, under the limit', async () => {
    // Prepare
    ddbMock.on(TransactWriteCommand).resolves({});

    // Act
    await store.create(endpoint, 20);

    // Assess
    expect(ddbMock.commandCalls(TransactWriteCommand)[0]!.args[0].input).toEqual({
      TransactItems: [
        {
          Update: {
            TableName: 'table',
            Key: { pk: 'TENANT#acme', sk: 'WEBHOOK_ENDPOINTS' },
            UpdateExpression: 'ADD #count :one',
            ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: { ':one': 1, ':limit': 20 },
          },
        },
        {
          Put: {
            TableName: 'table',
            Item: {
              pk: 'TENANT#acme',
              sk: 'WEBHOOK_ENDPOINT#ep-1',
              endpointId: 'ep-1',
              tenantId: 'acme',
              url: 'https://acme.example/hooks',
              types: ['transfer.failed'],
              description: undefined,
              createdAt: '2026-03-01T00:00:00.000Z',
            },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'pk' },
          },
        },
      ],
    });
  });

  it('refuses with EndpointLimitError when the counter condition fails', async () => {
    // Prepare
    ddbMock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );

    // Act
    const create = store.create(endpoint, 20);

    // Assess
    await expect(create).rejects.toBeInstanceOf(EndpointLimitError);
  });

  it('answers false when deleting an endpoint the tenant does not have', async () => {
    // Prepare
    ddbMock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );

    // Act
    const deleted = await store.delete('other', 'ep-1');

    // Assess
    expect(deleted).toBe(false);
    const [remove] = ddbMock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(remove!.Delete!.Key).toEqual({ pk: 'TENANT#other', sk: 'WEBHOOK_ENDPOINT#ep-1' });
  });
});

describe('Class: SqsDeliveryQueue', () => {
  const sqsMock = mockClient(SQSClient);
  const queue = new SqsDeliveryQueue({
    sqs: new SQSClient({ region: 'us-east-1' }),
    queueUrl: 'https://sqs/notifications.fifo',
  });
  const delivery: Delivery = {
    tenantId: 'acme',
    endpointId: 'ep-1',
    webhookId: 'msg_t1_failed',
    transferId: 't1',
    type: 'transfer.failed',
    occurredAt: '2026-03-01T00:00:00.000Z',
    body: '{}',
  };

  beforeEach(() => sqsMock.reset());

  it('groups by endpoint and leg, deduplicates by endpoint, notification and replay', async () => {
    // Prepare
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });

    // Act
    await queue.enqueue([delivery, { ...delivery, replayId: 'r1' }]);

    // Assess
    const entries = sqsMock.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries!;
    expect(entries.map((entry) => entry.MessageGroupId)).toEqual(['ep-1:t1', 'ep-1:t1']);
    expect(JSON.parse(entries[0]!.MessageBody!)).toEqual(delivery);
    expect(entries[0]!.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    expect(entries[1]!.MessageDeduplicationId).not.toBe(entries[0]!.MessageDeduplicationId);
  });

  it('fails when SQS refuses a message, so the stream record is retried', async () => {
    // Prepare
    sqsMock
      .on(SendMessageBatchCommand)
      .resolves({ Successful: [], Failed: [{ Id: '0', SenderFault: false, Code: 'x' }] });

    // Assess
    await expect(queue.enqueue([delivery])).rejects.toThrow('SQS refused 1 delivery message(s).');
  });

  it('sets a failed message to come back after the backoff', async () => {
    // Prepare
    sqsMock.on(ChangeMessageVisibilityCommand).resolves({});

    // Act
    await queue.retryLater('rh-1', 330);

    // Assess
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)[0]!.args[0].input).toEqual({
      QueueUrl: 'https://sqs/notifications.fifo',
      ReceiptHandle: 'rh-1',
      VisibilityTimeout: 330,
    });
  });
});
