import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { Policy } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUTHORIZER,
  FUNCTIONS,
  type FunctionAccess,
  type FunctionName,
  QUEUES,
  type QueueName,
  ROUTES,
  SCHEDULES,
  TABLE_STREAMS,
} from '../../infra/definition.js';
import { STATEFUL_LOGICAL_IDS } from '../../infra/stacks/stateful-stack.js';
import { TOKEN_SECRETS_KEY_LOGICAL_ID } from '../../infra/stacks/stateless-stack.js';
import { logicalIdOf, type SynthesizedDwollaApp, synthDwollaApp } from './support/dwolla-app.js';

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

interface PolicyStatementJson {
  readonly Effect: string;
  readonly Principal?: { readonly Service?: string };
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const functionNames = Object.keys(FUNCTIONS) as FunctionName[];
const queueNames = Object.keys(QUEUES) as QueueName[];
const accessOf = (name: FunctionName): FunctionAccess => FUNCTIONS[name].access;
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const importOf = (exportFragment: string) => ({
  'Fn::ImportValue': Match.stringLikeRegexp(
    `^DwollaStateful-sandbox:ExportsOutput${exportFragment}`,
  ),
});

const TABLE_ARN = { 'Fn::ImportValue': expect.stringMatching(/ExportsOutputFnGetAttTableArn/) };
const TOKEN_LIFECYCLE: [string[], string[]] = [
  ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
  ['ACCOUNT#*'],
];

/**
 * Every function's DynamoDB statements, written out by hand (not derived from the definition),
 * so a widened grant fails here: [actions, leading-key prefixes, index].
 */
const EXPECTED_TABLE_GRANTS: Record<FunctionName, [string[], string[], string?][]> = {
  authorizer: [[['GetItem'], ['API_KEY#*']]],
  health: [],
  openapi: [],
  oauthAuthorize: [[['PutItem'], ['OAUTH_STATE#*']]],
  oauthCallback: [
    [['DeleteItem'], ['OAUTH_STATE#*']],
    [['GetItem', 'UpdateItem'], ['ACCOUNT#*']],
  ],
  accountGet: [[['GetItem'], ['ACCOUNT#*']]],
  accountDisconnect: [[['GetItem', 'UpdateItem'], ['ACCOUNT#*']]],
  transferCreate: [
    TOKEN_LIFECYCLE,
    [['GetItem', 'PutItem', 'UpdateItem'], ['IDEMPOTENCY#*']],
    [['UpdateItem'], ['RESOURCE#*']],
  ],
  transferGet: [[['Query'], ['RESOURCE#*']]],
  transferSearch: [[['Query'], ['CORRELATION#*'], 'byCorrelationId']],
  transferCancel: [TOKEN_LIFECYCLE, [['GetItem', 'UpdateItem'], ['RESOURCE#*']]],
  webhookIntake: [],
  eventStore: [
    [['PutItem'], ['RESOURCE#*']],
    [['GetItem'], ['ACCOUNT#*']],
  ],
  transferChain: [TOKEN_LIFECYCLE, [['UpdateItem'], ['RESOURCE#*']]],
  paymentRecords: [TOKEN_LIFECYCLE, [['UpdateItem'], ['RESOURCE#*']]],
  tokenRefreshScheduler: [[['Query'], ['REFRESH_DUE#*'], 'byRefreshDue']],
  tokenRefreshWorker: [TOKEN_LIFECYCLE],
  reconcile: [
    [['GetItem', 'PutItem'], ['CURSOR#*']],
    [['BatchGetItem'], ['RESOURCE#*']],
  ],
  webhookEndpoints: [
    [['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'], ['TENANT#*']],
    [['Query'], ['NOTIFICATIONS#*']],
  ],
  notificationOutbox: [
    [['Query'], ['TENANT#*']],
    [['PutItem', 'GetItem'], ['NOTIFICATIONS#*']],
  ],
  notificationDelivery: [
    [['GetItem'], ['TENANT#*']],
    [['GetItem', 'PutItem'], ['WEBHOOK_ENDPOINT#*']],
  ],
};

const TOKEN_USER = ['GetSecretValue', 'CreateSecret', 'PutSecretValue', 'TagResource'];

/** Every function's actions on the per-account token secrets, by hand. */
const EXPECTED_ACCOUNT_SECRETS: Record<FunctionName, string[]> = {
  authorizer: [],
  health: [],
  openapi: [],
  oauthAuthorize: [],
  oauthCallback: ['CreateSecret', 'PutSecretValue', 'TagResource', 'RestoreSecret'],
  accountGet: [],
  accountDisconnect: ['DeleteSecret'],
  transferCreate: TOKEN_USER,
  transferGet: [],
  transferSearch: [],
  transferCancel: TOKEN_USER,
  webhookIntake: [],
  eventStore: [],
  transferChain: TOKEN_USER,
  paymentRecords: TOKEN_USER,
  tokenRefreshScheduler: [],
  tokenRefreshWorker: TOKEN_USER,
  reconcile: [],
  webhookEndpoints: [],
  notificationOutbox: [],
  notificationDelivery: [],
};

describe('DwollaStatelessStack', () => {
  let synthesized: SynthesizedDwollaApp;
  let template: Template;
  // biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation JSON, read by assertions
  let resources: Record<string, { Type: string; Properties: Record<string, any> }>;

  const functionResource = (name: FunctionName) =>
    resources[logicalIdOf(synthesized.stateless.functions[name].function)]!;
  const statementsOf = (name: FunctionName): Statement[] => {
    const policy = synthesized.stateless.functions[name].role.node.findChild('DefaultPolicy');
    // `@aws-cdk/aws-iam:minimizePolicies` sorts a statement's actions: compare them sorted.
    const statements: Statement[] =
      resources[logicalIdOf(policy as Policy)]!.Properties.PolicyDocument.Statement;
    return statements.map((statement) =>
      Array.isArray(statement.Action)
        ? { ...statement, Action: [...statement.Action].sort() }
        : statement,
    );
  };
  const actionsOf = (name: FunctionName) => statementsOf(name).flatMap((s) => asArray(s.Action));

  beforeAll(() => {
    // Prepare: the real app, bundled by esbuild exactly as `cdk synth` does (measured in the report).
    const started = Date.now();
    synthesized = synthDwollaApp();
    console.info(
      `synthesized and bundled ${functionNames.length} functions in ${Date.now() - started} ms`,
    );
    template = synthesized.statelessTemplate;
    resources = template.toJSON().Resources;
  }, 300_000);

  it('runs every function of the definition on Node 22, arm64, active tracing, with its timeout and memory', () => {
    // Assess
    template.resourceCountIs('AWS::Lambda::Function', functionNames.length);
    for (const name of functionNames) {
      expect(functionResource(name).Properties, name).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Timeout: FUNCTIONS[name].timeoutSeconds,
        MemorySize: FUNCTIONS[name].memoryMb,
        Handler: 'index.handler',
        Environment: {
          Variables: expect.objectContaining({
            NODE_OPTIONS: '--enable-source-maps',
            POWERTOOLS_SERVICE_NAME: 'dwolla-serverless-sandbox',
          }),
        },
      });
    }
  });

  it('ships a minified ESM bundle with its source map and the AWS SDK inside', () => {
    // Prepare: the webhook intake publishes with the SNS client, so the SDK must be bundled.
    const key: string = functionResource('webhookIntake').Properties.Code.S3Key;
    const assetDir = join(synthesized.assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);

    // Act
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');

    // Assess
    expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
    expect(bundle).toContain('createRequire');
    expect(bundle).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(bundle).toContain('"@aws-sdk/client-sns"');
    // Its secret is read through the secrets extension: no Secrets Manager client inside.
    expect(bundle).not.toContain('"@aws-sdk/client-secrets-manager"');
    expect(bundle.split('\n').length).toBeLessThan(50);
  });

  it('bundles openapi.json into the small function behind GET /openapi.json', () => {
    // Prepare
    const key: string = functionResource('openapi').Properties.Code.S3Key;
    const assetDir = join(synthesized.assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);

    // Act
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');

    // Assess
    expect(bundle).toContain('"3.1.1"');
    expect(bundle).toContain('createTransfer');
    expect(bundle).not.toContain('@aws-sdk');
    expect(bundle.length).toBeLessThan(150_000);
    expect(bundle.split('\n').length).toBeLessThan(50);
  });

  it('writes each function to its own log group, kept one year and retained with the stack', () => {
    // Assess
    for (const name of functionNames) {
      const logGroupId = logicalIdOf(synthesized.stateless.functions[name].logGroup);
      expect(functionResource(name).Properties.LoggingConfig, name).toEqual({
        LogGroup: { Ref: logGroupId },
      });
      expect(resources[logGroupId]?.Properties.RetentionInDays, name).toBe(365);
      expect(template.toJSON().Resources[logGroupId].DeletionPolicy, name).toBe('Retain');
    }
  });

  it('lets the webhook intake only publish to the events topic and read the webhook secret', () => {
    // Prepare
    const logGroupId = logicalIdOf(synthesized.stateless.functions.webhookIntake.logGroup);

    // Assess
    expect(statementsOf('webhookIntake')).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
        Resource: '*',
      },
      {
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: { 'Fn::ImportValue': expect.stringMatching(/ExportsOutputRefEventsTopic/) },
      },
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: { 'Fn::ImportValue': expect.stringMatching(/ExportsOutputFnGetAttEventsKeyArn/) },
        Condition: {
          StringEquals: {
            'kms:ViaService': {
              'Fn::Join': ['', ['sns.', { Ref: 'AWS::Region' }, '.amazonaws.com']],
            },
          },
        },
      },
      {
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: { 'Fn::ImportValue': expect.stringMatching(/ExportsOutputRefWebhookSecret/) },
      },
    ]);
  });

  it.each(functionNames)(
    'grants %s exactly its DynamoDB statements: actions, table or index, leading-key prefixes',
    (name) => {
      // Prepare
      // Stream reads (the outbox's event source) are checked with the stream mapping below.
      const streamActions = ['dynamodb:ListStreams', 'dynamodb:DescribeStream'];
      const dynamo = statementsOf(name)
        .filter((s) => asArray(s.Action).some((action) => action.startsWith('dynamodb:')))
        .filter((s) => !asArray(s.Action).some((action) => streamActions.includes(action)))
        .map((s) => ({
          actions: asArray(s.Action).map((action) => action.replace('dynamodb:', '')),
          resource: s.Resource,
          condition: s.Condition,
        }));

      // Assess
      expect(dynamo).toEqual(
        EXPECTED_TABLE_GRANTS[name].map(([actions, prefixes, index]) => ({
          actions: [...actions].sort(),
          resource: index ? { 'Fn::Join': ['', [TABLE_ARN, `/index/${index}`]] } : TABLE_ARN,
          condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes } },
        })),
      );
    },
  );

  it('lets no function scan the table, and only the authorizer touch API-key items (read only)', () => {
    // Prepare
    const all = functionNames.flatMap((name) =>
      statementsOf(name).map((statement) => ({ name, statement })),
    );
    const onApiKeys = all.filter(({ statement }) =>
      JSON.stringify(statement.Condition ?? {}).includes('API_KEY'),
    );

    // Assess
    expect(all.flatMap(({ statement }) => asArray(statement.Action))).not.toContain(
      'dynamodb:Scan',
    );
    expect(onApiKeys.map(({ name, statement }) => [name, statement.Action])).toEqual([
      ['authorizer', 'dynamodb:GetItem'],
    ]);
  });

  it.each(functionNames)('grants %s exactly its token-secret actions and key use', (name) => {
    // Prepare
    const onAccountSecrets = statementsOf(name).filter((s) =>
      /secret:dwolla-serverless\/sandbox\/accounts\/\*/.test(JSON.stringify(s.Resource)),
    );
    const onKey = statementsOf(name).filter((s) =>
      JSON.stringify(s.Resource).includes(TOKEN_SECRETS_KEY_LOGICAL_ID),
    );
    const expected = EXPECTED_ACCOUNT_SECRETS[name];

    // Assess
    expect(onAccountSecrets.map((s) => asArray(s.Action))).toEqual(
      expected.length === 0 ? [] : [expected.map((action) => `secretsmanager:${action}`).sort()],
    );
    const reads = expected.includes('GetSecretValue');
    const writes = expected.includes('PutSecretValue');
    expect(onKey.map((s) => asArray(s.Action))).toEqual(
      reads || writes ? [['kms:Decrypt', ...(writes ? ['kms:GenerateDataKey'] : [])]] : [],
    );
    for (const statement of onKey) {
      expect(statement.Condition).toEqual({
        StringEquals: {
          'kms:ViaService': {
            'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']],
          },
        },
      });
    }
  });

  it('encrypts the token secrets with a rotated, retained key whose policy names exactly their users', () => {
    // Prepare
    const key = template.toJSON().Resources[TOKEN_SECRETS_KEY_LOGICAL_ID];
    const statements: { Sid: string; Principal: { AWS: unknown }; Action: string | string[] }[] =
      key.Properties.KeyPolicy.Statement;
    const roleOf = (name: FunctionName) => ({
      'Fn::GetAtt': [logicalIdOf(synthesized.stateless.functions[name].role), 'Arn'],
    });
    const users = functionNames.filter((name) =>
      EXPECTED_ACCOUNT_SECRETS[name].some((a) => a === 'GetSecretValue' || a === 'PutSecretValue'),
    );

    // Assess: the literal logical id (replacing the key would orphan every token secret)
    expect(TOKEN_SECRETS_KEY_LOGICAL_ID).toBe('TokenSecretsKey');
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    const admin = statements.find((s) => s.Sid === 'KeyAdministration')!;
    expect(
      asArray(admin.Action).filter((a) => /Decrypt|Encrypt|GenerateDataKey|ReEncrypt/.test(a)),
    ).toEqual([]);
    const usage = statements.filter((s) => s.Sid !== 'KeyAdministration');
    expect(usage.map((s) => s.Principal.AWS)).toEqual(users.map(roleOf));
    expect(users.sort()).toEqual(
      [
        'oauthCallback',
        'paymentRecords',
        'tokenRefreshWorker',
        'transferCancel',
        'transferChain',
        'transferCreate',
      ].sort(),
    );
  });

  it('tells the token writers, and only them, which key new secrets are created under', () => {
    // Assess
    for (const name of functionNames) {
      const variables: Record<string, unknown> =
        functionResource(name).Properties.Environment.Variables;
      expect('ACCOUNT_SECRET_KMS_KEY_ID' in variables, name).toBe(
        EXPECTED_ACCOUNT_SECRETS[name].includes('PutSecretValue'),
      );
    }
  });

  it.each(functionNames)('grants %s exactly the shared resources its definition names', (name) => {
    // Prepare
    const access = accessOf(name);
    const actions = actionsOf(name);
    const has = (action: string) => actions.includes(action);
    const accountStatements = statementsOf(name).filter((s) =>
      JSON.stringify(s.Resource).includes('secret:dwolla-serverless/sandbox/accounts/*'),
    );
    const endpointSecretStatements = statementsOf(name).filter((s) =>
      JSON.stringify(s.Resource).includes('secret:dwolla-serverless/sandbox/webhook-endpoints/*'),
    );
    const streamConsumer = Object.values(TABLE_STREAMS).some((s) => s.consumer === name);

    // Assess
    expect(
      actions.some((a) => a.startsWith('dynamodb:')),
      'table',
    ).toBe(access.table !== undefined);
    expect(has('sns:Publish'), 'publish events').toBe(access.publishEvents === true);
    expect(has('sqs:SendMessage'), 'send to queue').toBe((access.sendTo ?? []).length > 0);
    expect(has('sqs:ReceiveMessage'), 'consume a queue').toBe(
      queueNames.some((queue) => QUEUES[queue].consumer === name),
    );
    expect(has('secretsmanager:PutSecretValue'), 'write secrets').toBe(
      (access.accountSecrets ?? []).includes('write'),
    );
    expect(accountStatements.length, 'account secrets').toBe(access.accountSecrets ? 1 : 0);
    expect(
      statementsOf(name)
        .filter((s) => JSON.stringify(s.Resource).includes('*'))
        .map((s) => s.Action),
      'wildcard resources',
    ).toEqual([
      // ListStreams has no resource-level permission (the stream itself is granted by ARN);
      // minimizePolicies merges it into the one statement on `*`.
      [
        ...(streamConsumer ? ['dynamodb:ListStreams'] : []),
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ],
      ...accountStatements.map((s) => s.Action),
      ...endpointSecretStatements.map((s) => s.Action),
    ]);
    expect(endpointSecretStatements.map((s) => asArray(s.Action))).toEqual(
      access.endpointSecrets === 'read'
        ? [['secretsmanager:GetSecretValue']]
        : access.endpointSecrets === 'manage'
          ? [
              [
                'secretsmanager:CreateSecret',
                'secretsmanager:DeleteSecret',
                'secretsmanager:TagResource',
              ],
            ]
          : [],
    );
  });

  it('lets only the delivery function read endpoint secrets; the endpoints API can create and delete them', () => {
    // Prepare
    const readers = functionNames.filter((name) =>
      statementsOf(name).some(
        (s) =>
          asArray(s.Action).includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(s.Resource).includes('webhook-endpoints'),
      ),
    );

    // Assess
    expect(readers).toEqual(['notificationDelivery']);
    expect(actionsOf('webhookEndpoints')).not.toContain('secretsmanager:GetSecretValue');
    expect(actionsOf('webhookEndpoints')).toContain('secretsmanager:DeleteSecret');
  });

  it('feeds the outbox from the table stream: from the oldest record, filtered to leg status changes with a tenant, failures described on its DLQ', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: {
        Ref: logicalIdOf(synthesized.stateless.functions.notificationOutbox.function),
      },
      EventSourceArn: importOf('FnGetAttTableStreamArn'),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: TABLE_STREAMS.notificationOutbox.batchSize,
      MaximumRetryAttempts: TABLE_STREAMS.notificationOutbox.maxRetryAttempts,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: {
        OnFailure: { Destination: importOf('FnGetAttNotificationOutboxStreamDlqArn') },
      },
      FilterCriteria: {
        Filters: TABLE_STREAMS.notificationOutbox.filterPatterns.map((pattern) => ({
          Pattern: JSON.stringify(pattern),
        })),
      },
    });
    expect(actionsOf('notificationOutbox')).toEqual(
      expect.arrayContaining([
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
      ]),
    );
  });

  it('gives the delivery function its retry schedule and the queue URL it sets backoffs on', () => {
    // Prepare
    const variables = functionResource('notificationDelivery').Properties.Environment.Variables;

    // Assess
    expect(variables.NOTIFICATION_RETRY_DELAYS_SECONDS).toBe('20,300,1800,7200,18000,36000,36000');
    expect(variables.NOTIFICATIONS_QUEUE_URL).toEqual({
      'Fn::ImportValue': expect.stringMatching(
        /^DwollaStateful-sandbox:ExportsOutputRefNotificationsQueue/,
      ),
    });
    expect(variables.WEBHOOK_ENDPOINTS_ALLOW_LOOPBACK).toBeUndefined();
    expect(actionsOf('notificationDelivery')).toContain('sqs:ChangeMessageVisibility');
  });

  it('scopes the account-secret grant to the accounts prefix of this deployment', () => {
    // Assess
    expect(statementsOf('oauthCallback')).toContainEqual(
      expect.objectContaining({
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':secretsmanager:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':secret:dwolla-serverless/sandbox/accounts/*',
            ],
          ],
        },
      }),
    );
  });

  it.each(functionNames)(
    'gives %s the variables its access needs and none of the others',
    (name) => {
      // Prepare
      const access = accessOf(name);
      const variables: Record<string, unknown> =
        functionResource(name).Properties.Environment.Variables;

      // Assess
      expect('TABLE_NAME' in variables).toBe(access.table !== undefined);
      expect('EVENTS_TOPIC_ARN' in variables).toBe(access.publishEvents === true);
      expect('TOKEN_REFRESH_QUEUE_URL' in variables).toBe(
        (access.sendTo ?? []).includes('tokenRefresh'),
      );
      expect('DWOLLA_APP_SECRET_ID' in variables).toBe(access.appSecret === true);
      expect('DWOLLA_API_URL' in variables).toBe(access.appSecret === true);
      expect('DWOLLA_WEBHOOK_SECRET_ID' in variables).toBe(access.webhookSecret === true);
      expect(variables.ACCOUNT_SECRET_PREFIX).toBe(
        access.accountSecrets ? 'dwolla-serverless/sandbox/accounts' : undefined,
      );
    },
  );

  it('points the Dwolla functions at the sandbox and the OAuth redirect at the API itself by default', () => {
    // Prepare
    const variables = functionResource('oauthCallback').Properties.Environment.Variables;

    // Assess
    expect(variables).toMatchObject({
      DWOLLA_API_URL: 'https://api-sandbox.dwolla.com',
      DWOLLA_TOKEN_URL: 'https://api-sandbox.dwolla.com/token',
      DWOLLA_AUTHORIZE_URL: 'https://accounts-sandbox.dwolla.com/auth',
      DWOLLA_CLIENT_AUTH: 'basic',
      TOKEN_REFRESH_WINDOW_DAYS: '15',
      OAUTH_RETURN_URL_ALLOWLIST: '',
      OAUTH_REDIRECT_URI: {
        'Fn::Join': [
          '',
          [
            { 'Fn::GetAtt': [logicalIdOf(synthesized.stateless.api), 'ApiEndpoint'] },
            '/oauth/callback',
          ],
        ],
      },
    });
  });

  it.each(queueNames)(
    'consumes the %s queue with its function, reporting batch item failures',
    (name) => {
      // Prepare
      const definition = QUEUES[name];
      const prefix = STATEFUL_LOGICAL_IDS.queuePrefix(name);

      // Assess
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: {
          Ref: logicalIdOf(synthesized.stateless.functions[definition.consumer].function),
        },
        EventSourceArn: importOf(`FnGetAtt${prefix}QueueArn`),
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: definition.batchSize,
        // Lambda refuses a batching window on a FIFO queue.
        MaximumBatchingWindowInSeconds:
          'fifo' in definition ? Match.absent() : definition.maxBatchingWindowSeconds,
        ...('maxConcurrency' in definition
          ? { ScalingConfig: { MaximumConcurrency: definition.maxConcurrency } }
          : {}),
      });
      template.resourceCountIs(
        'AWS::Lambda::EventSourceMapping',
        queueNames.length + Object.keys(TABLE_STREAMS).length,
      );
    },
  );

  it('puts the API-key authorizer in front of every app route and nothing in front of public ones', () => {
    // Prepare
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    const authorizerId = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'))[0];

    // Assess
    expect(routes).toHaveLength(ROUTES.length);
    for (const route of ROUTES) {
      const found = routes.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`);
      expect(found?.Properties, `${route.method} ${route.path}`).toMatchObject(
        route.auth === 'apiKey'
          ? { AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } }
          : { AuthorizationType: 'NONE' },
      );
      if (route.auth === 'public') expect(found?.Properties.AuthorizerId).toBeUndefined();
    }
    expect(
      routes
        .filter((r) => r.Properties.AuthorizationType === 'NONE')
        .map((r) => r.Properties.RouteKey)
        .sort(),
    ).toEqual(['GET /health', 'GET /oauth/callback', 'GET /openapi.json', 'POST /webhooks/dwolla']);
  });

  it('checks the x-api-key header with the authorizer function, simple responses, cached', () => {
    // Assess
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: [`$request.header.${AUTHORIZER.identityHeader}`],
      AuthorizerResultTtlInSeconds: AUTHORIZER.resultsCacheTtlSeconds,
      AuthorizerUri: Match.objectLike({
        'Fn::Join': [
          '',
          Match.arrayWith([
            {
              'Fn::GetAtt': [
                logicalIdOf(synthesized.stateless.functions.authorizer.function),
                'Arn',
              ],
            },
          ]),
        ],
      }),
    });
  });

  it('logs every request of the default stage with its tenant and key name, without headers, kept a year', () => {
    // Prepare
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    const logGroupId: string = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];

    // Assess
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
    });
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      tenantId: '$context.authorizer.tenantId',
      keyId: '$context.authorizer.keyId',
      keyName: '$context.authorizer.keyName',
    });
    expect(JSON.stringify(format)).not.toMatch(/header|x-api-key/i);
    expect(resources[logGroupId]?.Properties.RetentionInDays).toBe(365);
    expect(template.toJSON().Resources[logGroupId].DeletionPolicy).toBe('Retain');
  });

  it('throttles every route on its own, public routes low and the webhook route highest', () => {
    // Prepare
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> =
      stage.Properties.RouteSettings;

    // Assess
    expect(Object.keys(settings).sort()).toEqual(
      ROUTES.map((route) => `${route.method} ${route.path}`).sort(),
    );
    const webhook = settings['POST /webhooks/dwolla']!;
    for (const flooded of ['GET /health', 'GET /oauth/callback']) {
      expect(settings[flooded]!.ThrottlingRateLimit, flooded).toBeLessThan(
        webhook.ThrottlingRateLimit,
      );
      expect(settings[flooded]!.ThrottlingRateLimit, flooded).toBeLessThanOrEqual(10);
    }
    expect(webhook).toEqual({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 });
  });

  it.each(Object.entries(SCHEDULES))(
    'runs the %s schedule at its rate, with retries and a DLQ',
    (_name, schedule) => {
      // Assess
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: schedule.rate,
        State: 'ENABLED',
        Targets: [
          Match.objectLike({
            Arn: {
              'Fn::GetAtt': [
                logicalIdOf(synthesized.stateless.functions[schedule.function].function),
                'Arn',
              ],
            },
            RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
            DeadLetterConfig: {
              Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ScheduleDlq'), 'Arn'] },
            },
          }),
        ],
      });
    },
  );

  /** An alarm on one metric of one resource that fires at the first datum, on the alarm topic. */
  function expectFirstDatumAlarm(
    namespace: string,
    metricName: string,
    dimension: { Name: string; Value: unknown },
  ): void {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: namespace,
      MetricName: metricName,
      Dimensions: [dimension],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: logicalIdOf(synthesized.stateless.alarmTopic) }],
    });
  }

  it.each(queueNames)('alarms as soon as one message sits in the %s DLQ', (name) => {
    // Assess
    expectFirstDatumAlarm('AWS/SQS', 'ApproximateNumberOfMessagesVisible', {
      Name: 'QueueName',
      Value: importOf(`FnGetAtt${STATEFUL_LOGICAL_IDS.queuePrefix(name)}DlqQueueName`),
    });
  });

  it('alarms on the schedule DLQ too', () => {
    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ScheduleDlq'), 'QueueName'] },
        },
      ],
      Threshold: 1,
    });
  });

  it.each(functionNames)('alarms on any error of the %s function', (name) => {
    // Assess
    expectFirstDatumAlarm('AWS/Lambda', 'Errors', {
      Name: 'FunctionName',
      Value: { Ref: logicalIdOf(synthesized.stateless.functions[name].function) },
    });
  });

  it('alarms on API 5xx answers, a paused webhook subscription and unset app credentials found by reconcile', () => {
    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [
        { Name: 'ApiId', Value: { Ref: logicalIdOf(synthesized.stateless.api) } },
        { Name: 'Stage', Value: '$default' },
      ],
      Threshold: 1,
    });
    for (const metricName of ['WebhookSubscriptionPaused', 'DwollaAppCredentialsNotSet']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'DwollaServerless',
        MetricName: metricName,
        Dimensions: [{ Name: 'service', Value: 'dwolla-serverless-sandbox' }],
        Statistic: 'Sum',
        Threshold: 1,
        AlarmActions: [{ Ref: logicalIdOf(synthesized.stateless.alarmTopic) }],
      });
    }
    template.resourceCountIs(
      'AWS::CloudWatch::Alarm',
      queueNames.length + 1 + Object.keys(TABLE_STREAMS).length + functionNames.length + 3,
    );
  });

  it('lets CloudWatch publish to the alarm topic for exactly the alarms of this stack and account', () => {
    // Prepare: every alarm of the template, by logical id
    const alarmIds = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    const topicId = logicalIdOf(synthesized.stateless.alarmTopic);
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy')).filter(
      (policy) => JSON.stringify(policy.Properties.Topics) === JSON.stringify([{ Ref: topicId }]),
    );

    // Act
    const statements: PolicyStatementJson[] = policies.flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    const cloudWatch = statements.filter(
      (statement) => statement.Principal?.Service === 'cloudwatch.amazonaws.com',
    );

    // Assess: without this statement the topic policy (TLS only) refuses CloudWatch's publish.
    expect(cloudWatch).toEqual([
      {
        Sid: 'CloudWatchAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: topicId },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': expect.any(Array) },
        },
      },
    ]);
    const sourceArns = cloudWatch[0]?.Condition?.ArnLike?.['aws:SourceArn'] as unknown[];
    expect(sourceArns.map((arn) => (arn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'])).toEqual(
      alarmIds.map((id) => [id, 'Arn']),
    );
    expect(alarmIds.length).toBeGreaterThan(20);
    expect(statements.filter((statement) => statement.Effect === 'Allow')).toHaveLength(1);
  });

  it('names the AWS command that replays each DLQ in its alarm', () => {
    // Prepare
    const descriptions = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .filter((alarm) => alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible')
      .map((alarm) => JSON.stringify(alarm.Properties.AlarmDescription));

    // Assess: the queue DLQs moved back by SQS, the schedule DLQ replayed by invoking the job,
    // the stream DLQs (batch descriptions only) read back from the stream.
    expect(descriptions).toHaveLength(queueNames.length + 1 + Object.keys(TABLE_STREAMS).length);
    expect(
      descriptions.filter((d) => d.includes('--shard-iterator-type AT_SEQUENCE_NUMBER')),
    ).toHaveLength(Object.keys(TABLE_STREAMS).length);
    expect(
      descriptions.filter((d) => d.includes('aws sqs start-message-move-task --source-arn')),
    ).toHaveLength(queueNames.length);
    for (const name of queueNames) {
      const dlqArn = `FnGetAtt${STATEFUL_LOGICAL_IDS.queuePrefix(name)}DlqArn`;
      expect(
        descriptions.some((d) => d.includes(dlqArn)),
        name,
      ).toBe(true);
    }
    const schedule = descriptions.filter((d) =>
      d.includes('aws lambda invoke --invocation-type Event'),
    );
    expect(schedule).toHaveLength(1);
    expect(schedule[0]).toMatch(/aws sqs purge-queue --queue-url/);
    expect(descriptions.join('\n')).not.toMatch(/npm run redrive/);
  });

  it('outputs the API URL and the webhook URL to register with Dwolla', () => {
    // Prepare
    const endpoint = { 'Fn::GetAtt': [logicalIdOf(synthesized.stateless.api), 'ApiEndpoint'] };

    // Assess
    template.hasOutput('ApiUrl', { Value: endpoint });
    template.hasOutput('WebhookUrl', {
      Value: { 'Fn::Join': ['', [endpoint, '/webhooks/dwolla']] },
    });
  });

  it('outputs what the deploy steps of the README read: the 5xx alarm, the reconcile function and its logs', () => {
    // Assess
    const alarmId = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).find(
      ([, alarm]) => alarm.Properties.MetricName === '5xx',
    )?.[0];
    template.hasOutput('Api5xxAlarmName', { Value: { Ref: alarmId } });
    template.hasOutput('ReconcileFunctionName', {
      Value: { Ref: logicalIdOf(synthesized.stateless.functions.reconcile.function) },
    });
    template.hasOutput('ReconcileLogGroupName', {
      Value: { Ref: logicalIdOf(synthesized.stateless.functions.reconcile.logGroup) },
    });
  });
});
