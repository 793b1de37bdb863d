/**
 * The time source of the domain; tests and the simulator inject a movable one.
 *
 * @example
 * ```ts
 * const systemClock: Clock = { now: () => new Date() };
 * ```
 */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };
