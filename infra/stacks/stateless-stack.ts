import {
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { APP_CREDENTIALS_NOT_SET_METRIC } from '../../shared/webhooks/reconcile.js';
import { DwollaFunction, POWERTOOLS } from '../constructs/dwolla-function.js';
import { acknowledgeNag } from '../constructs/nag.js';
import {
  AUTHORIZER,
  FUNCTIONS,
  type FunctionAccess,
  type FunctionName,
  QUEUES,
  type QueueDefinition,
  type QueueName,
  ROUTES,
  type RouteDefinition,
  routeKey,
  SCHEDULES,
  TABLE_STREAMS,
  type TableStreamName,
} from '../definition.js';
import { type EnvironmentValues, functionEnvironment } from '../function-environment.js';
import { tableVaultActions } from '../function-permissions.js';
import { DefinitionWiringError } from './errors.js';
import type { DeploymentSettings } from './settings.js';
import type { StatefulResources } from './stateful-stack.js';

/** The function behind every `auth: 'apiKey'` route's authorizer. */
export const AUTHORIZER_FUNCTION: FunctionName = 'authorizer';

/** Fixed logical id of the token secrets' KMS key: replacing it would orphan every secret. */
export const TOKEN_SECRETS_KEY_LOGICAL_ID = 'TokenSecretsKey';

/** How long access logs and function logs are kept (an audit trail of who did what). */
export const LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/** Reconcile's metric, published when it found the webhook subscription paused. */
export const WEBHOOK_PAUSED_METRIC = 'WebhookSubscriptionPaused';

/** Steady-state and burst request limits of the HTTP API's default stage. */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

/** Props of {@link DwollaStatelessStack}. */
export interface DwollaStatelessStackProps extends StackProps {
  readonly stateful: StatefulResources;
  readonly settings: DeploymentSettings;
}

/**
 * Everything that is code or can be recreated at will: the functions, the HTTP API and its
 * authorizer, the SQS event sources, the schedules and the alarms. Built only from
 * `infra/definition.ts`, like the local runner, so that local and AWS cannot drift.
 *
 * @example
 * ```ts
 * new DwollaStatelessStack(app, 'DwollaStateless', { stateful: stateful.resources, settings });
 * ```
 */
export class DwollaStatelessStack extends Stack {
  readonly functions: Readonly<Record<FunctionName, DwollaFunction>>;
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly alarmTopic: sns.Topic;
  /** Encrypts the per-account token secrets; its policy names the roles that use them. */
  readonly tokenSecretsKey: kms.Key;
  /** Powertools service name of every function: the metrics' `service` dimension. */
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: DwollaStatelessStackProps) {
    super(scope, id, props);
    // Strong references (Fn::ImportValue): CloudFormation refuses to delete or change a
    // stateful resource while these functions still use it.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { stateful, settings } = props;

    // Metrics and logs carry the stage, so one stage's alarms never fire for another's metric.
    this.serviceName = `${POWERTOOLS.serviceName}-${settings.stage}`;
    this.api = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `dwolla-serverless-${settings.stage}`,
      description: `dwolla-serverless API (${settings.stage})`,
      createDefaultStage: false,
    });
    this.stage = this.createDefaultStage();
    const stage = this.stage;
    const oauthRedirectUri = settings.oauthRedirectUri ?? `${this.api.apiEndpoint}/oauth/callback`;

    this.tokenSecretsKey = this.createTokenSecretsKey();

    const values: EnvironmentValues = {
      tableName: stateful.table.tableName,
      tokenRefreshWindowDays: String(settings.tokenRefreshWindowDays),
      eventsTopicArn: stateful.eventsTopic.topicArn,
      queueUrls: Object.fromEntries(
        (Object.keys(QUEUES) as QueueName[]).map((name) => [
          name,
          stateful.queues[name].queue.queueUrl,
        ]),
      ) as Record<QueueName, string>,
      appSecretId: stateful.appSecret.secretArn,
      webhookSecretId: stateful.webhookSecret.secretArn,
      dwolla: {
        apiUrl: settings.dwollaApiUrl,
        tokenUrl: settings.dwollaTokenUrl,
        authorizeUrl: settings.dwollaAuthorizeUrl,
        clientAuth: settings.dwollaClientAuth,
        oauthRedirectUri,
        oauthReturnUrlAllowlist: settings.oauthReturnUrlAllowlist,
      },
      accountSecretPrefix: stateful.accountSecretPrefix,
      accountSecretKmsKeyId: this.tokenSecretsKey.keyArn,
      endpointSecretPrefix: stateful.endpointSecretPrefix,
      notificationRetryDelaysSeconds: settings.notificationRetryDelaysSeconds.join(','),
      ...(settings.tokenVault === 'kms-table'
        ? { tokenVault: { vault: 'kms-table', kmsKeyId: this.tokenSecretsKey.keyArn } }
        : {}),
    };

    this.functions = Object.fromEntries(
      (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => {
        const definition = FUNCTIONS[name];
        const access: FunctionAccess = definition.access;
        const fn = new DwollaFunction(this, pascal(name), {
          definition,
          tokenVault: settings.tokenVault,
          environment: {
            POWERTOOLS_SERVICE_NAME: this.serviceName,
            ...functionEnvironment(name, values),
          },
        });
        if (access.table) fn.bindTable(stateful.table, access.table);
        if (access.publishEvents) fn.bindTopicPublish(stateful.eventsTopic, stateful.eventsKey);
        for (const queueName of access.sendTo ?? []) {
          fn.bindQueueSend(stateful.queues[queueName].queue);
        }
        if (access.appSecret) fn.bindSecretRead(stateful.appSecret);
        if (access.writeWebhookSecret) fn.bindSecretWrite(stateful.webhookSecret);
        else if (access.webhookSecret) fn.bindSecretRead(stateful.webhookSecret);
        if (access.accountSecrets && settings.tokenVault === 'kms-table') {
          fn.bindTableTokenVault(
            stateful.table,
            this.tokenSecretsKey,
            tableVaultActions(access.accountSecrets),
          );
        } else if (access.accountSecrets) {
          fn.bindAccountSecrets(
            stateful.accountSecretPrefix,
            access.accountSecrets,
            this.tokenSecretsKey,
          );
        }
        if (access.endpointSecrets) {
          fn.bindEndpointSecrets(stateful.endpointSecretPrefix, access.endpointSecrets);
        }
        return [name, fn];
      }),
    ) as Record<FunctionName, DwollaFunction>;

    this.addRoutes();
    this.addQueueConsumers(stateful);
    this.addStreamConsumers(stateful);
    const scheduleDlq = this.addSchedules();

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `dwolla-serverless ${settings.stage} alarms`,
      enforceSSL: true,
    });
    acknowledgeNag(
      this.alarmTopic,
      'AwsSolutions-SNS2',
      'CloudWatch alarms cannot publish to a topic encrypted with the ' +
        'AWS-managed SNS key, and alarm notifications carry no secret or personal data.',
    );
    if (settings.alarmEmail) {
      this.alarmTopic.addSubscription(new snsSubscriptions.EmailSubscription(settings.alarmEmail));
    }
    this.addAlarms(stateful, scheduleDlq, stage);

    new CfnOutput(this, 'ApiUrl', {
      value: this.api.apiEndpoint,
      description: 'HTTP API base URL',
    });
    new CfnOutput(this, 'WebhookUrl', {
      value: `${this.api.apiEndpoint}${webhookRoute().path}`,
      description: 'Register it with: npm run dwolla -- subscribe <WebhookUrl>',
    });
    new CfnOutput(this, 'OAuthRedirectUri', { value: oauthRedirectUri });
    new CfnOutput(this, 'ReconcileFunctionName', {
      value: this.functions.reconcile.function.functionName,
      description: 'Catch up: aws lambda invoke --invocation-type Event (README, "Deploy to AWS")',
    });
    new CfnOutput(this, 'ReconcileLogGroupName', {
      value: this.functions.reconcile.logGroup.logGroupName,
    });
  }

  /**
   * The customer-managed key of the token secrets, rotated yearly. Its policy lets the account
   * administer it but use it nobody: each function that reads or writes a pair is named in it
   * by `bindAccountSecrets`. Kept when the stack goes (the secrets it encrypts outlive it).
   */
  private createTokenSecretsKey(): kms.Key {
    const key = new kms.Key(this, TOKEN_SECRETS_KEY_LOGICAL_ID, {
      description: 'dwolla-serverless: encrypts the per-account Dwolla token secrets',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'KeyAdministration',
            principals: [new iam.AccountRootPrincipal()],
            actions: [
              'kms:Create*',
              'kms:Describe*',
              'kms:Enable*',
              'kms:List*',
              'kms:Put*',
              'kms:Update*',
              'kms:Revoke*',
              'kms:Disable*',
              'kms:Get*',
              'kms:Delete*',
              'kms:TagResource',
              'kms:UntagResource',
              'kms:ScheduleKeyDeletion',
              'kms:CancelKeyDeletion',
            ],
            resources: ['*'],
          }),
        ],
      }),
    });
    (key.node.defaultChild as kms.CfnKey).overrideLogicalId(TOKEN_SECRETS_KEY_LOGICAL_ID);
    return key;
  }

  private createDefaultStage(): apigw.HttpStage {
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Context variables only: never a header, so an x-api-key never reaches the logs. The
    // tenant and key (id and name, from the authorizer) say who made each request.
    const format = AccessLogFormat.custom(
      JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        requestTime: '$context.requestTime',
        routeKey: '$context.routeKey',
        status: '$context.status',
        protocol: '$context.protocol',
        responseLength: '$context.responseLength',
        tenantId: '$context.authorizer.tenantId',
        keyId: '$context.authorizer.keyId',
        keyName: '$context.authorizer.keyName',
        integrationError: '$context.integrationErrorMessage',
        authorizerError: '$context.authorizer.error',
      }),
    );
    return new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs), format },
    });
  }

  private addRoutes(): void {
    const authorizer = new HttpLambdaAuthorizer(
      'ApiKeyAuthorizer',
      this.functions[AUTHORIZER_FUNCTION].function,
      {
        responseTypes: [HttpLambdaResponseType.SIMPLE],
        identitySource: [`$request.header.${AUTHORIZER.identityHeader}`],
        resultsCacheTtl: Duration.seconds(AUTHORIZER.resultsCacheTtlSeconds),
      },
    );
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    // `RouteSettings` is a JSON map in CloudFormation: CDK passes its keys through unchanged.
    const routeSettings: Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    > = {};
    const created: apigw.HttpRoute[] = [];
    for (const route of ROUTES as readonly RouteDefinition[]) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(
          `${pascal(route.function)}Integration`,
          this.functions[route.function].function,
        );
        integrations.set(route.function, integration);
      }
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration,
        authorizer: route.auth === 'apiKey' ? authorizer : new apigw.HttpNoneAuthorizer(),
      });
      if (httpRoute) created.push(httpRoute);
      if (route.auth === 'public' && httpRoute) {
        acknowledgeNag(
          httpRoute,
          'AwsSolutions-APIG4',
          `${route.method} ${route.path} is public by design (${publicReason(route.path)}).`,
        );
      }
      const throttle = route.throttle ?? API_THROTTLE;
      routeSettings[routeKey(route)] = {
        ThrottlingRateLimit: throttle.rateLimit,
        ThrottlingBurstLimit: throttle.burstLimit,
      };
    }
    // Every route gets its own limits, so a flood on one public route is refused there (429)
    // and never takes the capacity of /webhooks/dwolla, whose failures Dwolla counts toward
    // pausing the subscription (https://developers.dwolla.com/guides/webhooks/process-validate).
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    cfnStage.routeSettings = routeSettings;
    for (const httpRoute of created) this.stage.node.addDependency(httpRoute);
  }

  private addQueueConsumers(stateful: StatefulResources): void {
    for (const name of Object.keys(QUEUES) as QueueName[]) {
      const definition: QueueDefinition = QUEUES[name];
      const consumer = this.functions[definition.consumer];
      const { queue } = stateful.queues[name];
      consumer.function.addEventSource(
        new SqsEventSource(queue, {
          batchSize: definition.batchSize,
          // Lambda accepts no batching window on a FIFO queue.
          ...(definition.fifo
            ? {}
            : { maxBatchingWindow: Duration.seconds(definition.maxBatchingWindowSeconds) }),
          ...(definition.maxConcurrency ? { maxConcurrency: definition.maxConcurrency } : {}),
          reportBatchItemFailures: true,
        }),
      );
    }
  }

  private addStreamConsumers(stateful: StatefulResources): void {
    for (const name of Object.keys(TABLE_STREAMS) as TableStreamName[]) {
      const definition = TABLE_STREAMS[name];
      this.functions[definition.consumer].function.addEventSource(
        new DynamoEventSource(stateful.table, {
          // From the oldest record: changes stored before the mapping existed are not lost.
          startingPosition: lambda.StartingPosition.TRIM_HORIZON,
          batchSize: definition.batchSize,
          maxBatchingWindow: Duration.seconds(definition.maxBatchingWindowSeconds),
          retryAttempts: definition.maxRetryAttempts,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(stateful.streamDlqs[name]),
          filters: definition.filterPatterns.map((pattern) =>
            lambda.FilterCriteria.filter(pattern as Record<string, unknown>),
          ),
        }),
      );
    }
  }

  private addSchedules(): sqs.Queue {
    // Catches the schedule events EventBridge could not deliver to the function. No queue
    // redrives into it, so `start-message-move-task` has no source to move them back to: the job
    // is run again by hand instead (see the alarm description and README, "Deploy to AWS").
    const scheduleDlq = new sqs.Queue(this, 'ScheduleDlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeNag(
      scheduleDlq,
      'AwsSolutions-SQS3',
      'this queue is itself the dead-letter queue of the EventBridge ' +
        'schedule targets (cdk-nag only recognises DLQs of other queues).',
    );
    for (const [name, schedule] of Object.entries(SCHEDULES)) {
      new events.Rule(this, `${pascal(name)}Schedule`, {
        description: schedule.description,
        schedule: events.Schedule.expression(schedule.rate),
        targets: [
          new targets.LambdaFunction(this.functions[schedule.function].function, {
            retryAttempts: 2,
            maxEventAge: Duration.hours(1),
            deadLetterQueue: scheduleDlq,
          }),
        ],
      });
    }
    return scheduleDlq;
  }

  private addAlarms(
    stateful: StatefulResources,
    scheduleDlq: sqs.IQueue,
    stage: apigw.HttpStage,
  ): void {
    const action = new SnsAction(this.alarmTopic);
    const alarms: cloudwatch.Alarm[] = [];
    const alarm = (id: string, props: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, id, props);
      created.addAlarmAction(action);
      alarms.push(created);
      return created;
    };

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
      alarm(`${label}DlqAlarm`, {
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
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    for (const [name, fn] of Object.entries(this.functions)) {
      alarm(`${pascal(name)}ErrorsAlarm`, {
        alarmDescription: `The ${name} function failed`,
        metric: fn.function.metricErrors({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    // Dwolla pauses a subscription after 400 consecutive failures
    // (https://developers.dwolla.com/guides/webhooks/process-validate): any 5xx answered to the
    // webhook sender counts toward that.
    const api5xx = alarm('Api5xxAlarm', {
      alarmDescription: 'The HTTP API answered 5xx (the webhook intake included)',
      metric: stage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    alarm('WebhookSubscriptionPausedAlarm', {
      alarmDescription:
        'Reconcile found the Dwolla webhook subscription paused (and unpaused it): check the intake',
      metric: new cloudwatch.Metric({
        namespace: POWERTOOLS.namespace,
        metricName: WEBHOOK_PAUSED_METRIC,
        dimensionsMap: { service: this.serviceName },
        period: Duration.minutes(15),
        statistic: 'Sum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    alarm('AppCredentialsNotSetAlarm', {
      alarmDescription:
        'Reconcile found the Dwolla application credentials secret still holding its placeholder ' +
        'and made no Dwolla call: set {"clientId","clientSecret"} with aws secretsmanager ' +
        `put-secret-value --secret-id ${stateful.appSecret.secretArn}`,
      metric: new cloudwatch.Metric({
        namespace: POWERTOOLS.namespace,
        metricName: APP_CREDENTIALS_NOT_SET_METRIC,
        dimensionsMap: { service: this.serviceName },
        period: Duration.minutes(15),
        statistic: 'Sum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // `enforceSSL` gives the topic a policy, and a topic policy replaces SNS's default one that
    // let the account's services publish: CloudWatch must be allowed by name, and only for these
    // alarms of this account (the confused-deputy guard of
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html and
    // https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html).
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: { 'aws:SourceArn': alarms.map((created) => created.alarmArn) },
        },
      }),
    );
    new CfnOutput(this, 'Api5xxAlarmName', {
      value: api5xx.alarmName,
      description: 'Prove alarm e-mails arrive: aws cloudwatch set-alarm-state --alarm-name <this>',
    });
  }
}

function webhookRoute() {
  const route = ROUTES.find((candidate) => candidate.function === 'webhookIntake');
  if (!route) throw new DefinitionWiringError('no route reaches the webhookIntake function');
  return route;
}

function publicReason(path: string): string {
  if (path.startsWith('/webhooks/')) {
    return 'Dwolla cannot send an API key; every request is verified by its HMAC signature';
  }
  if (path.startsWith('/oauth/')) {
    return "the user's browser returns here from Dwolla; the single-use state authenticates it";
  }
  if (path === '/openapi.json') return 'the published description of the API, for every app';
  return 'a liveness probe that reveals nothing';
}

function pascal(name: string): string {
  return name
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
