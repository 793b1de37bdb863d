import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  InvalidRequestException,
  PutSecretValueCommand,
  ResourceNotFoundException,
  RestoreSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbAccountStore } from '../../shared/accounts/dynamodb-account-store.js';
import { DynamoDbOAuthStateStore } from '../../shared/accounts/dynamodb-oauth-state-store.js';
import { DynamoDbRefreshLease } from '../../shared/accounts/dynamodb-refresh-lease.js';
import {
  AccountNotFoundError,
  AccountUnavailableError,
  RefreshEnqueueError,
} from '../../shared/accounts/errors.js';
import { SecretsManagerTokenVault } from '../../shared/accounts/secrets-manager-token-vault.js';
import { SqsRefreshQueue } from '../../shared/accounts/sqs-refresh-queue.js';

const TABLE = 'table-1';
const PAIR = {
  accessToken: 'access-token-value',
  refreshToken: 'refresh-token-value',
  accessTokenExpiresAt: '2026-03-01T13:00:00.000Z',
  refreshTokenExpiresAt: '2026-04-30T12:00:00.000Z',
};

const ddbMock = mockClient(DynamoDBDocumentClient);
const smMock = mockClient(SecretsManagerClient);
const sqsMock = mockClient(SQSClient);
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));

function conditionalFailure(item?: Record<string, unknown>) {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item ? { Item: item as never } : {}),
  });
}

beforeEach(() => {
  ddbMock.reset();
  smMock.reset();
  sqsMock.reset();
});

describe('Class: SecretsManagerTokenVault', () => {
  const vault = new SecretsManagerTokenVault({
    client: new SecretsManagerClient({ region: 'us-east-1' }),
    prefix: 'dwolla-serverless/accounts/',
  });

  it('replaces an existing pair with PutSecretValue so the old one stays as AWSPREVIOUS', async () => {
    // Prepare
    smMock.on(PutSecretValueCommand).resolves({});

    // Act
    await vault.put('acc-1', PAIR);

    // Assess
    expect(smMock.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input)).toEqual([
      { SecretId: 'dwolla-serverless/accounts/acc-1', SecretString: JSON.stringify(PAIR) },
    ]);
    expect(smMock.commandCalls(CreateSecretCommand)).toHaveLength(0);
  });

  it('creates a tagged secret for an account seen for the first time', async () => {
    // Prepare
    smMock
      .on(PutSecretValueCommand)
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    smMock.on(CreateSecretCommand).resolves({});

    // Act
    await vault.put('acc-1', PAIR);

    // Assess
    expect(smMock.commandCalls(CreateSecretCommand).map((c) => c.args[0].input)).toEqual([
      {
        Name: 'dwolla-serverless/accounts/acc-1',
        SecretString: JSON.stringify(PAIR),
        Description: 'Dwolla OAuth token pair of one account (dwolla-serverless)',
        Tags: [
          { Key: 'app', Value: 'dwolla-serverless' },
          { Key: 'dwolla-account-id', Value: 'acc-1' },
        ],
      },
    ]);
  });

  it('reads the current pair, and the previous one with VersionStage AWSPREVIOUS', async () => {
    // Prepare
    const previous = { ...PAIR, refreshToken: 'older' };
    smMock
      .on(GetSecretValueCommand, { SecretId: 'dwolla-serverless/accounts/acc-1' })
      .resolves({ SecretString: JSON.stringify(PAIR) });
    smMock
      .on(GetSecretValueCommand, {
        SecretId: 'dwolla-serverless/accounts/acc-1',
        VersionStage: 'AWSPREVIOUS',
      })
      .resolves({ SecretString: JSON.stringify(previous) });

    // Act
    const current = await vault.get('acc-1');
    const before = await vault.getPrevious('acc-1');

    // Assess
    expect(current).toEqual(PAIR);
    expect(before).toEqual(previous);
    expect(smMock.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input)).toEqual([
      { SecretId: 'dwolla-serverless/accounts/acc-1' },
      { SecretId: 'dwolla-serverless/accounts/acc-1', VersionStage: 'AWSPREVIOUS' },
    ]);
  });

  it.each([
    [
      'an account without a secret',
      'nobody',
      new ResourceNotFoundException({ message: 'not found', $metadata: {} }),
    ],
    [
      'a secret scheduled for deletion (a disconnected account)',
      'acc-1',
      new InvalidRequestException({ message: 'marked for deletion', $metadata: {} }),
    ],
  ])('answers undefined for %s', async (_case, accountId, refusal) => {
    // Prepare
    smMock.on(GetSecretValueCommand).rejects(refusal);

    // Act
    const pair = await vault.get(accountId);

    // Assess
    expect(pair).toBeUndefined();
  });

  it('creates a new secret under the customer-managed key when one is configured', async () => {
    // Prepare
    const keyed = new SecretsManagerTokenVault({
      client: smMock as unknown as SecretsManagerClient,
      prefix: 'dwolla-serverless/accounts',
      kmsKeyId: 'arn:aws:kms:us-east-1:000000000000:key/k-1',
    });
    smMock
      .on(PutSecretValueCommand)
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    smMock.on(CreateSecretCommand).resolves({});

    // Act
    await keyed.put('acc-1', PAIR);

    // Assess
    expect(smMock.commandCalls(CreateSecretCommand)[0]?.args[0].input).toMatchObject({
      Name: 'dwolla-serverless/accounts/acc-1',
      KmsKeyId: 'arn:aws:kms:us-east-1:000000000000:key/k-1',
    });
  });

  it('schedules the deletion with the recovery window, and takes an already scheduled one as done', async () => {
    // Prepare
    smMock
      .on(DeleteSecretCommand)
      .resolvesOnce({})
      .rejects(new InvalidRequestException({ message: 'marked for deletion', $metadata: {} }));

    // Act
    await vault.scheduleDeletion('acc-1', 7);
    await vault.scheduleDeletion('acc-1', 7);

    // Assess
    expect(smMock.commandCalls(DeleteSecretCommand).map((c) => c.args[0].input)).toEqual([
      { SecretId: 'dwolla-serverless/accounts/acc-1', RecoveryWindowInDays: 7 },
      { SecretId: 'dwolla-serverless/accounts/acc-1', RecoveryWindowInDays: 7 },
    ]);
  });

  it('restores a secret, and takes a secret deleted for good as nothing to restore', async () => {
    // Prepare
    smMock
      .on(RestoreSecretCommand)
      .rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));

    // Act
    const restored = vault.restore('acc-1');

    // Assess
    await expect(restored).resolves.toBeUndefined();
    expect(smMock.commandCalls(RestoreSecretCommand)[0]?.args[0].input).toEqual({
      SecretId: 'dwolla-serverless/accounts/acc-1',
    });
  });
});

describe('Class: DynamoDbOAuthStateStore', () => {
  const states = new DynamoDbOAuthStateStore({ client: ddb, tableName: TABLE });
  const now = new Date('2026-03-01T12:00:00.000Z');

  it('stores the state hash with its returnTo, scope and a TTL', async () => {
    // Prepare
    ddbMock.on(PutCommand).resolves({});

    // Act
    await states.save(
      'hash-1',
      {
        scope: 'Send',
        returnTo: 'https://app.example.com/done',
        tenantId: 'acme',
        reference: 'user-7',
      },
      new Date('2026-03-01T12:10:00.000Z'),
    );

    // Assess
    expect(ddbMock.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: {
        pk: 'OAUTH_STATE#hash-1',
        sk: 'STATE',
        scope: 'Send',
        returnTo: 'https://app.example.com/done',
        tenantId: 'acme',
        reference: 'user-7',
        expiresAt: '2026-03-01T12:10:00.000Z',
        expiresAtEpoch: 1772367000,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('consumes a state with one conditional delete that also checks the expiry', async () => {
    // Prepare
    ddbMock.on(DeleteCommand).resolves({
      Attributes: { scope: 'Send', returnTo: 'https://a/', tenantId: 'acme', reference: 'r' },
    });

    // Act
    const result = await states.consume('hash-1', now);

    // Assess
    expect(result).toEqual({
      outcome: 'consumed',
      authorization: { scope: 'Send', returnTo: 'https://a/', tenantId: 'acme', reference: 'r' },
    });
    expect(ddbMock.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'OAUTH_STATE#hash-1', sk: 'STATE' },
      ConditionExpression: 'attribute_exists(pk) AND expiresAtEpoch > :now',
      ExpressionAttributeValues: { ':now': 1772366400 },
      ReturnValues: 'ALL_OLD',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('reports an expired state when the item exists but failed the expiry check', async () => {
    // Prepare
    ddbMock.on(DeleteCommand).rejects(conditionalFailure({ pk: { S: 'OAUTH_STATE#hash-1' } }));

    // Act
    const result = await states.consume('hash-1', now);

    // Assess
    expect(result).toEqual({ outcome: 'expired' });
  });

  it('reports an unknown (or already used) state when there is no item', async () => {
    // Prepare
    ddbMock.on(DeleteCommand).rejects(conditionalFailure());

    // Act
    const result = await states.consume('hash-1', now);

    // Assess
    expect(result).toEqual({ outcome: 'unknown' });
  });
});

describe('Class: DynamoDbRefreshLease', () => {
  const lease = new DynamoDbRefreshLease({ client: ddb, tableName: TABLE });
  const now = new Date('2026-03-01T12:00:00.000Z');
  const until = new Date('2026-03-01T12:00:30.000Z');

  it('takes the lease with a conditional put that only succeeds when it is free or ran out', async () => {
    // Prepare
    ddbMock.on(PutCommand).resolves({});

    // Act
    const acquired = await lease.acquire('acc-1', 'owner-1', until, now);

    // Assess
    expect(acquired).toBe(true);
    expect(ddbMock.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: {
        pk: 'ACCOUNT#acc-1',
        sk: 'LEASE',
        owner: 'owner-1',
        leaseUntil: until.getTime(),
        expiresAtEpoch: Math.ceil(until.getTime() / 1000) + 3600,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
      ExpressionAttributeValues: { ':now': now.getTime() },
    });
  });

  it('answers false while another owner holds the lease', async () => {
    // Prepare
    ddbMock.on(PutCommand).rejects(conditionalFailure());

    // Act
    const acquired = await lease.acquire('acc-1', 'owner-2', until, now);

    // Assess
    expect(acquired).toBe(false);
  });

  it('releases only its own lease', async () => {
    // Prepare
    ddbMock.on(DeleteCommand).rejects(conditionalFailure());

    // Act
    await lease.release('acc-1', 'owner-1');

    // Assess
    expect(ddbMock.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'ACCOUNT#acc-1', sk: 'LEASE' },
      ConditionExpression: '#owner = :owner',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':owner': 'owner-1' },
    });
  });
});

describe('Class: DynamoDbAccountStore', () => {
  const accounts = new DynamoDbAccountStore({ client: ddb, tableName: TABLE });
  const times = {
    accountId: 'acc-1',
    accessTokenExpiresAt: PAIR.accessTokenExpiresAt,
    refreshTokenExpiresAt: PAIR.refreshTokenExpiresAt,
    refreshDueDate: '2026-04-15',
  };

  it('records a connection as active, owned by its tenant, in the refresh-due bucket, with no token attribute', async () => {
    // Prepare
    ddbMock.on(UpdateCommand).resolves({});

    // Act
    await accounts.recordConnection({
      ...times,
      tenantId: 'acme',
      reference: 'user-7',
      scopes: ['send', 'funding'],
      connectedAt: '2026-03-01T12:00:00.000Z',
    });

    // Assess
    const input = ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input).toEqual({
      TableName: TABLE,
      Key: { pk: 'ACCOUNT#acc-1', sk: 'ACCOUNT' },
      UpdateExpression:
        'SET accountId = :accountId, tenantId = :tenantId, #status = :active, scopes = :scopes, ' +
        'accessTokenExpiresAt = :accessExp, refreshTokenExpiresAt = :refreshExp, ' +
        'connectedAt = :connectedAt, updatedAt = :connectedAt, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk, ' +
        '#reference = :reference REMOVE lastRefreshedAt, reauthorizationRequiredAt, disconnectedAt',
      ConditionExpression: 'attribute_not_exists(pk) OR tenantId = :tenantId',
      ExpressionAttributeNames: { '#status': 'status', '#reference': 'reference' },
      ExpressionAttributeValues: {
        ':accountId': 'acc-1',
        ':tenantId': 'acme',
        ':reference': 'user-7',
        ':active': 'active',
        ':scopes': ['send', 'funding'],
        ':accessExp': PAIR.accessTokenExpiresAt,
        ':refreshExp': PAIR.refreshTokenExpiresAt,
        ':connectedAt': '2026-03-01T12:00:00.000Z',
        ':gsi2pk': 'REFRESH_DUE#2026-04-15',
        ':gsi2sk': 'acc-1',
      },
    });
    expect(JSON.stringify(input)).not.toContain(PAIR.accessToken);
  });

  it('refuses another tenant’s connect of an owned account as AccountUnavailableError', async () => {
    // Prepare
    ddbMock.on(UpdateCommand).rejects(conditionalFailure());

    // Act
    const write = accounts.recordConnection({
      ...times,
      tenantId: 'other-app',
      scopes: ['send'],
      connectedAt: '2026-03-01T12:00:00.000Z',
    });

    // Assess
    await expect(write).rejects.toBeInstanceOf(AccountUnavailableError);
  });

  it('lets tenant default take over an account connected before tenants existed', async () => {
    // Prepare
    ddbMock.on(UpdateCommand).resolves({});

    // Act
    await accounts.recordConnection({
      ...times,
      tenantId: 'default',
      scopes: ['send'],
      connectedAt: '2026-03-01T12:00:00.000Z',
    });

    // Assess
    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: 'attribute_not_exists(tenantId) OR tenantId = :tenantId',
      UpdateExpression: expect.stringContaining(
        'REMOVE lastRefreshedAt, reauthorizationRequiredAt, disconnectedAt, #reference',
      ),
    });
  });

  it.each<[string, () => Promise<unknown>, Record<string, unknown>]>([
    [
      'disconnects an existing account: status, time kept from the first, out of the refresh index',
      () => accounts.markDisconnected('acc-1', '2026-03-02T00:00:00.000Z'),
      {
        ConditionExpression: 'attribute_exists(pk)',
        UpdateExpression:
          'SET #status = :status, disconnectedAt = if_not_exists(disconnectedAt, :at), updatedAt = :at ' +
          'REMOVE gsi2pk, gsi2sk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': 'disconnected', ':at': '2026-03-02T00:00:00.000Z' },
      },
    ],
    [
      'records a refresh on an existing account only, moving it to its new bucket',
      () => accounts.recordRefresh({ ...times, refreshedAt: '2026-03-02T00:00:00.000Z' }),
      {
        ConditionExpression: 'attribute_exists(pk) AND #status <> :disconnected',
        UpdateExpression:
          'SET #status = :active, accessTokenExpiresAt = :accessExp, ' +
          'refreshTokenExpiresAt = :refreshExp, lastRefreshedAt = :refreshedAt, ' +
          'updatedAt = :refreshedAt, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk ' +
          'REMOVE reauthorizationRequiredAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':active': 'active',
          ':accessExp': PAIR.accessTokenExpiresAt,
          ':refreshExp': PAIR.refreshTokenExpiresAt,
          ':refreshedAt': '2026-03-02T00:00:00.000Z',
          ':gsi2pk': 'REFRESH_DUE#2026-04-15',
          ':gsi2sk': 'acc-1',
          ':disconnected': 'disconnected',
        },
      },
    ],
    [
      'takes a reauthorization_required account out of the refresh-due index',
      () => accounts.markReauthorizationRequired('acc-1', '2026-03-02T00:00:00.000Z'),
      {
        ConditionExpression: 'attribute_exists(pk) AND #status <> :disconnected',
        UpdateExpression:
          'SET #status = :status, reauthorizationRequiredAt = :at, updatedAt = :at REMOVE gsi2pk, gsi2sk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': 'reauthorization_required',
          ':at': '2026-03-02T00:00:00.000Z',
          ':disconnected': 'disconnected',
        },
      },
    ],
  ])('%s', async (_behaviour, write, expected) => {
    // Prepare
    ddbMock.on(UpdateCommand).resolves({});

    // Act
    await write();

    // Assess: exactly this update of the account item
    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'ACCOUNT#acc-1', sk: 'ACCOUNT' },
      ...expected,
    });
  });

  it('throws AccountNotFoundError when refreshing an account that does not exist', async () => {
    // Prepare
    ddbMock.on(UpdateCommand).rejects(conditionalFailure());

    // Act
    const write = accounts.recordRefresh({ ...times, refreshedAt: '2026-03-02T00:00:00.000Z' });

    // Assess
    await expect(write).rejects.toBeInstanceOf(AccountNotFoundError);
  });

  it('reads the account with a consistent read and never returns index attributes', async () => {
    // Prepare
    ddbMock.on(GetCommand).resolves({
      Item: {
        pk: 'ACCOUNT#acc-1',
        sk: 'ACCOUNT',
        accountId: 'acc-1',
        status: 'active',
        scopes: ['send'],
        accessTokenExpiresAt: PAIR.accessTokenExpiresAt,
        refreshTokenExpiresAt: PAIR.refreshTokenExpiresAt,
        connectedAt: '2026-03-01T12:00:00.000Z',
        gsi2pk: 'REFRESH_DUE#2026-04-15',
        gsi2sk: 'acc-1',
      },
    });

    // Act
    const account = await accounts.get('acc-1');

    // Assess
    expect(account).toEqual({
      accountId: 'acc-1',
      status: 'active',
      scopes: ['send'],
      accessTokenExpiresAt: PAIR.accessTokenExpiresAt,
      refreshTokenExpiresAt: PAIR.refreshTokenExpiresAt,
      connectedAt: '2026-03-01T12:00:00.000Z',
    });
    expect(ddbMock.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'ACCOUNT#acc-1', sk: 'ACCOUNT' },
      ConsistentRead: true,
    });
  });

  it('lists one due bucket from the sparse index, page by page', async () => {
    // Prepare
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ gsi2sk: 'a' }, { gsi2sk: 'b' }], LastEvaluatedKey: { k: 1 } })
      .resolvesOnce({ Items: [{ gsi2sk: 'c' }] });

    // Act
    const pages: (readonly string[])[] = [];
    for await (const page of accounts.listDue('2026-03-01')) pages.push(page);

    // Assess
    expect(pages).toEqual([['a', 'b'], ['c']]);
    expect(ddbMock.commandCalls(QueryCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: TABLE,
        IndexName: 'byRefreshDue',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'gsi2pk' },
        ExpressionAttributeValues: { ':pk': 'REFRESH_DUE#2026-03-01' },
        ProjectionExpression: 'gsi2sk',
        ExclusiveStartKey: undefined,
      },
      {
        TableName: TABLE,
        IndexName: 'byRefreshDue',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'gsi2pk' },
        ExpressionAttributeValues: { ':pk': 'REFRESH_DUE#2026-03-01' },
        ProjectionExpression: 'gsi2sk',
        ExclusiveStartKey: { k: 1 },
      },
    ]);
  });
});

describe('Class: SqsRefreshQueue', () => {
  const queue = new SqsRefreshQueue({
    client: new SQSClient({ region: 'us-east-1' }),
    queueUrl: 'http://sqs/q',
  });

  it('sends one message per account in batches of at most 10', async () => {
    // Prepare
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const ids = Array.from({ length: 12 }, (_, i) => `acc-${i}`);

    // Act
    await queue.enqueue(ids);

    // Assess
    const inputs = sqsMock.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs[1]).toEqual({
      QueueUrl: 'http://sqs/q',
      Entries: [
        { Id: '0', MessageBody: '{"accountId":"acc-10"}' },
        { Id: '1', MessageBody: '{"accountId":"acc-11"}' },
      ],
    });
    expect(inputs[0]?.Entries).toHaveLength(10);
  });

  it('re-sends the entries SQS refused, and fails when refused twice', async () => {
    // Prepare
    sqsMock
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }] })
      .resolvesOnce({ Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }] });

    // Act
    const sending = queue.enqueue(['a', 'b']);

    // Assess
    await expect(sending).rejects.toBeInstanceOf(RefreshEnqueueError);
    expect(
      sqsMock.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries),
    ).toEqual([
      [
        { Id: '0', MessageBody: '{"accountId":"a"}' },
        { Id: '1', MessageBody: '{"accountId":"b"}' },
      ],
      [{ Id: '0', MessageBody: '{"accountId":"b"}' }],
    ]);
  });
});
