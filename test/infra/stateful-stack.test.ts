import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUEUES, type QueueName } from '../../infra/definition.js';
import { STATEFUL_LOGICAL_IDS } from '../../infra/stacks/stateful-stack.js';
import { TABLE } from '../../shared/adapters/dynamodb/table-design.js';
import { synthDwollaApp } from './support/dwolla-app.js';

const queueNames = Object.keys(QUEUES) as QueueName[];

/**
 * `<prefix>` followed by the last group of the stack's id: unique to one instance of the stack,
 * so a secret retained from a deleted stack never blocks creating the stage again.
 */
const instanceName = (prefix: string) => ({
  'Fn::Join': [
    '',
    [
      prefix,
      {
        'Fn::Select': [
          4,
          {
            'Fn::Split': [
              '-',
              { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] },
            ],
          },
        ],
      },
    ],
  ],
});

describe('DwollaStatefulStack', () => {
  let template: Template;
  let resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown> } & Record<string, unknown>
  >;

  beforeAll(() => {
    // Prepare: the stateful stack has no function, so skipping bundling changes nothing here.
    template = synthDwollaApp({}, { bundle: false }).statefulTemplate;
    resources = template.toJSON().Resources;
  });

  it('keeps the logical ids of the table, topic, queues and secrets, so no deploy ever replaces them', () => {
    // Act
    const types = {
      Table: resources.Table?.Type,
      EventsTopic: resources.EventsTopic?.Type,
      EventsKey: resources.EventsKey?.Type,
      DwollaAppSecret: resources.DwollaAppSecret?.Type,
      WebhookSecret: resources.WebhookSecret?.Type,
      EventStoreQueue: resources.EventStoreQueue?.Type,
      EventStoreDlq: resources.EventStoreDlq?.Type,
      TransferChainQueue: resources.TransferChainQueue?.Type,
      TransferChainDlq: resources.TransferChainDlq?.Type,
      PaymentRecordsQueue: resources.PaymentRecordsQueue?.Type,
      PaymentRecordsDlq: resources.PaymentRecordsDlq?.Type,
      TokenRefreshQueue: resources.TokenRefreshQueue?.Type,
      TokenRefreshDlq: resources.TokenRefreshDlq?.Type,
      NotificationsQueue: resources.NotificationsQueue?.Type,
      NotificationsDlq: resources.NotificationsDlq?.Type,
      NotificationOutboxStreamDlq: resources.NotificationOutboxStreamDlq?.Type,
    };

    // Assess: literal ids, not derived from the code under test.
    expect(types).toEqual({
      Table: 'AWS::DynamoDB::Table',
      EventsTopic: 'AWS::SNS::Topic',
      EventsKey: 'AWS::KMS::Key',
      DwollaAppSecret: 'AWS::SecretsManager::Secret',
      WebhookSecret: 'AWS::SecretsManager::Secret',
      EventStoreQueue: 'AWS::SQS::Queue',
      EventStoreDlq: 'AWS::SQS::Queue',
      TransferChainQueue: 'AWS::SQS::Queue',
      TransferChainDlq: 'AWS::SQS::Queue',
      PaymentRecordsQueue: 'AWS::SQS::Queue',
      PaymentRecordsDlq: 'AWS::SQS::Queue',
      TokenRefreshQueue: 'AWS::SQS::Queue',
      TokenRefreshDlq: 'AWS::SQS::Queue',
      NotificationsQueue: 'AWS::SQS::Queue',
      NotificationsDlq: 'AWS::SQS::Queue',
      NotificationOutboxStreamDlq: 'AWS::SQS::Queue',
    });
    expect(template.findResources('AWS::SQS::Queue')).toSatisfy(
      (queues: object) => Object.keys(queues).length === queueNames.length * 2 + 1,
    );
  });

  it('streams every table change with old and new images (the notifications outbox)', () => {
    // Assess
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('makes the notifications queue and its DLQ FIFO, deduplicated and throttled per message group', () => {
    // Assess
    expect(resources.NotificationsQueue?.Properties).toMatchObject({
      FifoQueue: true,
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
      VisibilityTimeout: 60,
      RedrivePolicy: { maxReceiveCount: 8 },
    });
    expect(resources.NotificationsDlq?.Properties).toMatchObject({
      FifoQueue: true,
      MessageRetentionPeriod: 1_209_600,
    });
  });

  it('creates one on-demand table with the single-table keys, both GSIs, TTL, PITR and deletion protection', () => {
    // Assess
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    expect(resources.Table).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'byCorrelationId',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
        Match.objectLike({
          IndexName: 'byRefreshDue',
          KeySchema: [
            { AttributeName: 'gsi2pk', KeyType: 'HASH' },
            { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
          ],
        }),
      ]),
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true },
    });
  });

  it.each(queueNames)(
    'gives the %s queue a DLQ with the receive count and visibility of the definition',
    (name) => {
      // Prepare
      const prefix = STATEFUL_LOGICAL_IDS.queuePrefix(name);
      const definition = QUEUES[name];

      // Assess
      expect(resources[`${prefix}Queue`]?.Properties).toMatchObject({
        VisibilityTimeout: definition.visibilityTimeoutSeconds,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [`${prefix}Dlq`, 'Arn'] },
          maxReceiveCount: definition.maxReceiveCount,
        },
      });
      expect(resources[`${prefix}Dlq`]?.Properties).toMatchObject({
        MessageRetentionPeriod: 1_209_600,
        SqsManagedSseEnabled: true,
      });
    },
  );

  it('encrypts the events topic with its own rotated, retained customer-managed key, and every queue', () => {
    // Prepare
    const json = template.toJSON().Resources;

    // Assess
    expect(resources.EventsTopic?.Properties?.KmsMasterKeyId).toEqual({
      'Fn::GetAtt': ['EventsKey', 'Arn'],
    });
    expect(json.EventsKey).toMatchObject({
      Type: 'AWS::KMS::Key',
      DeletionPolicy: 'Retain',
      Properties: { EnableKeyRotation: true },
    });
    const queues = Object.values(json).filter(
      (resource) => (resource as { Type: string }).Type === 'AWS::SQS::Queue',
    ) as { Properties: { SqsManagedSseEnabled?: boolean; KmsMasterKeyId?: unknown } }[];
    expect(queues.length).toBeGreaterThan(0);
    for (const queue of queues) {
      expect(
        queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId,
      ).toBeTruthy();
    }
  });

  it('refuses any request to the queues and the topic that does not use TLS', () => {
    // Prepare
    const denyInsecure = Match.objectLike({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });

    // Assess
    for (const name of queueNames) {
      const prefix = STATEFUL_LOGICAL_IDS.queuePrefix(name);
      for (const queue of [`${prefix}Queue`, `${prefix}Dlq`]) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: Match.arrayWith([{ Ref: queue }]),
          PolicyDocument: { Statement: Match.arrayWith([denyInsecure]) },
        });
      }
    }
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: 'EventsTopic' }],
      PolicyDocument: { Statement: Match.arrayWith([denyInsecure]) },
    });
  });

  it('subscribes each processor queue to the events topic with raw delivery and its topic-prefix filter', () => {
    // Prepare
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription'));
    const byQueue = (queueLogicalId: string) =>
      subscriptions.filter(
        (subscription) =>
          JSON.stringify(subscription.Properties.Endpoint) ===
          JSON.stringify({ 'Fn::GetAtt': [queueLogicalId, 'Arn'] }),
      );

    // Assess: the event store sees every event, the others only their topics.
    expect(byQueue('EventStoreQueue')).toEqual([
      expect.objectContaining({
        Properties: expect.not.objectContaining({ FilterPolicy: expect.anything() }),
      }),
    ]);
    expect(byQueue('EventStoreQueue')[0]?.Properties).toMatchObject({
      Protocol: 'sqs',
      TopicArn: { Ref: 'EventsTopic' },
      RawMessageDelivery: true,
    });
    expect(byQueue('TransferChainQueue')[0]?.Properties).toMatchObject({
      RawMessageDelivery: true,
      FilterPolicy: {
        topic: [
          { prefix: 'transfer_' },
          { prefix: 'bank_transfer_' },
          { prefix: 'customer_transfer_' },
          { prefix: 'customer_bank_transfer_' },
        ],
      },
    });
    expect(byQueue('PaymentRecordsQueue')[0]?.Properties).toMatchObject({
      RawMessageDelivery: true,
      FilterPolicy: {
        topic: [
          { prefix: 'customer_bill_payment_' },
          { prefix: 'mass_payment_' },
          { prefix: 'customer_mass_payment_' },
        ],
      },
    });
    expect(byQueue('TokenRefreshQueue')).toEqual([]);
    expect(subscriptions).toHaveLength(3);
  });

  it('lets the topic deliver only to the queues subscribed to it', () => {
    // Assess
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: 'TransferChainQueue' }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sqs:SendMessage',
            Effect: 'Allow',
            Principal: { Service: 'sns.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { Ref: 'EventsTopic' } } },
          }),
        ]),
      },
    });
  });

  it('creates the Dwolla app secret and a generated webhook secret in the JSON shapes the functions read', () => {
    // Assess
    expect(resources.DwollaAppSecret?.Properties).toMatchObject({
      Name: instanceName('dwolla-serverless/sandbox/dwolla-app-'),
      GenerateSecretString: {
        SecretStringTemplate: JSON.stringify({ clientId: 'set-me' }),
        GenerateStringKey: 'clientSecret',
      },
    });
    expect(resources.WebhookSecret?.Properties).toMatchObject({
      Name: instanceName('dwolla-serverless/sandbox/webhook-secret-'),
      GenerateSecretString: {
        SecretStringTemplate: '{}',
        GenerateStringKey: 'current',
        PasswordLength: 64,
        ExcludePunctuation: true,
      },
    });
    expect(resources.DwollaAppSecret).toMatchObject({ DeletionPolicy: 'Retain' });
    expect(resources.WebhookSecret).toMatchObject({ DeletionPolicy: 'Retain' });
  });

  it('outputs the secret ARNs and the table name an operator needs after the deploy', () => {
    // Assess
    template.hasOutput('DwollaAppSecretArn', { Value: { Ref: 'DwollaAppSecret' } });
    template.hasOutput('WebhookSecretArn', { Value: { Ref: 'WebhookSecret' } });
    template.hasOutput('TableName', { Value: { Ref: 'Table' } });
  });
});
