import {
  PublishBatchCommand,
  type PublishBatchCommandOutput,
  type PublishBatchRequestEntry,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type {
  EventBatchPublisher,
  PublishableEvent,
  RejectedEvent,
} from '../ports/event-publisher.js';
import { eventMessageAttributes } from './event-attributes.js';

/** SNS accepts at most 10 entries per `PublishBatch` call. */
const SNS_BATCH_SIZE = 10;

/** Retries of entries SNS failed on its side (throttling, internal errors) before giving up. */
const DEFAULT_RETRIES = 2;

/**
 * {@link EventBatchPublisher} over the SNS events topic with `PublishBatch`, ten events per call,
 * with the same body and message attributes as `SnsEventPublisher`. `PublishBatch` succeeds as a
 * call even when some entries fail (https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html):
 * entries failed on SNS's side are sent again up to `retries` times; entries failed by the
 * sender's fault, and entries still failing after the retries, are reported as rejected.
 * `PublishBatch` is authorised by `sns:Publish`, the grant `bindTopicPublish` gives. Kept apart
 * from `SnsEventPublisher` so the webhook intake bundle does not carry the batch command.
 *
 * @example
 * ```ts
 * const publisher = new SnsEventBatchPublisher({ client: snsClient(), topicArn: config.EVENTS_TOPIC_ARN });
 * const { rejected } = await publisher.publishBatch(events);
 * ```
 */
export class SnsEventBatchPublisher implements EventBatchPublisher {
  readonly #client: SNSClient;
  readonly #topicArn: string;
  readonly #retries: number;

  constructor(options: { client: SNSClient; topicArn: string; retries?: number }) {
    this.#client = options.client;
    this.#topicArn = options.topicArn;
    this.#retries = options.retries ?? DEFAULT_RETRIES;
  }

  async publishBatch(events: readonly PublishableEvent[]): Promise<{ rejected: RejectedEvent[] }> {
    const rejected: RejectedEvent[] = [];
    for (let start = 0; start < events.length; start += SNS_BATCH_SIZE) {
      rejected.push(...(await this.#sendChunk(events.slice(start, start + SNS_BATCH_SIZE))));
    }
    return { rejected };
  }

  async #sendChunk(chunk: readonly PublishableEvent[]): Promise<RejectedEvent[]> {
    const rejected: RejectedEvent[] = [];
    let pending = [...chunk];
    let reasons = new Map<string, string>();
    for (let attempt = 0; attempt <= this.#retries && pending.length > 0; attempt += 1) {
      // Entry ids only need to be unique within one call; positions avoid any id-format rule.
      const byEntryId = new Map(pending.map((event, index) => [`e${index}`, event]));
      let output: PublishBatchCommandOutput;
      try {
        output = await this.#client.send(
          new PublishBatchCommand({
            TopicArn: this.#topicArn,
            PublishBatchRequestEntries: [...byEntryId].map(([id, event]) => toEntry(id, event)),
          }),
        );
      } catch (error) {
        const reason = error instanceof Error ? error.name : 'PublishBatchFailed';
        reasons = new Map(pending.map((event) => [event.eventId, reason]));
        continue;
      }
      const accepted = new Set((output.Successful ?? []).map((success) => success.Id));
      const failures = new Map((output.Failed ?? []).map((failure) => [failure.Id, failure]));
      const again: PublishableEvent[] = [];
      reasons = new Map();
      for (const [id, event] of byEntryId) {
        if (accepted.has(id)) continue;
        const failure = failures.get(id);
        if (failure?.SenderFault) {
          rejected.push({ eventId: event.eventId, reason: failure.Code ?? 'SenderFault' });
        } else {
          again.push(event);
          reasons.set(event.eventId, failure?.Code ?? 'NotAcknowledged');
        }
      }
      pending = again;
    }
    return [
      ...rejected,
      ...pending.map((event) => ({
        eventId: event.eventId,
        reason: reasons.get(event.eventId) ?? 'PublishBatchFailed',
      })),
    ];
  }
}

function toEntry(id: string, { eventId, topic, body }: PublishableEvent): PublishBatchRequestEntry {
  return {
    Id: id,
    Message: body,
    MessageAttributes: eventMessageAttributes({ eventId, topic }),
  };
}
