import type * as z from 'zod/mini';
import '../validation/english.js';
import { environmentProblems } from '../validation/zod-issues.js';
import { ConfigError } from './errors.js';

/**
 * Parses `env` with a zod object schema whose keys are environment variable names.
 * Throws a {@link ConfigError} naming each missing or invalid variable.
 *
 * @example
 * ```ts
 * const config = loadConfig(z.object({ TABLE_NAME: z.string().min(1) }));
 * ```
 */
export function loadConfig<S extends z.ZodMiniType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(environmentProblems(result.error, env));
}
