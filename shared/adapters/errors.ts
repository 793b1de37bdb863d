/**
 * The AWS Parameters and Secrets Lambda Extension did not answer a secret: it is unreachable, it
 * answered an error status (the secret is missing, access is denied, the session token is
 * wrong), or not the `GetSecretValue` JSON. Names the secret id and the status, never a value
 * or the extension's body.
 *
 * @example
 * ```ts
 * throw new SecretsExtensionError('dwolla-serverless/webhook', 404);
 * ```
 */
export class SecretsExtensionError extends Error {
  constructor(
    public readonly secretId: string,
    /** The extension's HTTP status; `undefined` when it could not be reached. */
    public readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      status === undefined
        ? `The secrets extension could not be reached for ${secretId}.`
        : `The secrets extension gave no secret value for ${secretId} (status ${status}).`,
      options,
    );
    this.name = 'SecretsExtensionError';
  }
}
