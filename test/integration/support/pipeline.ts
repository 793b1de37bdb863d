import { randomUUID } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ScenarioName, ScenarioResult } from '../../../infra/local/dwolla-simulator/index.js';
import { keys } from '../../../shared/adapters/dynamodb/table-design.js';
import type { TransferLeg } from '../../../shared/domain/transfer.js';
import { createDwollaAuthClient, createDwollaClient } from '../../../shared/dwolla/index.js';
import type { DwollaApi, DwollaAuthApi } from '../../../shared/ports/dwolla-api.js';
import { signWebhookBody } from '../../../shared/webhooks/signature.js';
import { simControl } from '../../support/simulator.js';
import { documentedFetch } from './documented-answers.js';
import { apiFetch, apiUrl, drain, localAwsClients, stackInfo } from './local-stack.js';
import { simulatorUrl } from './oauth.js';

/**
 * Helpers for the webhook pipeline tests against the local stack: the simulator's controls,
 * Dwolla as the application sees it, posting signed webhooks, and what the table stored.
 */

/**
 * A `POST` to one of the stack simulator's `/__sim` controls.
 *
 * @example
 * ```ts
 * await simulator('/__sim/flush');
 * ```
 */
export function simulator<T>(path: string, body: unknown = {}): Promise<T> {
  return simControl<T>(simulatorUrl(), path, body);
}

/**
 * Runs a scenario, lets every webhook be delivered, and waits for the pipeline to drain.
 *
 * @example
 * ```ts
 * const result = await runDelivered('verified-to-verified', accountId);
 * ```
 */
export async function runDelivered(name: ScenarioName, accountId: string): Promise<ScenarioResult> {
  const result = await simulator<ScenarioResult>(`/__sim/scenarios/${name}`, { accountId });
  await simulator('/__sim/flush');
  await drain(60_000);
  return result;
}

/** A Secrets Manager secret of the stack, parsed as the JSON object it holds. */
export async function readSecret(secretId: string): Promise<Record<string, string>> {
  const { SecretString } = await localAwsClients().secretsManager.send(
    new GetSecretValueCommand({ SecretId: secretId }),
  );
  return JSON.parse(SecretString ?? '{}') as Record<string, string>;
}

/**
 * The token endpoint with the application's own key and secret (client credentials).
 *
 * @example
 * ```ts
 * const appTokens = createAppTokens({ auth: await applicationAuth() });
 * ```
 */
export async function applicationAuth(): Promise<DwollaAuthApi> {
  const info = stackInfo();
  const { clientId, clientSecret } = await readSecret(info.appSecretId);
  return createDwollaAuthClient({
    tokenUrl: info.dwollaTokenUrl,
    clientId: clientId!,
    clientSecret: clientSecret!,
    clientAuth: 'basic',
  });
}

/**
 * The Dwolla client and an application token, as an operator would use them.
 *
 * @example
 * ```ts
 * const { dwolla, token } = await dwollaAsApplication();
 * await dwolla.listWebhookSubscriptions(token);
 * ```
 */
export async function dwollaAsApplication(): Promise<{ dwolla: DwollaApi; token: string }> {
  const { accessToken } = await (await applicationAuth()).clientCredentials();
  return { dwolla: createDwollaClient({ apiUrl: stackInfo().dwollaApiUrl }), token: accessToken };
}

/**
 * Event ids stored under a resource, straight from the table.
 *
 * @example
 * ```ts
 * expect(await storedEventIds(transferId)).toHaveLength(3);
 * ```
 */
export async function storedEventIds(resourceId: string): Promise<string[]> {
  const { ddb } = localAwsClients();
  const { Items = [] } = await ddb.send(
    new QueryCommand({
      TableName: stackInfo().tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
      ExpressionAttributeValues: { ':pk': keys.resourcePk(resourceId), ':event': 'EVENT#' },
    }),
  );
  return Items.map((item) => item.eventId as string);
}

/**
 * `GET /transfers/{id}` through the gateway; throws unless it answers 200.
 *
 * @example
 * ```ts
 * const leg = await getLeg(result.transferId);
 * ```
 */
export async function getLeg(id: string): Promise<TransferLeg> {
  const response = await apiFetch(`/transfers/${encodeURIComponent(id)}`);
  if (response.status !== 200) throw new Error(`GET /transfers/${id} answered ${response.status}`);
  return (await response.json()) as TransferLeg;
}

/**
 * A Dwolla event of a topic no processor acts on, as Dwolla serialises it.
 *
 * @example
 * ```ts
 * const { eventId, body } = newWebhookEvent();
 * ```
 */
export function newWebhookEvent(): { eventId: string; resourceId: string; body: string } {
  const eventId = randomUUID();
  const resourceId = randomUUID();
  const body = JSON.stringify({
    _links: {
      self: { href: `https://api-sandbox.dwolla.com/events/${eventId}` },
      resource: { href: `https://api-sandbox.dwolla.com/customers/${resourceId}` },
      account: { href: `https://api-sandbox.dwolla.com/accounts/${randomUUID()}` },
    },
    id: eventId,
    created: new Date().toISOString(),
    topic: 'customer_verified',
    resourceId,
  });
  return { eventId, resourceId, body };
}

/** The signature header Dwolla sends with `body`, keyed with `secret`. */
export function signatureOf(secret: string, body: string | Buffer): Record<string, string> {
  return { 'X-Request-Signature-SHA-256': signWebhookBody(secret, Buffer.from(body)) };
}

/**
 * `POST /webhooks/dwolla` as Dwolla sends it (its user agent), with `headers` such as
 * {@link signatureOf}; the answer is checked against `openapi.json`.
 *
 * @example
 * ```ts
 * const response = await postWebhook(body, signatureOf(secret, body));
 * ```
 */
export function postWebhook(
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<Response> {
  return documentedFetch(apiUrl('/webhooks/dwolla'), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'dwolla-webhooks/1.1',
      ...headers,
    },
    body,
  });
}
