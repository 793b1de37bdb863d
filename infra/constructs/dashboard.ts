import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { DWOLLA_ERRORS_METRIC, DWOLLA_THROTTLED_METRIC } from '../../shared/dwolla/index.js';
import { QUEUES, type QueueName } from '../definition.js';
import type { StatefulResources } from '../stacks/stateful-stack.js';
import { POWERTOOLS } from './dwolla-function.js';
import type { DwollaFunctions } from './functions.js';

/** Props of {@link OperationsDashboard}. */
export interface OperationsDashboardProps {
  /** The deployment stage, in the dashboard's name. */
  readonly stage: string;
  readonly stateful: StatefulResources;
  readonly functions: DwollaFunctions;
  readonly httpStage: apigw.HttpStage;
  /** Powertools service name: the `service` dimension of the custom metrics. */
  readonly serviceName: string;
}

/** The granularity of every graph. */
const PERIOD = Duration.minutes(5);
/** Three graphs per row of the dashboard's 24-column grid. */
const WIDTH = 8;

/**
 * The CloudWatch dashboard `dwolla-serverless-<stage>`: the webhook intake's rate and latency,
 * the API's answers, for each queue of `QUEUES` the age of its oldest message and its DLQ's depth,
 * Dwolla's errors and throttles, token refreshes and refused refresh tokens
 * (`reauthorization_required`), and the app notifications' deliveries.
 *
 * @example
 * ```ts
 * new OperationsDashboard(this, 'Dashboard', { stage, stateful, functions, httpStage, serviceName });
 * ```
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const custom = (metricName: string, label: string) =>
      new cloudwatch.Metric({
        namespace: POWERTOOLS.namespace,
        metricName,
        dimensionsMap: { service: props.serviceName },
        statistic: cloudwatch.Stats.SUM,
        period: PERIOD,
        label,
      });
    const intake = props.functions.webhookIntake.function;

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `dwolla-serverless-${props.stage}`,
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(
      graph('Webhook intake: requests', [
        intake.metricInvocations({ period: PERIOD, label: 'invocations' }),
        custom('WebhooksReceived', 'received (signature valid)'),
        custom('WebhookSignatureFailures', 'signature failures'),
      ]),
      graph('Webhook intake: latency (ms)', [
        intake.metricDuration({ period: PERIOD, statistic: cloudwatch.Stats.p(50), label: 'p50' }),
        intake.metricDuration({ period: PERIOD, statistic: cloudwatch.Stats.p(99), label: 'p99' }),
      ]),
      graph('API answers', [
        props.httpStage.metricCount({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
        props.httpStage.metricClientError({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
        props.httpStage.metricServerError({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
      ]),
    );
    this.dashboard.addWidgets(
      ...(Object.keys(QUEUES) as QueueName[]).map((name) => queueWidget(name, props.stateful)),
    );
    this.dashboard.addWidgets(
      graph('Dwolla: failed and throttled attempts', [
        custom(DWOLLA_ERRORS_METRIC, '5xx or no answer'),
        custom(DWOLLA_THROTTLED_METRIC, '429 throttled'),
      ]),
      graph('Tokens', [
        custom('TokenRefreshed', 'refreshed'),
        custom('RefreshTokenRejected', 'refused: reauthorization_required'),
      ]),
      graph(
        'App notifications',
        [
          custom('NotificationsDelivered', 'delivered'),
          custom('NotificationDeliveryFailures', 'failed attempts'),
        ],
        [
          props.stateful.queues.notifications.dlq.metricApproximateNumberOfMessagesVisible({
            period: PERIOD,
            statistic: cloudwatch.Stats.MAXIMUM,
            label: 'undeliverable (in the DLQ)',
          }),
        ],
      ),
    );
  }
}

/** A queue's backlog (age of its oldest message, left) and its DLQ's depth (right). */
function queueWidget(name: QueueName, stateful: StatefulResources): cloudwatch.GraphWidget {
  const { queue, dlq } = stateful.queues[name];
  return graph(
    `Queue ${name}`,
    [
      queue.metricApproximateAgeOfOldestMessage({
        period: PERIOD,
        statistic: cloudwatch.Stats.MAXIMUM,
        label: 'oldest message (s)',
      }),
    ],
    [
      dlq.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: cloudwatch.Stats.MAXIMUM,
        label: 'in the DLQ',
      }),
    ],
  );
}

function graph(
  title: string,
  left: cloudwatch.IMetric[],
  right: cloudwatch.IMetric[] = [],
): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left, right, width: WIDTH, height: 6 });
}
