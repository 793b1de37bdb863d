import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SCHEDULES } from '../definition.js';
import type { DwollaFunctions } from './functions.js';
import { acknowledgeNag } from './nag.js';
import { pascal } from './names.js';

/**
 * One EventBridge rule per entry of `SCHEDULES`, invoking its function, and the dead-letter
 * queue of the events EventBridge could not deliver.
 *
 * Built in `scope` itself, like the API, so the rules and the DLQ (which may hold events) keep
 * their logical ids.
 *
 * @example
 * ```ts
 * const { dlq } = new DwollaSchedules(this, functions);
 * ```
 */
export class DwollaSchedules {
  /** Catches the schedule events EventBridge could not deliver to the function. */
  readonly dlq: sqs.Queue;

  constructor(scope: Construct, functions: DwollaFunctions) {
    // No queue redrives into the DLQ, so `start-message-move-task` has no source to move them
    // back to: the job is run again by hand instead (see the alarm description and README,
    // "Deploy to AWS").
    this.dlq = new sqs.Queue(scope, 'ScheduleDlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeNag(
      this.dlq,
      'AwsSolutions-SQS3',
      'this queue is itself the dead-letter queue of the EventBridge ' +
        'schedule targets (cdk-nag only recognises DLQs of other queues).',
    );
    for (const [name, schedule] of Object.entries(SCHEDULES)) {
      new events.Rule(scope, `${pascal(name)}Schedule`, {
        description: schedule.description,
        schedule: events.Schedule.expression(schedule.rate),
        targets: [
          new targets.LambdaFunction(functions[schedule.function].function, {
            retryAttempts: 2,
            maxEventAge: Duration.hours(1),
            deadLetterQueue: this.dlq,
          }),
        ],
      });
    }
  }
}
