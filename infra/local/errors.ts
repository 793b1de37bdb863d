/**
 * Errors of the local stack. Their messages are printed as-is by `npm start` and the local
 * CLIs, so each one says what is wrong and what to do.
 *
 * @example
 * ```ts
 * if (error instanceof LocalStackError) console.error(error.message);
 * ```
 */
export class LocalStackError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalStackError';
  }
}

/** Java is needed by DynamoDB Local and was not found. */
export class JavaMissingError extends LocalStackError {
  constructor(options?: { cause?: unknown }) {
    super(
      'Java 17+ is required for DynamoDB Local and was not found on PATH; install it with `apt-get install openjdk-17-jre-headless`.',
      options,
    );
    this.name = 'JavaMissingError';
  }
}

/** A local component did not become ready. */
export class ComponentStartError extends LocalStackError {
  constructor(component: string, reason: string, options?: { cause?: unknown }) {
    super(`${component} did not start: ${reason}`, options);
    this.name = 'ComponentStartError';
  }
}

/** `.local/stack.json` is missing or unreadable: no local stack is running. */
export class StackFileError extends LocalStackError {
  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(
      `No usable local stack description at ${path} (${reason}); start one with \`npm start\`.`,
      options,
    );
    this.name = 'StackFileError';
  }
}

/** A function ran longer than its configured timeout (Lambda's "Task timed out"). */
export class LambdaTimeoutError extends LocalStackError {
  constructor(functionName: string, timeoutSeconds: number) {
    super(`${functionName}: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`);
    this.name = 'LambdaTimeoutError';
  }
}

/** A name given on the command line is not one the definition knows. */
export class UnknownNameError extends LocalStackError {
  constructor(kind: string, name: string, valid: readonly string[]) {
    super(`Unknown ${kind} "${name}". Valid ${kind}s: ${valid.join(', ')}`);
    this.name = 'UnknownNameError';
  }
}

/**
 * A function called AWS for something its definition does not grant: what AWS answers with
 * `AccessDeniedException` (HTTP 400), raised locally by the access check before the call leaves.
 */
export class AccessDeniedError extends LocalStackError {
  readonly $fault = 'client';
  readonly $metadata = { httpStatusCode: 400 };

  constructor(
    readonly functionName: string,
    readonly action: string,
    readonly resource: string,
    reason: string,
  ) {
    super(
      `User: arn:aws:sts::000000000000:assumed-role/dwolla-serverless-${functionName} is not ` +
        `authorized to perform: ${action} on resource: ${resource} because ${reason}`,
    );
    this.name = 'AccessDeniedException';
  }
}
