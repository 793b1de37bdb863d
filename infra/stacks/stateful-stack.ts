import {
  CfnOutput,
  type CfnResource,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { APP_CREDENTIALS_PLACEHOLDER } from '../../shared/accounts/app-credentials.js';
import { TABLE } from '../../shared/adapters/dynamodb/table-design.js';
import { acknowledgeNag } from '../constructs/nag.js';
import { QueueWithDlq } from '../constructs/queue-with-dlq.js';
import {
  EVENT_ATTRIBUTES,
  QUEUE_ENTRIES,
  type QueueName,
  TABLE_STREAM_ENTRIES,
  type TableStreamName,
} from '../definition.js';

/** Fixed CloudFormation logical ids of the stateful resources: never change them. */
export const STATEFUL_LOGICAL_IDS = {
  table: 'Table',
  eventsTopic: 'EventsTopic',
  eventsKey: 'EventsKey',
  appSecret: 'DwollaAppSecret',
  webhookSecret: 'WebhookSecret',
  /** `<Name>Queue` and `<Name>Dlq` for every queue of `QUEUES`. */
  queuePrefix: (name: QueueName) => name.charAt(0).toUpperCase() + name.slice(1),
  /** `<Name>StreamDlq` for every mapping of `TABLE_STREAMS`. */
  streamDlq: (name: TableStreamName) => `${name.charAt(0).toUpperCase()}${name.slice(1)}StreamDlq`,
} as const;

/** A queue of `QUEUES` with its dead-letter queue. */
export interface QueuePair {
  readonly queue: sqs.IQueue;
  readonly dlq: sqs.IQueue;
}

/** What the stateless stack receives from the stateful one. */
export interface StatefulResources {
  readonly table: dynamodb.ITable;
  readonly eventsTopic: sns.ITopic;
  /** The events topic's customer-managed key. */
  readonly eventsKey: kms.IKey;
  readonly queues: Readonly<Record<QueueName, QueuePair>>;
  /** JSON `{ clientId, clientSecret }`: the Dwolla application's key and secret. */
  readonly appSecret: secretsmanager.ISecret;
  /** JSON `{ current, previous? }`: the webhook subscription's signing secret. */
  readonly webhookSecret: secretsmanager.ISecret;
  /** Name prefix of the per-account token secrets, created at runtime. */
  readonly accountSecretPrefix: string;
  /** Name prefix of the per-endpoint notification signing secrets, created at runtime. */
  readonly endpointSecretPrefix: string;
  /** On-failure destination of each table-stream mapping (batches that failed every retry). */
  readonly streamDlqs: Readonly<Record<TableStreamName, sqs.IQueue>>;
}

/** Props of {@link DwollaStatefulStack}. */
export interface DwollaStatefulStackProps extends StackProps {
  /** Prefix of every secret name, with the stage: e.g. `dwolla-serverless/sandbox`. */
  readonly secretNamePrefix: string;
}

/**
 * Everything that holds data: the single table, the events topic, one queue + DLQ per
 * processor (subscribed to the topic as `QUEUES` says) and the Dwolla secrets. Kept apart
 * from the functions so that redeploying code can never replace them; every resource has a
 * fixed logical id and the table is retained and protected from deletion.
 *
 * @example
 * ```ts
 * const stateful = new DwollaStatefulStack(app, 'DwollaStateful-sandbox', { secretNamePrefix: 'dwolla-serverless/sandbox' });
 * new DwollaStatelessStack(app, 'DwollaStateless-sandbox', { stateful: stateful.resources, settings });
 * ```
 */
export class DwollaStatefulStack extends Stack {
  readonly resources: StatefulResources;

  constructor(scope: Construct, id: string, props: DwollaStatefulStackProps) {
    super(scope, id, props);

    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // The app notifications' transactional outbox: every stored leg change, old and new.
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    });
    for (const index of [TABLE.correlationIndex, TABLE.refreshDueIndex]) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
      });
    }
    fixLogicalId(table, STATEFUL_LOGICAL_IDS.table);

    // Encrypted at rest with a customer-managed key (rotated yearly): publishers get its use
    // with their publish grant; SNS hands the subscribed queues plaintext over TLS.
    const eventsKey = new kms.Key(this, 'EventsKey', {
      description: 'dwolla-serverless: encrypts the Dwolla events topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    fixLogicalId(eventsKey, STATEFUL_LOGICAL_IDS.eventsKey);
    const eventsTopic = new sns.Topic(this, 'EventsTopic', {
      displayName: 'Dwolla events, one message per verified webhook or replayed event',
      enforceSSL: true,
      masterKey: eventsKey,
    });
    fixLogicalId(eventsTopic, STATEFUL_LOGICAL_IDS.eventsTopic);

    const queues = {} as Record<QueueName, QueuePair>;
    for (const [name, definition] of QUEUE_ENTRIES) {
      const pair = new QueueWithDlq(this, `${STATEFUL_LOGICAL_IDS.queuePrefix(name)}Queues`, {
        definition,
        logicalIdPrefix: STATEFUL_LOGICAL_IDS.queuePrefix(name),
      });
      if (definition.eventsSubscription) {
        const prefixes = definition.eventsSubscription.topicPrefixes ?? [];
        eventsTopic.addSubscription(
          new subscriptions.SqsSubscription(pair.queue, {
            rawMessageDelivery: true,
            filterPolicy:
              prefixes.length > 0
                ? {
                    [EVENT_ATTRIBUTES.topic]: sns.SubscriptionFilter.stringFilter({
                      matchPrefixes: [...prefixes],
                    }),
                  }
                : undefined,
          }),
        );
      }
      queues[name] = { queue: pair.queue, dlq: pair.dlq };
    }

    const streamDlqs = {} as Record<TableStreamName, sqs.IQueue>;
    for (const [name] of TABLE_STREAM_ENTRIES) {
      const dlq = new sqs.Queue(this, STATEFUL_LOGICAL_IDS.streamDlq(name), {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      fixLogicalId(dlq, STATEFUL_LOGICAL_IDS.streamDlq(name));
      acknowledgeNag(
        dlq,
        'AwsSolutions-SQS3',
        'this queue is itself the on-failure destination of a table-stream ' +
          'mapping (cdk-nag only recognises DLQs of other queues).',
      );
      streamDlqs[name] = dlq;
    }

    // The secrets are retained when the stack is deleted, and a name already taken makes
    // CloudFormation fail to create the stack again: the last group of this stack instance's id
    // (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html)
    // makes the names unique per instance while keeping the stage readable in them.
    const instance = Fn.select(4, Fn.split('-', Fn.select(2, Fn.split('/', this.stackId))));
    const appSecret = new secretsmanager.Secret(this, 'DwollaAppSecret', {
      secretName: `${props.secretNamePrefix}/dwolla-app-${instance}`,
      description:
        'Dwolla application key and secret, JSON {"clientId","clientSecret"}: set both before use',
      generateSecretString: {
        // Refused by the functions until an operator sets the real key (app-credentials.ts).
        secretStringTemplate: JSON.stringify({ clientId: APP_CREDENTIALS_PLACEHOLDER }),
        generateStringKey: 'clientSecret',
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    fixLogicalId(appSecret, STATEFUL_LOGICAL_IDS.appSecret);
    acknowledgeNag(
      appSecret,
      'AwsSolutions-SMG4',
      'the Dwolla key and secret are issued in the Dwolla dashboard; ' +
        'Secrets Manager cannot rotate them, an operator does.',
    );

    // The webhook subscription's secret
    // (https://developers.dwolla.com/guides/webhooks/process-validate: HMAC-SHA256 key). `previous`
    // is kept during a rotation so in-flight deliveries still verify.
    const webhookSecret = new secretsmanager.Secret(this, 'WebhookSecret', {
      secretName: `${props.secretNamePrefix}/webhook-secret-${instance}`,
      description: 'Dwolla webhook subscription signing secret, JSON {"current","previous"?}',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: 'current',
        excludePunctuation: true,
        passwordLength: 64,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    fixLogicalId(webhookSecret, STATEFUL_LOGICAL_IDS.webhookSecret);
    acknowledgeNag(
      webhookSecret,
      'AwsSolutions-SMG4',
      'the webhook secret is registered with the Dwolla subscription; ' +
        'rotating it means re-subscribing, which an operator does with npm run dwolla.',
    );

    new CfnOutput(this, 'TableName', {
      value: table.tableName,
      description: 'npm run apikey -- create <name> --table <TableName>',
    });
    new CfnOutput(this, 'DwollaAppSecretArn', {
      value: appSecret.secretArn,
      description: 'Set {"clientId","clientSecret"} with aws secretsmanager put-secret-value',
    });
    new CfnOutput(this, 'WebhookSecretArn', {
      value: webhookSecret.secretArn,
      description: 'npm run dwolla -- subscribe <url> --webhook-secret-id <WebhookSecretArn>',
    });

    this.resources = {
      table,
      eventsTopic,
      eventsKey,
      queues,
      appSecret,
      webhookSecret,
      accountSecretPrefix: `${props.secretNamePrefix}/accounts`,
      endpointSecretPrefix: `${props.secretNamePrefix}/webhook-endpoints`,
      streamDlqs,
    };
  }
}

function fixLogicalId(construct: Construct, logicalId: string): void {
  (construct.node.defaultChild as CfnResource).overrideLogicalId(logicalId);
}
