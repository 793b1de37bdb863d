import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import type { FunctionName } from '../../../infra/definition.js';
import type { LocalStackInfo } from '../../../infra/local/stack-file.js';
import { ENV } from '../../../shared/config/env-names.js';
import { assertDocumented } from './documented-answers.js';

/**
 * Helpers for integration tests against the local stack started by `global-setup.ts`.
 *
 * @example
 * ```ts
 * const response = await apiFetch('/transfers?correlationId=abc');
 * ```
 */
export function stackInfo(): LocalStackInfo {
  return inject('localStack');
}

/** Full URL of a path on the local gateway. */
export function apiUrl(path: string): string {
  return `${stackInfo().apiUrl}${path}`;
}

/**
 * `fetch` on the local gateway with the local app API key in `x-api-key` (an explicit
 * `x-api-key` header in `init` wins, e.g. to send a wrong one). Redirects are not followed.
 * The answer is checked against `openapi.json` (status and body); an undocumented one throws.
 *
 * @example
 * ```ts
 * const response = await apiFetch('/transfers', { method: 'POST', body: JSON.stringify(input) });
 * ```
 */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('x-api-key')) headers.set('x-api-key', stackInfo().apiKey);
  if (init.body !== undefined && !headers.has('content-type')) {
    headers.set('content-type', 'application/json');
  }
  const response = await fetch(apiUrl(path), { redirect: 'manual', ...init, headers });
  await assertDocumented(init.method ?? 'GET', path, response);
  return response;
}

/**
 * Polls `probe` until it returns a value other than `undefined`/`false`, then returns it.
 *
 * @example
 * ```ts
 * const item = await waitFor(async () => (await getItem()) ?? undefined);
 * ```
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
  throw new Error(options.message ?? 'waitFor: condition not met in time', { cause: lastError });
}

/**
 * Waits until every queue of the stack is empty and no function runs (the pipeline drained).
 *
 * @example
 * ```ts
 * await drain();
 * ```
 */
export async function drain(timeoutMs = 30_000): Promise<void> {
  const response = await fetch(apiUrl(`/__local/drain?timeoutMs=${timeoutMs}`), { method: 'POST' });
  if (response.status !== 200) throw new Error(`local stack did not drain within ${timeoutMs} ms`);
}

/** How many times each function was invoked since the stack started. */
export async function invocations(): Promise<Partial<Record<FunctionName, number>>> {
  const response = await fetch(apiUrl('/__local/invocations'));
  return (await response.json()) as Partial<Record<FunctionName, number>>;
}

/**
 * Runs a scheduled job once (as `npm run job -- <name>`), waiting for the queues to drain.
 *
 * @example
 * ```ts
 * const { result } = await runJob('token-refresh');
 * ```
 */
export async function runJob(name: string): Promise<{ result: unknown; drained: boolean }> {
  const response = await fetch(apiUrl(`/__local/jobs/${encodeURIComponent(name)}`), {
    method: 'POST',
  });
  const body = (await response.json()) as { result: unknown; drained: boolean; message?: string };
  if (response.status !== 200) throw new Error(`job ${name} failed: ${body.message}`);
  return body;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/**
 * AWS SDK clients pointed at the local stack (DynamoDB, SQS, SNS, Secrets Manager, KMS).
 *
 * @example
 * ```ts
 * const { ddb } = localAwsClients();
 * await ddb.send(new ScanCommand({ TableName: stackInfo().tableName }));
 * ```
 */
export function localAwsClients() {
  const info = stackInfo();
  const base = { region: 'us-east-1', credentials };
  const dynamodb = new DynamoDBClient({ ...base, endpoint: info.dynamodbEndpoint });
  return {
    dynamodb,
    ddb: DynamoDBDocumentClient.from(dynamodb, {
      marshallOptions: { removeUndefinedValues: true },
    }),
    sqs: new SQSClient({ ...base, endpoint: info.sqsEndpoint, useQueueUrlAsEndpoint: false }),
    sns: new SNSClient({ ...base, endpoint: info.snsEndpoint }),
    secretsManager: new SecretsManagerClient({ ...base, endpoint: info.secretsManagerEndpoint }),
    kms: new KMSClient({ ...base, endpoint: info.kmsEndpoint }),
  };
}

/**
 * The environment a function needs to run in this process against the local stack: AWS
 * endpoints and credentials, the table, Dwolla's URLs and the secrets; tests add what else their
 * function reads.
 *
 * @example
 * ```ts
 * Object.assign(process.env, inProcessFunctionEnv(), { [ENV.tokenRefreshWindowDays]: '15' });
 * ```
 */
export function inProcessFunctionEnv(): Record<string, string> {
  const info = stackInfo();
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: info.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: info.secretsManagerEndpoint,
    [ENV.tableName]: info.tableName,
    [ENV.dwollaApiUrl]: info.dwollaApiUrl,
    [ENV.dwollaTokenUrl]: info.dwollaTokenUrl,
    [ENV.dwollaAppSecretId]: info.appSecretId,
    [ENV.accountSecretPrefix]: info.accountSecretPrefix,
  };
}
