import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FUNCTIONS, type FunctionName } from '../../infra/definition.js';
import {
  type EnvironmentValues,
  FUNCTION_ENV_NAMES,
  functionEnvironment,
} from '../../infra/function-environment.js';
import { importWithEnvironment } from '../../infra/local/lambda-runtime.js';
import { ConfigError } from '../../shared/config/errors.js';
import { ENVIRONMENT_VALUES } from '../support/environment-values.js';

/** The same with the optional values a deployment may leave out (the local stack sets them). */
const ALL_VALUES: EnvironmentValues = {
  ...ENVIRONMENT_VALUES,
  tokenVault: { vault: 'kms-table', kmsKeyId: 'arn:aws:kms:us-east-1:000000000000:key/vault' },
  webhookEndpointsAllowLoopback: 'false',
};

const NAMES = Object.keys(FUNCTIONS) as FunctionName[];
let fresh = 0;

/** Imports a function's entry file anew (not from the module cache) with exactly `env`. */
async function importEntry(name: FunctionName, env: Record<string, string | undefined>) {
  fresh += 1;
  const url = `${pathToFileURL(resolve(FUNCTIONS[name].entry)).href}?environment=${fresh}`;
  return importWithEnvironment<{ handler?: unknown }>(url, env);
}

/**
 * Imports a function's entry file anew with a `process.env` holding only `env` as function
 * variables, and answers which function variables it read.
 */
async function variablesReadAtImport(
  name: FunctionName,
  env: Record<string, string | undefined>,
): Promise<{ module: { handler?: unknown }; reads: Set<string> }> {
  const reads = new Set<string>();
  const real = process.env;
  const isFunctionVariable = (key: string) =>
    (FUNCTION_ENV_NAMES as readonly string[]).includes(key);
  const platform = Object.fromEntries(
    Object.entries(real).filter(([key]) => !isFunctionVariable(key)),
  );
  process.env = new Proxy(
    { ...platform, ...env },
    {
      get(target, key, receiver) {
        if (typeof key === 'string' && isFunctionVariable(key)) reads.add(key);
        return Reflect.get(target, key, receiver);
      },
    },
  );
  try {
    fresh += 1;
    const url = `${pathToFileURL(resolve(FUNCTIONS[name].entry)).href}?reads=${fresh}`;
    const module = (await import(url)) as { handler?: unknown };
    return { module, reads };
  } finally {
    process.env = real;
  }
}

describe('Function: functionEnvironment', () => {
  beforeAll(() => {
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it.each(NAMES)('%s initialises with only the variables its definition derives', async (name) => {
    // Prepare
    const env = functionEnvironment(name, ENVIRONMENT_VALUES);

    // Act
    const { module, reads } = await variablesReadAtImport(name, env);
    const viaRuntime = await importEntry(name, env);

    // Assess
    expect(typeof module.handler).toBe('function');
    expect(typeof viaRuntime.handler).toBe('function');
    // A variable read that the definition can never give would be unset after deploy.
    const derivable = functionEnvironment(name, ALL_VALUES);
    expect([...reads].filter((variable) => !(variable in derivable))).toEqual([]);
  });

  it.each(NAMES)('%s refuses to start without a variable it requires, naming it', async (name) => {
    // Prepare
    const env = functionEnvironment(name, ENVIRONMENT_VALUES);
    const required: string[] = [];

    // Act
    for (const variable of Object.keys(env)) {
      const without = { ...env, [variable]: undefined };
      try {
        await importEntry(name, without);
      } catch (error) {
        // Assess
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems.join('\n')).toContain(variable);
        required.push(variable);
      }
    }

    // Assess: every function with a table, a topic, a queue or a secret cannot start without it.
    if (Object.keys(FUNCTIONS[name].access).length > 0) expect(required.length).toBeGreaterThan(0);
  });

  it('gives a function none of the variables of resources it is not granted', () => {
    // Act
    const health = functionEnvironment('health', ENVIRONMENT_VALUES);
    const transferGet = functionEnvironment('transferGet', ENVIRONMENT_VALUES);
    const delivery = functionEnvironment('notificationDelivery', ENVIRONMENT_VALUES);

    // Assess
    expect(health).toEqual({});
    expect(Object.keys(transferGet).sort()).toEqual(['TABLE_NAME', 'TOKEN_REFRESH_WINDOW_DAYS']);
    expect(delivery).toMatchObject({
      NOTIFICATIONS_QUEUE_URL: ENVIRONMENT_VALUES.queueUrls.notifications,
      NOTIFICATION_RETRY_DELAYS_SECONDS: '20,300',
      WEBHOOK_ENDPOINT_SECRET_PREFIX: ENVIRONMENT_VALUES.endpointSecretPrefix,
    });
    expect(delivery).not.toHaveProperty('DWOLLA_APP_SECRET_ID');
  });
});
