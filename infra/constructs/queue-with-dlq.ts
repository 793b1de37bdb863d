import { type CfnResource, Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition } from '../definition.js';

/** Props of {@link QueueWithDlq}. */
export interface QueueWithDlqProps {
  readonly definition: QueueDefinition;
  /**
   * Fixed CloudFormation logical ids (`<prefix>Queue`, `<prefix>Dlq`), so that renaming or
   * moving the construct never replaces a queue holding messages.
   */
  readonly logicalIdPrefix: string;
}

/**
 * An SQS queue and its dead-letter queue: TLS enforced, SQS-managed encryption, the DLQ
 * keeps messages the maximum 14 days, the visibility timeout and receive count come from
 * `QUEUES` in `infra/definition.ts`.
 *
 * @example
 * ```ts
 * const { queue, dlq } = new QueueWithDlq(this, 'EventStore', {
 *   definition: QUEUES.eventStore,
 *   logicalIdPrefix: 'EventStore',
 * });
 * ```
 */
export class QueueWithDlq extends Construct {
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;

  constructor(scope: Construct, id: string, props: QueueWithDlqProps) {
    super(scope, id);
    // A FIFO queue needs a FIFO DLQ; high-throughput mode (deduplication and limit per message
    // group) because groups are independent of each other.
    const fifo: sqs.QueueProps = props.definition.fifo
      ? {
          fifo: true,
          deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
          fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
        }
      : {};
    this.dlq = new sqs.Queue(this, 'Dlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      ...(props.definition.fifo ? { fifo: true } : {}),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.definition.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.dlq, maxReceiveCount: props.definition.maxReceiveCount },
      ...fifo,
    });
    (this.queue.node.defaultChild as CfnResource).overrideLogicalId(
      `${props.logicalIdPrefix}Queue`,
    );
    (this.dlq.node.defaultChild as CfnResource).overrideLogicalId(`${props.logicalIdPrefix}Dlq`);
  }
}
