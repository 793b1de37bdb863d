import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { type FunctionName, rateToMs, type ScheduleDefinition } from '../../infra/definition.js';

/**
 * The EventBridge "Scheduled Event" a rule sends to its target.
 *
 * @example
 * ```ts
 * await runtime.invoke('reconcile', scheduledEvent('reconcile'));
 * ```
 */
export function scheduledEvent(ruleName: string, now = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: [`arn:aws:events:us-east-1:000000000000:rule/${ruleName}`],
    detail: {},
  };
}

/** A running local scheduler. */
export interface LocalScheduler {
  stop(): void;
}

/**
 * Invokes each scheduled function every `rate`, first one period after start (as an EventBridge
 * rate rule does). A failing run is reported and the schedule carries on.
 *
 * @example
 * ```ts
 * const scheduler = startScheduler({ schedules: SCHEDULES, invoke: runtime.invoke, onError });
 * ```
 */
export function startScheduler(options: {
  schedules: Readonly<Record<string, ScheduleDefinition>>;
  invoke: (name: FunctionName, event: ScheduledEvent) => Promise<unknown>;
  onError: (name: string, error: unknown) => void;
}): LocalScheduler {
  const timers = Object.entries(options.schedules).map(([name, schedule]) =>
    setInterval(() => {
      options.invoke(schedule.function, scheduledEvent(name)).catch((error: unknown) => {
        options.onError(name, error);
      });
    }, rateToMs(schedule.rate)),
  );
  return {
    stop() {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
