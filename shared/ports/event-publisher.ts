/** One Dwolla event on its way into the processing pipeline. */
export interface PublishableEvent {
  readonly eventId: string;
  readonly topic: string;
  /** The event JSON exactly as Dwolla sent it. */
  readonly body: string;
}

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
  publish(event: PublishableEvent): Promise<void>;
}

/** An event the pipeline did not accept, and why (never the body). */
export interface RejectedEvent {
  readonly eventId: string;
  readonly reason: string;
}

/**
 * Publishes many events at once (SNS `PublishBatch` in AWS). Never throws for a single event:
 * it resolves with the events that were not accepted, so the caller knows exactly which ones
 * still need publishing. Every event not listed in `rejected` was durably accepted.
 *
 * @example
 * ```ts
 * const { rejected } = await publisher.publishBatch(events);
 * if (rejected.length > 0) throw new ReplayIncompleteError(rejected);
 * ```
 */
export interface EventBatchPublisher {
  publishBatch(
    events: readonly PublishableEvent[],
  ): Promise<{ readonly rejected: readonly RejectedEvent[] }>;
}
