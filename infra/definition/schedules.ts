/** The scheduled jobs. */

import type { FunctionName } from './functions.js';

/** A scheduled job: EventBridge in AWS, the local scheduler and `npm run job -- <name>` locally. */
export interface ScheduleDefinition {
  readonly function: FunctionName;
  /** EventBridge rate expression, e.g. `rate(1 day)`. */
  readonly rate: string;
  readonly description: string;
}

export const SCHEDULES = {
  'token-refresh': {
    function: 'tokenRefreshScheduler',
    rate: 'rate(1 day)',
    description: 'Refreshes every account well before its 60-day refresh token expires',
  },
  reconcile: {
    function: 'reconcile',
    rate: 'rate(15 minutes)',
    description: 'Replays events missed by webhooks from GET /events; unpauses the subscription',
  },
} as const satisfies Record<string, ScheduleDefinition>;

export type ScheduleName = keyof typeof SCHEDULES;

/**
 * Parses an EventBridge `rate(...)` expression into milliseconds, for the local scheduler.
 *
 * @example
 * ```ts
 * rateToMs('rate(15 minutes)'); // 900000
 * ```
 */
export function rateToMs(rate: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(rate);
  if (!match) throw new Error(`Unsupported schedule expression: ${rate}`);
  const unit = match[2]!.replace(/s$/, '') as 'minute' | 'hour' | 'day';
  const unitMs = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[unit];
  return Number(match[1]) * unitMs;
}
