import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FunctionName } from '../../infra/definition.js';
import type { EnvironmentValues } from '../../infra/function-environment.js';
import { functionPermissions } from '../../infra/function-permissions.js';
import { accessCheckHooks, authorize } from '../../infra/local/access-check.js';
import { AccessDeniedError } from '../../infra/local/errors.js';
import { requestedAccess } from '../../infra/local/requested-access.js';
import { documentClient, sqsClient } from '../../shared/adapters/aws-clients.js';
import { TABLE } from '../../shared/adapters/dynamodb/table-design.js';
import { setSdkClientHook } from '../../shared/adapters/sdk-client-hook.js';
import { secretsManagerClient } from '../../shared/adapters/secrets-manager-client.js';
import { snsClient } from '../../shared/adapters/sns-client.js';
import { ENVIRONMENT_VALUES } from '../support/environment-values.js';

/** A deployment's values with the table and app secret these checks name, and no token key. */
const VALUES: EnvironmentValues = {
  ...ENVIRONMENT_VALUES,
  tableName: 'app',
  appSecretId: 'dwolla-serverless/dwolla-app',
  accountSecretKmsKeyId: undefined,
};

const hookOf = accessCheckHooks({ values: VALUES, kmsTableVault: false });

/** Builds the SDK clients as `name`'s entry file would, at its import under the local runtime. */
function clientsOf(name: FunctionName) {
  setSdkClientHook(hookOf(name));
  try {
    return {
      ddb: documentClient(),
      sqs: sqsClient(),
      sns: snsClient(),
      secrets: secretsManagerClient(),
    };
  } finally {
    setSdkClientHook(undefined);
  }
}

/** What a call answers: AccessDenied, or the network error of an allowed call (nothing listens). */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'sent';
  } catch (error) {
    return error instanceof AccessDeniedError ? `denied: ${error.message}` : 'sent';
  }
}

describe('Local access check', () => {
  beforeEach(() => {
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
    for (const service of ['DYNAMODB', 'SQS', 'SNS', 'SECRETS_MANAGER']) {
      vi.stubEnv(`AWS_ENDPOINT_URL_${service}`, 'http://127.0.0.1:1');
    }
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('lets a function make the calls its definition grants', async () => {
    // Prepare
    const { ddb } = clientsOf('transferGet');
    const query = new QueryCommand({
      TableName: 'app',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'pk' },
      ExpressionAttributeValues: { ':pk': 'RESOURCE#t1' },
    });

    // Act / Assess
    expect(await outcome(ddb.send(query))).toBe('sent');
  });

  it('refuses an action the function is not granted, as AccessDeniedException', async () => {
    // Prepare
    const { ddb } = clientsOf('transferGet');

    // Act
    const result = outcome(
      ddb.send(new GetCommand({ TableName: 'app', Key: { pk: 'RESOURCE#t1', sk: 'TRANSFER' } })),
    );

    // Assess
    expect(await result).toBe(
      'denied: User: arn:aws:sts::000000000000:assumed-role/dwolla-serverless-transferGet is not ' +
        'authorized to perform: dynamodb:GetItem on resource: table/app because no ' +
        'identity-based policy allows the dynamodb:GetItem action',
    );
  });

  it('refuses a granted action on an item family outside its LeadingKeys', async () => {
    // Prepare
    const { ddb } = clientsOf('authorizer');
    const own = new GetCommand({ TableName: 'app', Key: { pk: 'API_KEY#abc', sk: 'API_KEY' } });
    const other = new GetCommand({ TableName: 'app', Key: { pk: 'ACCOUNT#a', sk: 'ACCOUNT' } });

    // Act / Assess
    expect(await outcome(ddb.send(own))).toBe('sent');
    expect(await outcome(ddb.send(other))).toMatch(
      /dynamodb:GetItem .*items ACCOUNT#a \(dynamodb:LeadingKeys\)/,
    );
  });

  it('authorises each item of a transaction by its own action and key', async () => {
    // Prepare
    const { ddb } = clientsOf('webhookEndpoints');
    const transaction = (pk: string) =>
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: 'app', Item: { pk: 'TENANT#t', sk: 'WEBHOOK_ENDPOINT#e' } } },
          { Put: { TableName: 'app', Item: { pk, sk: 'X' } } },
        ],
      });

    // Act / Assess
    expect(await outcome(ddb.send(transaction('TENANT#t')))).toBe('sent');
    expect(await outcome(ddb.send(transaction('ACCOUNT#a')))).toMatch(/denied: .*PutItem/);
  });

  it('reads an index only where the grant names that index', async () => {
    // Prepare
    const search = clientsOf('transferSearch').ddb;
    const get = clientsOf('transferGet').ddb;
    const onIndex = () =>
      new QueryCommand({
        TableName: 'app',
        IndexName: TABLE.correlationIndex.name,
        KeyConditionExpression: 'gsi1pk = :c',
        ExpressionAttributeValues: { ':c': 'CORRELATION#default#c1' },
      });

    // Act / Assess
    expect(await outcome(search.send(onIndex()))).toBe('sent');
    expect(await outcome(get.send(onIndex()))).toMatch(/table\/app\/index\/byCorrelationId/);
  });

  it('holds secrets, topics and queues to their names and prefixes', async () => {
    // Prepare
    const delivery = clientsOf('notificationDelivery');
    const callback = clientsOf('oauthCallback');
    const intake = clientsOf('webhookIntake');
    const scheduler = clientsOf('tokenRefreshScheduler');

    // Act / Assess
    const read = (id: string) => new GetSecretValueCommand({ SecretId: id });
    expect(
      await outcome(delivery.secrets.send(read('dwolla-serverless/webhook-endpoints/e1'))),
    ).toBe('sent');
    expect(await outcome(delivery.secrets.send(read('dwolla-serverless/dwolla-app')))).toMatch(
      /denied/,
    );
    // The OAuth callback writes token pairs and never reads one back.
    expect(await outcome(callback.secrets.send(read('dwolla-serverless/accounts/a1')))).toMatch(
      /denied/,
    );
    const publish = (arn: string) => new PublishCommand({ TopicArn: arn, Message: '{}' });
    expect(await outcome(intake.sns.send(publish(VALUES.eventsTopicArn)))).toBe('sent');
    expect(
      await outcome(intake.sns.send(publish('arn:aws:sns:us-east-1:000000000000:other'))),
    ).toMatch(/sns:Publish/);
    const send = (url: string) => new SendMessageCommand({ QueueUrl: url, MessageBody: '{}' });
    expect(await outcome(scheduler.sqs.send(send(VALUES.queueUrls.tokenRefresh)))).toBe('sent');
    expect(await outcome(scheduler.sqs.send(send(VALUES.queueUrls.eventStore)))).toMatch(
      /sqs:SendMessage/,
    );
  });

  it('fails a call whose grant is missing from the definition', () => {
    // Prepare: eventStore's permissions without its account read
    const request = {
      headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem' },
      body: JSON.stringify({
        TableName: 'app',
        Key: { pk: { S: 'ACCOUNT#a' }, sk: { S: 'ACCOUNT' } },
      }),
    };
    const granted = functionPermissions('eventStore');
    const withoutAccountRead = granted.filter(
      (permission) => !permission.leadingKeys?.includes('ACCOUNT#'),
    );

    // Act / Assess
    expect(() => authorize('eventStore', granted, VALUES, requestedAccess(request))).not.toThrow();
    expect(() =>
      authorize('eventStore', withoutAccountRead, VALUES, requestedAccess(request)),
    ).toThrow(AccessDeniedError);
  });

  it('leaves clients built outside any function unchecked (the runner itself)', async () => {
    // Prepare
    const ddb = documentClient();

    // Act / Assess
    expect(
      await outcome(
        ddb.send(new PutCommand({ TableName: 'app', Item: { pk: 'ACCOUNT#a', sk: 'ACCOUNT' } })),
      ),
    ).toBe('sent');
  });
});

describe('Function permissions with the table token vault', () => {
  it('let the connect write the sealed pair on the account item, and readers only read it', () => {
    // Prepare
    const onAccountItems = (name: FunctionName) =>
      functionPermissions(name, { kmsTableVault: true })
        .filter((p) => p.resource.kind === 'table' && p.leadingKeys?.join() === 'ACCOUNT#')
        .flatMap((p) => p.actions);

    // Act
    const callback = onAccountItems('oauthCallback');
    const kmsOfTransferGet = functionPermissions('transferGet', { kmsTableVault: true }).filter(
      (p) => p.resource.kind === 'tokenVaultKey',
    );
    const withoutVault = functionPermissions('oauthCallback').filter(
      (p) => p.resource.kind === 'tokenVaultKey',
    );

    // Assess
    expect(callback).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(kmsOfTransferGet).toEqual([]);
    expect(withoutVault).toEqual([]);
  });
});
