/**
 * Message attribute names set on every published Dwolla event: the publishers (`shared/`) set
 * them, the subscriptions' filter policies (`infra/`) read `topic`.
 *
 * @example
 * ```ts
 * MessageAttributes: { [EVENT_ATTRIBUTES.topic]: { DataType: 'String', StringValue: topic } }
 * ```
 */
export const EVENT_ATTRIBUTES = { topic: 'topic', eventId: 'eventId' } as const;

/**
 * The message attributes of one published event, the same for a single Publish and a batch
 * entry: the subscriptions' filter policies match on them.
 *
 * @example
 * ```ts
 * new PublishCommand({ TopicArn, Message: body, MessageAttributes: eventMessageAttributes(event) });
 * ```
 */
export function eventMessageAttributes(event: {
  readonly eventId: string;
  readonly topic: string;
}) {
  return {
    [EVENT_ATTRIBUTES.topic]: { DataType: 'String', StringValue: event.topic },
    [EVENT_ATTRIBUTES.eventId]: { DataType: 'String', StringValue: event.eventId },
  };
}
