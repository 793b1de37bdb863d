import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { EventPublisher, PublishableEvent } from '../ports/event-publisher.js';
import { eventMessageAttributes } from './event-attributes.js';

/**
 * {@link EventPublisher} over the SNS events topic. The message body is the event JSON exactly as
 * received; `topic` and `eventId` travel as message attributes so each queue's subscription can
 * filter on the topic prefix (`infra/definition.ts` `QUEUES`) and processors never re-parse to route.
 * `publish` resolves only once SNS has accepted the message, which is when the intake may answer 200.
 *
 * @example
 * ```ts
 * const publisher = new SnsEventPublisher({ client: snsClient(), topicArn: config.EVENTS_TOPIC_ARN });
 * await publisher.publish({ eventId: event.id, topic: event.topic, body: rawText });
 * ```
 */
export class SnsEventPublisher implements EventPublisher {
  readonly #client: SNSClient;
  readonly #topicArn: string;

  constructor(options: { client: SNSClient; topicArn: string }) {
    this.#client = options.client;
    this.#topicArn = options.topicArn;
  }

  async publish({ eventId, topic, body }: PublishableEvent): Promise<void> {
    await this.#client.send(
      new PublishCommand({
        TopicArn: this.#topicArn,
        Message: body,
        MessageAttributes: eventMessageAttributes({ eventId, topic }),
      }),
    );
  }
}
