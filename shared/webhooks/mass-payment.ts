/**
 * Mass payment statuses (Dwolla API reference, Mass payments ("Mass payment resource"): deferred, pending,
 * processing, complete, cancelled) as the `mass_payment_*` / `customer_mass_payment_*` events
 * report them (https://developers.dwolla.com/api-reference/events ("Event topics"): created,
 * completed, cancelled).
 */
export type MassPaymentStatus = 'pending' | 'complete' | 'cancelled';

/** The state a mass-payment event implies. */
export interface MassPaymentState {
  readonly status: MassPaymentStatus;
  /** `complete` and `cancelled` are both final (a deferred one is cancelled instead of run). */
  readonly rank: number;
}

const STATES: Readonly<Record<string, MassPaymentState>> = {
  created: { status: 'pending', rank: 0 },
  completed: { status: 'complete', rank: 1 },
  cancelled: { status: 'cancelled', rank: 1 },
};

const PREFIXES = ['customer_mass_payment_', 'mass_payment_'] as const;

/**
 * The state a mass-payment topic implies, or `undefined` for any other topic.
 *
 * @example
 * ```ts
 * massPaymentStateFromTopic('customer_mass_payment_completed'); // { status: 'complete', rank: 1 }
 * ```
 */
export function massPaymentStateFromTopic(topic: string): MassPaymentState | undefined {
  const prefix = PREFIXES.find((p) => topic.startsWith(p));
  return prefix === undefined ? undefined : STATES[topic.slice(prefix.length)];
}
