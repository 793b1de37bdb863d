/** Base of the bench's own errors. */
export class BenchError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BenchError';
  }
}

/**
 * A fault the chaos run injects into an AWS call (it never reaches the emulator).
 *
 * @example
 * ```ts
 * throw new InjectedFaultError('SNSClient', 'PublishCommand');
 * ```
 */
export class InjectedFaultError extends BenchError {
  constructor(
    readonly client: string,
    readonly command: string,
  ) {
    super(`chaos: injected failure of ${client} ${command}`);
    this.name = 'InjectedFaultError';
  }
}

/**
 * The chaos run's processor crash: thrown after a batch was partly processed.
 *
 * @example
 * ```ts
 * throw new ProcessorCrashError('transferChain', 5, 10);
 * ```
 */
export class ProcessorCrashError extends BenchError {
  constructor(
    readonly functionName: string,
    readonly processed: number,
    readonly batchSize: number,
  ) {
    super(`chaos: ${functionName} crashed after ${processed} of ${batchSize} records`);
    this.name = 'ProcessorCrashError';
  }
}
