import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpHandler, lambdaHandler } from '../../shared/observability/handler.js';
import { logger } from '../../shared/observability/logger.js';
import { FlushWhenCountedMetrics, metrics } from '../../shared/observability/metrics.js';
import { TransferNotFoundError } from '../../shared/transfers/errors.js';

const context = {
  functionName: 'dwolla-serverless-test',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Function: lambdaHandler', () => {
  it('puts the Lambda context on the logger and flushes the metrics the use case counted', async () => {
    // Prepare
    const addContext = vi.spyOn(logger, 'addContext');
    const publish = vi.spyOn(metrics, 'publishStoredMetrics').mockReturnValue(metrics);
    const handler = lambdaHandler(async (event: { n: number }) => {
      metrics.addMetric('EventsStored', 'Count', event.n);
      return 'done';
    });

    // Act
    const result = await handler({ n: 2 }, context);

    // Assess
    expect(result).toBe('done');
    expect(addContext).toHaveBeenCalledWith(context);
    expect(publish).toHaveBeenCalledTimes(1);
  });
});

describe('Function: httpHandler', () => {
  it('answers a typed error of the route with its own status and body', async () => {
    // Prepare
    vi.spyOn(metrics, 'publishStoredMetrics').mockReturnValue(metrics);
    const handler = httpHandler(async (): Promise<APIGatewayProxyStructuredResultV2> => {
      throw new TransferNotFoundError('t-1');
    });

    // Act
    const res = (await handler(
      {} as APIGatewayProxyEventV2,
      context,
    )) as APIGatewayProxyStructuredResultV2;

    // Assess
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(String(res.body))).toEqual({
      code: 'NotFound',
      message: 'Transfer not found.',
    });
  });
});

describe('Class: FlushWhenCountedMetrics', () => {
  /** A sink whose warnings and EMF output (Powertools' own stdout `Console`) are recorded. */
  function recordingMetrics() {
    const lines: { level: string; text: string }[] = [];
    const record =
      (level: string) =>
      (...args: unknown[]) =>
        void lines.push({ level, text: args.map(String).join(' ') });
    const recorder = { ...console, warn: record('warn'), error: record('error') };
    const sink = new FlushWhenCountedMetrics({
      namespace: 'Test',
      serviceName: 'test',
      logger: recorder,
    });
    const emf = (sink as unknown as { console: Console }).console;
    vi.spyOn(emf, 'log').mockImplementation(record('log'));
    return { sink, lines };
  }

  it('writes nothing, not even a warning, for an invocation that counted nothing', () => {
    // Prepare
    const { sink, lines } = recordingMetrics();

    // Act
    sink.publishStoredMetrics();

    // Assess
    expect(lines).toEqual([]);
  });

  it('writes the EMF line of what was counted, then nothing more', () => {
    // Prepare
    const { sink, lines } = recordingMetrics();
    sink.addMetric('EventsStored', 'Count', 2);

    // Act
    sink.publishStoredMetrics();
    sink.publishStoredMetrics();

    // Assess
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!.text)).toMatchObject({ EventsStored: 2, service: 'test' });
  });
});
