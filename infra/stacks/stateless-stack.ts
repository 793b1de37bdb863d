import {
  CfnOutput,
  CrossStackReferences,
  ReferenceStrength,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { DwollaAlarms } from '../constructs/alarms.js';
import { DwollaApi } from '../constructs/api.js';
import { addConsumers } from '../constructs/consumers.js';
import { OperationsDashboard } from '../constructs/dashboard.js';
import { POWERTOOLS } from '../constructs/dwolla-function.js';
import { createFunctions, type DwollaFunctions } from '../constructs/functions.js';
import { DwollaSchedules } from '../constructs/schedules.js';
import { createTokenSecretsKey } from '../constructs/token-secrets-key.js';
import { QUEUES, type QueueName } from '../definition.js';
import type { EnvironmentValues } from '../function-environment.js';
import type { DeploymentSettings } from './settings.js';
import type { StatefulResources } from './stateful-stack.js';

export { API_THROTTLE, AUTHORIZER_FUNCTION, LOG_RETENTION } from '../constructs/api.js';
export { TOKEN_SECRETS_KEY_LOGICAL_ID } from '../constructs/token-secrets-key.js';

/** Props of {@link DwollaStatelessStack}. */
export interface DwollaStatelessStackProps extends StackProps {
  readonly stateful: StatefulResources;
  readonly settings: DeploymentSettings;
}

/**
 * Everything that is code or can be recreated at will, composed of the parts under
 * `infra/constructs/`: the functions, the HTTP API and its authorizer, the queue and stream
 * consumers, the schedules, the alarms and the operations dashboard. Built only from
 * `infra/definition.ts`, like the local runner, so that local and AWS cannot drift.
 *
 * @example
 * ```ts
 * new DwollaStatelessStack(app, 'DwollaStateless', { stateful: stateful.resources, settings });
 * ```
 */
export class DwollaStatelessStack extends Stack {
  readonly functions: DwollaFunctions;
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly alarmTopic: sns.Topic;
  readonly dashboard: OperationsDashboard;
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
    this.tokenSecretsKey = createTokenSecretsKey(this);
    // The API is created before its routes' functions, which need its URL for the OAuth redirect.
    const api = new DwollaApi(this, { stage: settings.stage });
    this.api = api.httpApi;
    this.stage = api.stage;
    const oauthRedirectUri = settings.oauthRedirectUri ?? `${this.api.apiEndpoint}/oauth/callback`;

    this.functions = createFunctions(this, {
      stateful,
      settings,
      values: environmentValues(props, oauthRedirectUri, this.tokenSecretsKey),
      tokenSecretsKey: this.tokenSecretsKey,
      serviceName: this.serviceName,
    });
    api.addRoutes(this.functions);
    addConsumers(this.functions, stateful);
    const schedules = new DwollaSchedules(this, this.functions);
    this.alarmTopic = new DwollaAlarms(this, {
      stage: settings.stage,
      ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}),
      stateful,
      functions: this.functions,
      httpStage: this.stage,
      scheduleDlq: schedules.dlq,
      serviceName: this.serviceName,
    }).topic;
    this.dashboard = new OperationsDashboard(this, 'Dashboard', {
      stage: settings.stage,
      stateful,
      functions: this.functions,
      httpStage: this.stage,
      serviceName: this.serviceName,
    });

    new CfnOutput(this, 'ApiUrl', {
      value: this.api.apiEndpoint,
      description: 'HTTP API base URL',
    });
    new CfnOutput(this, 'WebhookUrl', {
      value: api.webhookUrl(),
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
}

/** What the functions' environment variables are derived from (`functionEnvironment`). */
function environmentValues(
  { stateful, settings }: DwollaStatelessStackProps,
  oauthRedirectUri: string,
  tokenSecretsKey: kms.IKey,
): EnvironmentValues {
  return {
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
    accountSecretKmsKeyId: tokenSecretsKey.keyArn,
    endpointSecretPrefix: stateful.endpointSecretPrefix,
    notificationRetryDelaysSeconds: settings.notificationRetryDelaysSeconds.join(','),
    ...(settings.tokenVault === 'kms-table'
      ? { tokenVault: { vault: 'kms-table', kmsKeyId: tokenSecretsKey.keyArn } }
      : {}),
  };
}
