/**
 * Message attribute names set on every published Dwolla event: the subscriptions filter on
 * `topic` (`infra/definition.ts` `QUEUES`). Kept out of `infra/definition.ts` so that the
 * functions publishing events do not bundle the whole definition.
 *
 * @example
 * ```ts
 * const attributes = { [EVENT_ATTRIBUTES.topic]: { DataType: 'String', StringValue: topic } };
 * ```
 */
export const EVENT_ATTRIBUTES = { topic: 'topic', eventId: 'eventId' } as const;
