import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  APP_CREDENTIALS_NOT_SET_METRIC,
  WEBHOOK_PAUSED_METRIC,
} from '../../shared/webhooks/reconcile.js';
import { QUEUES, type QueueName, TABLE_STREAMS, type TableStreamName } from '../definition.js';
import type { StatefulResources } from '../stacks/stateful-stack.js';
import { POWERTOOLS } from './dwolla-function.js';
import type { DwollaFunctions } from './functions.js';
import { acknowledgeNag } from './nag.js';
import { pascal } from './names.js';

/** Props of {@link DwollaAlarms}. */
export interface DwollaAlarmsProps {
  /** The deployment stage, in the topic's display name. */
  readonly stage: string;
  /** Subscribed to the alarm topic when set. */
  readonly alarmEmail?: string;
  readonly stateful: StatefulResources;
  readonly functions: DwollaFunctions;
  readonly httpStage: apigw.HttpStage;
  /** The schedules' dead-letter queue. */
  readonly scheduleDlq: sqs.IQueue;
  /** Powertools service name: the `service` dimension of the custom metrics. */
  readonly serviceName: string;
}

/** The shape every alarm of this stack shares: one breaching 5-minute (or longer) period. */
const ANY_BREACH = {
  threshold: 1,
  evaluationPeriods: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
} as const;

/**
 * The alarms and the topic they notify (e-mailed to `alarmEmail`): a message in any dead-letter
 * queue, a function error, an API 5xx, and the two conditions reconcile reports as metrics.
 *
 * Built in `scope` itself, like the API, so the topic keeps its logical id (a new topic would
 * need its e-mail subscription confirmed again) and so do the alarms.
 *
 * @example
 * ```ts
 * const { topic } = new DwollaAlarms(this, { stage, stateful, functions, httpStage, scheduleDlq, serviceName });
 * ```
 */
export class DwollaAlarms {
  readonly topic: sns.Topic;

  private readonly scope: Construct;
  private readonly action: SnsAction;
  /** Every alarm created, in order: the topic policy names each one. */
  private readonly created: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, props: DwollaAlarmsProps) {
    this.scope = scope;
    this.topic = new sns.Topic(scope, 'AlarmTopic', {
      displayName: `dwolla-serverless ${props.stage} alarms`,
      enforceSSL: true,
    });
    acknowledgeNag(
      this.topic,
      'AwsSolutions-SNS2',
      'CloudWatch alarms cannot publish to a topic encrypted with the ' +
        'AWS-managed SNS key, and alarm notifications carry no secret or personal data.',
    );
    if (props.alarmEmail) {
      this.topic.addSubscription(new snsSubscriptions.EmailSubscription(props.alarmEmail));
    }
    this.action = new SnsAction(this.topic);

    this.addDlqAlarms(props.stateful, props.scheduleDlq);
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${pascal(name)}ErrorsAlarm`, {
        alarmDescription: `The ${name} function failed`,
        metric: fn.function.metricErrors({ period: Duration.minutes(5) }),
      });
    }
    // Dwolla pauses a subscription after 400 consecutive failures
    // (https://developers.dwolla.com/guides/webhooks/process-validate): any 5xx answered to the
    // webhook sender counts toward that.
    const api5xx = this.alarm('Api5xxAlarm', {
      alarmDescription: 'The HTTP API answered 5xx (the webhook intake included)',
      metric: props.httpStage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
    });
    this.alarm('WebhookSubscriptionPausedAlarm', {
      alarmDescription:
        'Reconcile found the Dwolla webhook subscription paused (and unpaused it): check the intake',
      metric: reconcileMetric(WEBHOOK_PAUSED_METRIC, props.serviceName),
    });
    this.alarm('AppCredentialsNotSetAlarm', {
      alarmDescription:
        'Reconcile found the Dwolla application credentials secret still holding its placeholder ' +
        'and made no Dwolla call: set {"clientId","clientSecret"} with aws secretsmanager ' +
        `put-secret-value --secret-id ${props.stateful.appSecret.secretArn}`,
      metric: reconcileMetric(APP_CREDENTIALS_NOT_SET_METRIC, props.serviceName),
    });
    this.allowCloudWatchToPublish();
    new CfnOutput(scope, 'Api5xxAlarmName', {
      value: api5xx.alarmName,
      description: 'Prove alarm e-mails arrive: aws cloudwatch set-alarm-state --alarm-name <this>',
    });
  }

  private alarm(
    id: string,
    props: Pick<cloudwatch.AlarmProps, 'alarmDescription' | 'metric'>,
  ): cloudwatch.Alarm {
    const created = new cloudwatch.Alarm(this.scope, id, { ...props, ...ANY_BREACH });
    created.addAlarmAction(this.action);
    this.created.push(created);
    return created;
  }

  private addDlqAlarms(stateful: StatefulResources, scheduleDlq: sqs.IQueue): void {
    const dlqs: [string, sqs.IQueue][] = [
      ...(Object.keys(QUEUES) as QueueName[]).map((name): [string, sqs.IQueue] => [
        pascal(name),
        stateful.queues[name].dlq,
      ]),
      ['Schedule', scheduleDlq],
      ...(Object.keys(TABLE_STREAMS) as TableStreamName[]).map((name): [string, sqs.IQueue] => [
        `${pascal(name)}Stream`,
        stateful.streamDlqs[name],
      ]),
    ];
    const streamDlqs = new Set<sqs.IQueue>(Object.values(stateful.streamDlqs));
    for (const [label, dlq] of dlqs) {
      this.alarm(`${label}DlqAlarm`, {
        alarmDescription: streamDlqs.has(dlq)
          ? `A batch of table-stream records failed the ${label} consumer after its retries. ` +
            'Each message describes the batch (DDBStreamBatchInfo: shard, first and last sequence ' +
            'numbers), not the records: fix the cause, then read those records back from the ' +
            'stream while it keeps them (24 h) with aws dynamodbstreams get-shard-iterator ' +
            '--shard-iterator-type AT_SEQUENCE_NUMBER and process them; nothing moves them back.'
          : dlq === scheduleDlq
            ? 'A scheduled job could not be started (EventBridge gave up on its event; the ' +
              'RULE_ARN and TARGET_ARN message attributes name the job). Check that function, ' +
              'run the job now with aws lambda invoke --invocation-type Event --function-name ' +
              '<function> (the next schedule runs it anyway), then aws sqs purge-queue ' +
              `--queue-url ${dlq.queueUrl}: no queue redrives into this one.`
            : `Messages in the ${label} dead-letter queue: inspect them, fix the cause, then ` +
              `move them back with aws sqs start-message-move-task --source-arn ${dlq.queueArn}`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
      });
    }
  }

  /**
   * `enforceSSL` gives the topic a policy, and a topic policy replaces SNS's default one that
   * let the account's services publish: CloudWatch must be allowed by name, and only for these
   * alarms of this account (the confused-deputy guard of
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html and
   * https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html).
   */
  private allowCloudWatchToPublish(): void {
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this.scope).account },
          ArnLike: { 'aws:SourceArn': this.created.map((created) => created.alarmArn) },
        },
      }),
    );
  }
}

/** A count reconcile publishes through Powertools Metrics, summed over its 15-minute schedule. */
function reconcileMetric(metricName: string, serviceName: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: POWERTOOLS.namespace,
    metricName,
    dimensionsMap: { service: serviceName },
    period: Duration.minutes(15),
    statistic: 'Sum',
  });
}
