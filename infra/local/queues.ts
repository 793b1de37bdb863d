import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import {
  EVENT_ATTRIBUTES,
  QUEUE_ENTRIES,
  type QueueDefinition,
  type QueueName,
} from '../../infra/definition.js';

/** One queue of the definition with its DLQ, as created locally. */
export interface LocalQueue {
  readonly name: QueueName;
  readonly url: string;
  readonly arn: string;
  readonly physicalName: string;
  readonly dlqUrl: string;
  readonly dlqArn: string;
  readonly dlqPhysicalName: string;
  readonly definition: QueueDefinition;
}

/** fauxqs with the events topic and every queue of `QUEUES` created and subscribed. */
export interface LocalMessaging {
  readonly endpoint: string;
  readonly topicArn: string;
  readonly queues: Readonly<Record<QueueName, LocalQueue>>;
  readonly server: FauxqsServer;
  /**
   * Messages ready, in flight or delayed in a queue (by physical name). For a queue whose
   * consumer sets its own backoff (a FIFO notifications queue), a message waiting out its
   * backoff is not work in progress: only ready and delayed ones count.
   */
  pendingCount(physicalName: string, definition?: QueueDefinition): number;
  stop(): Promise<void>;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
const FOURTEEN_DAYS_SECONDS = 1_209_600;

/**
 * The SNS subscription filter policy of a queue: prefix matching on the `topic` message
 * attribute, or none (every event) when the definition lists no prefixes.
 *
 * @example
 * ```ts
 * filterPolicyFor(QUEUES.transferChain); // '{"topic":[{"prefix":"transfer_"},…]}'
 * ```
 */
export function filterPolicyFor(definition: QueueDefinition): string | undefined {
  const prefixes = definition.eventsSubscription?.topicPrefixes;
  if (!prefixes || prefixes.length === 0) return undefined;
  return JSON.stringify({ [EVENT_ATTRIBUTES.topic]: prefixes.map((prefix) => ({ prefix })) });
}

/**
 * Starts fauxqs in-process and creates, from `infra/definition.ts`: the events topic; each queue
 * with its DLQ and `RedrivePolicy.maxReceiveCount`; the topic subscriptions (raw message
 * delivery, filter policy on the `topic` attribute). fauxqs itself applies the filter policy,
 * the raw delivery and the move to the DLQ after `maxReceiveCount` receives.
 *
 * @example
 * ```ts
 * const messaging = await startMessaging({ port: 0, prefix: 'dwolla-serverless' });
 * ```
 */
export async function startMessaging(options: {
  port?: number;
  prefix: string;
  /** Overrides every queue's visibility timeout (tests use a few seconds). */
  visibilityTimeoutSeconds?: number;
}): Promise<LocalMessaging> {
  const server = await startFauxqs({ port: options.port ?? 0, logger: false });
  const endpoint = server.address;
  const clientConfig = { endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS };
  const sqs = new SQSClient({ ...clientConfig, useQueueUrlAsEndpoint: false });
  const sns = new SNSClient(clientConfig);
  try {
    const { TopicArn } = await sns.send(
      new CreateTopicCommand({ Name: `${options.prefix}-events` }),
    );
    const topicArn = TopicArn!;
    const queueArn = async (url: string) => {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
      );
      return Attributes!.QueueArn!;
    };
    const entries = await Promise.all(
      QUEUE_ENTRIES.map(async ([name, definition]) => {
        // SQS names FIFO queues (and their DLQs, which must be FIFO too) `<name>.fifo`.
        const suffix = definition.fifo ? '.fifo' : '';
        const fifo = definition.fifo ? { FifoQueue: 'true' } : {};
        const physicalName = `${options.prefix}-${name}${suffix}`;
        const dlqPhysicalName = `${options.prefix}-${name}-dlq${suffix}`;
        const dlq = await sqs.send(
          new CreateQueueCommand({
            QueueName: dlqPhysicalName,
            Attributes: { MessageRetentionPeriod: String(FOURTEEN_DAYS_SECONDS), ...fifo },
          }),
        );
        const dlqArn = await queueArn(dlq.QueueUrl!);
        const visibility = options.visibilityTimeoutSeconds ?? definition.visibilityTimeoutSeconds;
        const queue = await sqs.send(
          new CreateQueueCommand({
            QueueName: physicalName,
            Attributes: {
              ...fifo,
              VisibilityTimeout: String(visibility),
              RedrivePolicy: JSON.stringify({
                deadLetterTargetArn: dlqArn,
                maxReceiveCount: definition.maxReceiveCount,
              }),
            },
          }),
        );
        const arn = await queueArn(queue.QueueUrl!);
        if (definition.eventsSubscription) {
          const filterPolicy = filterPolicyFor(definition);
          await sns.send(
            new SubscribeCommand({
              TopicArn: topicArn,
              Protocol: 'sqs',
              Endpoint: arn,
              Attributes: {
                RawMessageDelivery: 'true',
                ...(filterPolicy ? { FilterPolicy: filterPolicy } : {}),
              },
            }),
          );
        }
        const local: LocalQueue = {
          name,
          url: queue.QueueUrl!,
          arn,
          physicalName,
          dlqUrl: dlq.QueueUrl!,
          dlqArn,
          dlqPhysicalName,
          definition,
        };
        return [name, local] as const;
      }),
    );
    return {
      endpoint,
      topicArn,
      queues: Object.fromEntries(entries) as Record<QueueName, LocalQueue>,
      server,
      pendingCount(physicalName, definition) {
        const state = server.inspectQueue(physicalName);
        if (!state) return 0;
        const inflight = definition?.fifo ? 0 : state.messages.inflight.length;
        return state.messages.ready.length + inflight + state.messages.delayed.length;
      },
      stop: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    sqs.destroy();
    sns.destroy();
  }
}
