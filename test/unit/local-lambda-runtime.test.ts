import { describe, expect, it } from 'vitest';
import { LambdaTimeoutError } from '../../infra/local/errors.js';
import { createLambdaRuntime } from '../../infra/local/lambda-runtime.js';

const definition = {
  entry: 'test/integration/support/slow-handler.ts',
  description: 'test-only',
  timeoutSeconds: 1,
  memoryMb: 128,
  access: {},
};

describe('Local Lambda runtime', () => {
  it('invokes the entry file handler with a Lambda context and returns its JSON form', async () => {
    // Prepare
    const runtime = createLambdaRuntime({
      rootDir: process.cwd(),
      functions: { slow: definition },
    });

    // Act
    const result = (await runtime.invoke('slow' as never, {})) as Record<string, unknown>;

    // Assess
    expect(result.functionName).toBe('dwolla-serverless-slow');
    expect(result.remainingMs).toBeGreaterThan(0);
    expect(result.remainingMs).toBeLessThanOrEqual(1000);
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.at).toBe('1970-01-01T00:00:00.000Z');
    expect('dropped' in result).toBe(false);
    expect(runtime.invocationCounts()).toEqual({ slow: 1 });
    expect(runtime.inFlight).toBe(0);
  });

  it('fails an invocation that outlives the function timeout with "Task timed out"', async () => {
    // Prepare
    const runtime = createLambdaRuntime({
      rootDir: process.cwd(),
      functions: { slow: definition },
    });

    // Act
    const invocation = runtime.invoke('slow' as never, { hang: true });

    // Assess
    await expect(invocation).rejects.toBeInstanceOf(LambdaTimeoutError);
    await expect(invocation).rejects.toThrow('Task timed out after 1.00 seconds');
    expect(runtime.inFlight).toBe(0);
  });

  it('refuses an entry file without a handler export', async () => {
    // Prepare
    const runtime = createLambdaRuntime({
      rootDir: process.cwd(),
      functions: { bad: { ...definition, entry: 'infra/local/errors.ts' } },
    });

    // Act
    const invocation = runtime.invoke('bad' as never, {});

    // Assess
    await expect(invocation).rejects.toThrow('does not export a handler function');
  });
});
