import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { dynamoDbReconcileCursorStore } from '../../shared/webhooks/reconcile-cursor-dynamodb.js';

const TABLE = 'dwolla-table';
const ddb = mockClient(DynamoDBDocumentClient);
const store = dynamoDbReconcileCursorStore(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  TABLE,
  { now: () => new Date('2026-03-01T00:00:00.000Z') },
);

describe('Adapter: dynamoDbReconcileCursorStore', () => {
  beforeEach(() => ddb.reset());

  it('saves the cursor on the dwolla-events cursor item', async () => {
    ddb.on(PutCommand).resolves({});

    await store.put({ created: '2026-02-28T23:59:00.000Z', eventId: 'evt-9' });

    expect(ddb.commandCalls(PutCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: TABLE,
        Item: {
          pk: 'CURSOR#dwolla-events',
          sk: 'CURSOR',
          created: '2026-02-28T23:59:00.000Z',
          eventId: 'evt-9',
          updatedAt: '2026-03-01T00:00:00.000Z',
        },
      },
    ]);
  });

  it('reads the cursor back with a consistent read', async () => {
    ddb
      .on(GetCommand, {
        TableName: TABLE,
        Key: { pk: 'CURSOR#dwolla-events', sk: 'CURSOR' },
        ConsistentRead: true,
      })
      .resolves({ Item: { created: '2026-02-28T23:59:00.000Z', eventId: 'evt-9' } });

    expect(await store.get()).toEqual({ created: '2026-02-28T23:59:00.000Z', eventId: 'evt-9' });
  });

  it('has no cursor before the first run', async () => {
    ddb.on(GetCommand).resolves({});

    expect(await store.get()).toBeUndefined();
  });
});
