import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scheduledEvent, startScheduler } from '../../infra/local/scheduler.js';

describe('Local scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends an EventBridge Scheduled Event naming the rule', () => {
    // Act
    const event = scheduledEvent('reconcile', new Date('2026-01-02T03:04:05.678Z'));

    // Assess
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: '2026-01-02T03:04:05Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:000000000000:rule/reconcile'],
      detail: {},
    });
  });

  it('invokes each job once per period, first after one period, until stopped', async () => {
    // Prepare
    const calls: string[] = [];
    const scheduler = startScheduler({
      schedules: {
        fast: { function: 'reconcile', rate: 'rate(15 minutes)', description: '' },
        slow: { function: 'tokenRefreshScheduler', rate: 'rate(1 hour)', description: '' },
      },
      invoke: async (name) => {
        calls.push(name);
      },
      onError: () => undefined,
    });

    // Act
    const atStart = [...calls];
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(60 * 60_000);

    // Assess
    expect(atStart).toEqual([]);
    expect(calls.filter((name) => name === 'reconcile')).toHaveLength(4);
    expect(calls.filter((name) => name === 'tokenRefreshScheduler')).toHaveLength(1);
  });

  it('reports a failing run and keeps the schedule going', async () => {
    // Prepare
    const errors: string[] = [];
    let runs = 0;
    const scheduler = startScheduler({
      schedules: { job: { function: 'reconcile', rate: 'rate(1 minute)', description: '' } },
      invoke: async () => {
        runs += 1;
        throw new Error('boom');
      },
      onError: (name, error) => errors.push(`${name}: ${(error as Error).message}`),
    });

    // Act
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    scheduler.stop();

    // Assess
    expect(runs).toBe(2);
    expect(errors).toEqual(['job: boom', 'job: boom']);
  });
});
