/**
 * Publishes a Dwolla event into the processing pipeline (the SNS topic in AWS).
 * Resolves only once the event is durably accepted.
 *
 * @example
 * ```ts
 * await publisher.publish({ eventId, topic, body: rawBody });
 * ```
 */
export interface EventPublisher {
  publish(event: { eventId: string; topic: string; body: string }): Promise<void>;
}
