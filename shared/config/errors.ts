/**
 * Raised when the environment does not satisfy a configuration schema.
 * The message names every offending variable and why, and nothing else.
 *
 * @example
 * ```ts
 * throw new ConfigError(['TABLE_NAME: Required']);
 * ```
 */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}
