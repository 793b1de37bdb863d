import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../infra/local/dwolla-simulator/index.js';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import { createDwollaAuthClient, createDwollaClient } from '../../shared/dwolla/index.js';
import type { DwollaApi } from '../../shared/ports/dwolla-api.js';
import type { ReconcileResult } from '../../shared/webhooks/reconcile.js';
import { apiFetch, drain, localAwsClients, runJob, stackInfo } from './support/local-stack.js';
import { connectAccount, simulatorUrl } from './support/oauth.js';

/**
 * Reconciliation against the simulator: events Dwolla never delivered (the subscription was
 * paused, https://developers.dwolla.com/guides/webhooks/process-validate: no automatic redelivery) are recovered from `GET /events`
 * by `npm run job -- reconcile`, flow through every processor, and the subscription is unpaused.
 */

async function simulator<T>(path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`${simulatorUrl()}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) {
    throw new Error(`simulator ${path} answered ${response.status}: ${await response.text()}`);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The application token and the Dwolla client, as an operator would use them. */
async function dwollaAsApplication(): Promise<{ dwolla: DwollaApi; token: string }> {
  const info = stackInfo();
  const { secretsManager } = localAwsClients();
  const { SecretString } = await secretsManager.send(
    new GetSecretValueCommand({ SecretId: info.appSecretId }),
  );
  const { clientId, clientSecret } = JSON.parse(SecretString ?? '{}') as {
    clientId: string;
    clientSecret: string;
  };
  const auth = createDwollaAuthClient({
    tokenUrl: info.dwollaTokenUrl,
    clientId,
    clientSecret,
    clientAuth: 'basic',
  });
  const { accessToken } = await auth.clientCredentials();
  return { dwolla: createDwollaClient({ apiUrl: info.dwollaApiUrl }), token: accessToken };
}

async function storedEventIds(resourceId: string): Promise<string[]> {
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

async function storedEventsOf(result: ScenarioResult): Promise<string[]> {
  const resources = [...new Set(result.events.map((event) => event.resourceId))];
  return (await Promise.all(resources.map(storedEventIds))).flat().sort();
}

describe('Reconcile job against the simulator', () => {
  let accountId: string;
  let app: { dwolla: DwollaApi; token: string };

  beforeAll(async () => {
    ({ accountId } = await connectAccount());
    app = await dwollaAsApplication();
    // Everything already emitted is delivered and stored before this test starts.
    await simulator('/__sim/flush');
    await drain(60_000);
    await runJob('reconcile');
  });

  afterAll(async () => {
    for (const subscription of await app.dwolla.listWebhookSubscriptions(app.token)) {
      if (subscription.paused) {
        await app.dwolla.updateWebhookSubscription(app.token, subscription.id, { paused: false });
      }
    }
  });

  it('recovers events that were never delivered and unpauses the paused subscription', async () => {
    // Prepare: the subscription is paused, so the scenario's webhooks are never sent
    const subscriptions = await app.dwolla.listWebhookSubscriptions(app.token);
    expect(subscriptions.length).toBeGreaterThan(0);
    for (const subscription of subscriptions) {
      await app.dwolla.updateWebhookSubscription(app.token, subscription.id, { paused: true });
    }
    const result = await simulator<ScenarioResult>(
      '/__sim/scenarios/client-to-unverified-success',
      {
        accountId,
      },
    );
    await simulator('/__sim/flush');
    await drain(60_000);
    expect(await storedEventsOf(result)).toEqual([]);

    // Act
    const job = await runJob('reconcile');

    // Assess: every event is stored once, through the same pipeline
    const outcome = job.result as ReconcileResult;
    expect(outcome.published).toBe(result.events.length);
    expect(outcome.unpaused).toBe(subscriptions.length);
    expect(await storedEventsOf(result)).toEqual(result.events.map((event) => event.id).sort());
    // ... and the transfer-chain processor saw them too: the chain is complete.
    const search = await apiFetch(
      `/transfers?correlationId=${encodeURIComponent(result.correlationId)}`,
    );
    const { transfers } = (await search.json()) as { transfers: { id: string; status: string }[] };
    expect(transfers.map((leg) => [leg.id, leg.status])).toEqual(
      result.legs.map((leg) => [leg.id, 'processed']),
    );
    const after = await app.dwolla.listWebhookSubscriptions(app.token);
    expect(after.filter((subscription) => subscription.paused)).toEqual([]);
  });

  it('publishes nothing on a second run: what is stored is not replayed', async () => {
    // Prepare: a run that caught up
    await runJob('reconcile');

    // Act
    const job = await runJob('reconcile');

    // Assess
    expect(job.result).toMatchObject({ published: 0, unpaused: 0 });
  });
});
