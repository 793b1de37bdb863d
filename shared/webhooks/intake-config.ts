import * as z from 'zod/mini';
import { ENV } from '../config/env-names.js';
import { ConfigError } from '../config/errors.js';
import { environmentProblems } from '../validation/zod-issues.js';

const schema = z.object({
  [ENV.eventsTopicArn]: z.string().check(z.minLength(1)),
  [ENV.webhookSecretId]: z.string().check(z.minLength(1)),
});

/** The intake's environment: the events topic and the webhook secret's id. */
export type IntakeConfig = z.infer<typeof schema>;

/**
 * Reads the webhook intake's environment and throws a `ConfigError` naming each missing
 * variable, like `shared/config/load.ts`. It is written with zod/mini rather than the shared
 * loader because the classic zod build alone would triple the intake's bundle (the intake is on
 * Dwolla's 10-s path, so its cold start matters).
 *
 * @example
 * ```ts
 * const config = loadIntakeConfig(process.env);
 * config.EVENTS_TOPIC_ARN;
 * ```
 */
export function loadIntakeConfig(
  env: Record<string, string | undefined> = process.env,
): IntakeConfig {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(environmentProblems(result.error, env));
}
