import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppTable } from '../../infra/local/app-table.js';
import { parseArgs } from '../../infra/local/cli-args.js';
import { StackFileError } from '../../infra/local/errors.js';
import {
  type LocalStackInfo,
  readStackFile,
  writeStackFile,
} from '../../infra/local/stack-file.js';

const info: LocalStackInfo = {
  apiUrl: 'http://127.0.0.1:3000',
  apiKey: 'dsk_local',
  dynamodbEndpoint: 'http://127.0.0.1:1',
  sqsEndpoint: 'http://127.0.0.1:2',
  snsEndpoint: 'http://127.0.0.1:2',
  secretsManagerEndpoint: 'http://127.0.0.1:3',
  kmsEndpoint: 'http://127.0.0.1:4',
  tokenVault: 'secrets-manager',
  tokenKmsKeyId: 'arn:aws:kms:us-east-1:000000000000:key/k',
  tableName: 'dwolla-serverless',
  topicArn: 'arn:aws:sns:us-east-1:000000000000:events',
  queueUrls: { eventStore: 'http://q/1', eventStoreDlq: 'http://q/2' },
  dwollaEnvironment: 'simulator',
  dwollaApiUrl: 'http://127.0.0.1:4',
  dwollaTokenUrl: 'http://127.0.0.1:4/token',
  dwollaAuthorizeUrl: 'http://127.0.0.1:4/oauth/authorize',
  simulatorUrl: 'http://127.0.0.1:4',
  appSecretId: 'dwolla-serverless/dwolla-app',
  webhookSecretId: 'dwolla-serverless/webhook-secret',
  accountSecretPrefix: 'dwolla-serverless/accounts',
  notificationReceiverUrl: 'http://127.0.0.1:3000/__local/receiver/inboxes',
  pid: 123,
  startedAt: '2026-01-01T00:00:00.000Z',
};

describe('Local stack file', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stack-file-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the stack description readable by its owner only, and reads it back', async () => {
    // Prepare
    const path = join(dir, 'nested', 'stack.json');

    // Act
    await writeStackFile(path, info);
    const read = await readStackFile(path);

    // Assess
    expect(read).toEqual(info);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('says to run npm start when there is no stack file or it is not one', async () => {
    // Prepare
    const garbage = join(dir, 'garbage.json');
    await writeFile(garbage, '{"apiUrl":1}');

    // Act
    const missing = readStackFile(join(dir, 'absent.json'));
    const wrong = readStackFile(garbage);

    // Assess
    await expect(missing).rejects.toBeInstanceOf(StackFileError);
    await expect(missing).rejects.toThrow('npm start');
    await expect(wrong).rejects.toBeInstanceOf(StackFileError);
  });
});

describe('Local CLI arguments', () => {
  it('separates positional words from --name value options and bare flags', () => {
    // Act
    const parsed = parseArgs(['create', 'ci', '--table', 'app', '--persist']);

    // Assess
    expect(parsed).toEqual({
      positional: ['create', 'ci'],
      options: { table: 'app', persist: 'true' },
    });
  });
});

describe('Local table creation', () => {
  const ddbMock = mockClient(DynamoDBClient);

  beforeEach(() => {
    ddbMock.reset();
  });

  it('creates the single table with both GSIs (ALL projection), its change stream and TTL on expiresAtEpoch', async () => {
    // Prepare
    ddbMock.on(CreateTableCommand).resolves({});
    ddbMock.on(UpdateTimeToLiveCommand).resolves({});

    // Act
    await createAppTable(new DynamoDBClient({ region: 'us-east-1' }), 'app-table');

    // Assess
    expect(ddbMock.commandCalls(CreateTableCommand)[0]!.args[0].input).toEqual({
      TableName: 'app-table',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((name) => ({
        AttributeName: name,
        AttributeType: 'S',
      })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byCorrelationId',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: 'byRefreshDue',
          KeySchema: [
            { AttributeName: 'gsi2pk', KeyType: 'HASH' },
            { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    expect(ddbMock.commandCalls(UpdateTimeToLiveCommand)[0]!.args[0].input).toEqual({
      TableName: 'app-table',
      TimeToLiveSpecification: { AttributeName: 'expiresAtEpoch', Enabled: true },
    });
  });

  it('gives a persisted table without a stream its stream, and leaves one that has it alone', async () => {
    // Prepare
    ddbMock
      .on(CreateTableCommand)
      .rejects(new ResourceInUseException({ message: 'exists', $metadata: {} }));
    ddbMock
      .on(DescribeTableCommand)
      .resolvesOnce({ Table: {} })
      .resolves({ Table: { StreamSpecification: { StreamEnabled: true } } });
    ddbMock.on(UpdateTableCommand).resolves({});
    const client = new DynamoDBClient({ region: 'us-east-1' });

    // Act
    await createAppTable(client, 'app-table');
    await createAppTable(client, 'app-table');

    // Assess
    expect(ddbMock.commandCalls(UpdateTableCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: 'app-table',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      },
    ]);
    expect(ddbMock.commandCalls(UpdateTimeToLiveCommand)).toHaveLength(0);
  });
});
