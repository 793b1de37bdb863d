import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbReconcileCursorStore } from '../../shared/webhooks/dynamodb-reconcile-cursor-store.js';

const TABLE = 'dwolla-table';
const ddb = mockClient(DynamoDBDocumentClient);
const store = new DynamoDbReconcileCursorStore({
  client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  tableName: TABLE,
  clock: { now: () => new Date('2026-03-01T00:00:00.000Z') },
});

describe('Class: DynamoDbReconcileCursorStore', () => {
  beforeEach(() => ddb.reset());

  it('saves the cursor on the dwolla-events cursor item', async () => {
    ddb.on(PutCommand).resolves({});

    await store.put({ cursor: { created: '2026-02-28T23:59:00.000Z', eventId: 'evt-9' } });

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

    expect(await store.get()).toEqual({
      cursor: { created: '2026-02-28T23:59:00.000Z', eventId: 'evt-9' },
    });
  });

  it('saves an open pass next to the cursor and reads it back', async () => {
    // Prepare
    const pass = {
      target: { created: '2026-02-28T23:59:00.000Z', eventId: 'evt-9' },
      offset: 300,
      total: 1200,
      checkedDownTo: '2026-02-27T10:00:00.000Z',
      checkedIds: ['evt-3', 'evt-4'],
    };
    const cursor = { created: '2026-02-20T00:00:00.000Z', eventId: 'evt-1' };
    ddb.on(PutCommand).resolves({});

    // Act
    await store.put({ cursor, pass });
    const item = ddb.commandCalls(PutCommand)[0]!.args[0].input.Item;
    ddb.on(GetCommand).resolves({ Item: item });

    // Assess
    expect(item).toEqual({
      pk: 'CURSOR#dwolla-events',
      sk: 'CURSOR',
      created: cursor.created,
      eventId: cursor.eventId,
      pass,
      updatedAt: '2026-03-01T00:00:00.000Z',
    });
    expect(await store.get()).toEqual({ cursor, pass });
  });

  it('starts a pass over when the saved one does not read back as a pass', async () => {
    // Prepare: a pass without its offset
    ddb.on(GetCommand).resolves({
      Item: { created: '2026-02-20T00:00:00.000Z', eventId: 'evt-1', pass: { total: 3 } },
    });

    // Act + Assess: the cursor stays, the pass is dropped (read again from the top)
    expect(await store.get()).toEqual({
      cursor: { created: '2026-02-20T00:00:00.000Z', eventId: 'evt-1' },
    });
  });

  it('has no cursor before the first run', async () => {
    ddb.on(GetCommand).resolves({});

    expect(await store.get()).toBeUndefined();
  });
});
