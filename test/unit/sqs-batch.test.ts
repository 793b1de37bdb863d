import { describe, expect, it } from 'vitest';
import type { LogFields, Observability } from '../../shared/ports/observability.js';
import { processSqsBatch, type SqsMessageConsumer } from '../../shared/sqs-batch.js';

class RecordingObservability {
  readonly logs: { message: string; context: LogFields }[] = [];
  readonly metrics: { name: string; unit: string; value: number }[] = [];
  readonly observability: Observability = {
    logger: {
      info: () => undefined,
      warn: () => undefined,
      error: (message: string, context: LogFields = {}) =>
        void this.logs.push({ message, context }),
    },
    metrics: {
      addMetric: (name: string, unit: string, value: number) =>
        void this.metrics.push({ name, unit, value }),
    },
  };
}

/** Messages are `{ "n": <number> }`; the handler refuses odd numbers. */
function consumer(handled: number[]): SqsMessageConsumer<number> {
  return {
    parse(body) {
      const { n } = JSON.parse(body) as { n?: unknown };
      if (typeof n !== 'number') throw new TypeError(`not a number: ${body}`);
      return n;
    },
    async handle(n) {
      if (n % 2 === 1) throw new Error(`odd ${n}`, { cause: new RangeError('too odd') });
      handled.push(n);
    },
    ids: (n) => ({ n }),
  };
}

describe('Function: processSqsBatch', () => {
  it('reports only the records whose handling failed, and handles every other one', async () => {
    // Prepare
    const handled: number[] = [];
    const observed = new RecordingObservability();
    const records = [2, 3, 4, 5].map((n) => ({ messageId: `m-${n}`, body: JSON.stringify({ n }) }));

    // Act
    const response = await processSqsBatch(records, consumer(handled), observed.observability);

    // Assess
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-3' }, { itemIdentifier: 'm-5' }],
    });
    expect(handled.sort()).toEqual([2, 4]);
    expect(observed.logs[0]).toEqual({
      message: 'message processing failed; returned to the queue',
      context: {
        messageId: 'm-3',
        n: 3,
        error: { name: 'Error', message: 'odd 3' },
        cause: { name: 'RangeError', message: 'too odd' },
      },
    });
    expect(observed.metrics).toEqual([]);
  });

  it('reports a poison message as failed (to the DLQ, never dropped), counted and logged without its body', async () => {
    // Prepare
    const handled: number[] = [];
    const observed = new RecordingObservability();
    const records = [
      { messageId: 'm-not-json', body: '{"n":' },
      { messageId: 'm-no-number', body: '{"n":"private-looking text"}' },
      { messageId: 'm-ok', body: '{"n":8}' },
    ];

    // Act
    const response = await processSqsBatch(records, consumer(handled), observed.observability);

    // Assess
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-not-json' }, { itemIdentifier: 'm-no-number' }],
    });
    expect(handled).toEqual([8]);
    expect(observed.metrics).toEqual([
      { name: 'PoisonMessages', unit: 'Count', value: 1 },
      { name: 'PoisonMessages', unit: 'Count', value: 1 },
    ]);
    expect(observed.logs.map((log) => log.context)).toEqual([
      { messageId: 'm-not-json', error: 'SyntaxError' },
      { messageId: 'm-no-number', error: 'TypeError' },
    ]);
    expect(JSON.stringify(observed.logs)).not.toContain('private-looking');
  });

  it('returns a message the handler resolved as "return to the queue" without an error log or a metric', async () => {
    // Prepare
    const observed = new RecordingObservability();
    const records = [
      { messageId: 'm-later', body: 'later' },
      { messageId: 'm-done', body: 'done' },
    ];
    const handled: string[] = [];

    // Act
    const response = await processSqsBatch(
      records,
      {
        parse: (body) => body,
        handle: async (body) => {
          handled.push(body);
          return { retry: body === 'later' };
        },
      },
      observed.observability,
      { returnToQueue: (outcome) => outcome.retry },
    );

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-later' }] });
    expect(handled.sort()).toEqual(['done', 'later']);
    expect(observed.logs).toEqual([]);
    expect(observed.metrics).toEqual([]);
  });

  it("logs only a failure's error and cause names when told to, never their messages", async () => {
    // Prepare
    const observed = new RecordingObservability();
    const records = [
      { messageId: 'm-error', body: 'error' },
      { messageId: 'm-string', body: 'string' },
    ];

    // Act
    const response = await processSqsBatch(
      records,
      {
        parse: (body) => body,
        async handle(body) {
          if (body === 'string') throw 'not an Error: https://app.example/hooks';
          throw new Error('POST https://app.example/hooks failed', {
            cause: new RangeError('https://app.example/hooks'),
          });
        },
      },
      observed.observability,
      { errorDetail: 'name' },
    );

    // Assess
    expect(response.batchItemFailures).toHaveLength(2);
    expect(observed.logs.map((log) => log.context)).toEqual([
      { messageId: 'm-error', error: 'Error', cause: 'RangeError' },
      { messageId: 'm-string', error: 'string', cause: undefined },
    ]);
    expect(JSON.stringify(observed.logs)).not.toContain('app.example');
  });

  it('answers an empty batch with no failures', async () => {
    // Act
    const response = await processSqsBatch(
      [],
      consumer([]),
      new RecordingObservability().observability,
    );

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
  });
});
