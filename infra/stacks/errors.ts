/**
 * Raised when the CDK context (`-c key=value` or `cdk.json`) holds an invalid deployment
 * setting. The message names every offending key and why.
 *
 * @example
 * ```ts
 * throw new DeploymentSettingsError(['dwollaEnvironment: expected sandbox or production']);
 * ```
 */
export class DeploymentSettingsError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`Invalid deployment settings: ${problems.join('; ')}`);
    this.name = 'DeploymentSettingsError';
  }
}

/**
 * Raised when `infra/definition.ts` asks for something the CDK app cannot wire, e.g. a function
 * that sends to a queue whose URL has no environment variable name in `shared/config/env-names.ts`.
 *
 * @example
 * ```ts
 * throw new DefinitionWiringError('tokenRefreshScheduler sends to eventStore, which has no URL variable');
 * ```
 */
export class DefinitionWiringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DefinitionWiringError';
  }
}
