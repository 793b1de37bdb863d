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
