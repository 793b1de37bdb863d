/** The app's single table in DynamoDB Local, as `table-design.ts` and the CDK app define it. */

import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLE } from '../../shared/adapters/dynamodb/table-design.js';

/** A table persisted before the notifications existed gets its stream now. */
async function enableStream(client: DynamoDBClient, tableName: string): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (Table?.StreamSpecification?.StreamEnabled) return;
  await client.send(
    new UpdateTableCommand({
      TableName: tableName,
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
}

/**
 * Creates the single table of `table-design.ts` (pk/sk, GSIs `byCorrelationId` and
 * `byRefreshDue` with ALL projection, TTL on `expiresAtEpoch`, a `NEW_AND_OLD_IMAGES` stream);
 * a table that already exists (persisted data) is left as it is but for its stream.
 *
 * @example
 * ```ts
 * await createAppTable(new DynamoDBClient({ endpoint }), 'dwolla-serverless');
 * ```
 */
export async function createAppTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const { correlationIndex, refreshDueIndex } = TABLE;
  const attributes = [
    TABLE.partitionKey,
    TABLE.sortKey,
    correlationIndex.partitionKey,
    correlationIndex.sortKey,
    refreshDueIndex.partitionKey,
    refreshDueIndex.sortKey,
  ];
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributes.map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [correlationIndex, refreshDueIndex].map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
        // The app notifications' outbox reads the change stream, as in AWS.
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await enableStream(client, tableName);
    return;
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
    }),
  );
}
