import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioName, ScenarioResult } from '../../infra/local/dwolla-simulator/index.js';
import type { TransferLeg } from '../../shared/domain/transfer.js';
import { createDwollaAuthClient, createDwollaClient } from '../../shared/dwolla/index.js';
import type { DwollaApi } from '../../shared/ports/dwolla-api.js';
import { signWebhookBody } from '../../shared/webhooks/signature.js';
import { documentedFetch } from './support/documented-answers.js';
import { apiFetch, drain, localAwsClients, stackInfo } from './support/local-stack.js';
import { connectAccount, simulatorUrl } from './support/oauth.js';

/**
 * Legs that learn their events in exactly the reverse of the order Dwolla emitted them
 * (https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7 ("General recommendations"): Dwolla cannot guarantee the order of webhooks).
 * The simulator's subscription is paused so it sends nothing; each event is then signed and
 * posted to the intake by hand, newest first, the pipeline draining between two events.
 */

async function readSecret(secretId: string): Promise<Record<string, string>> {
  const { secretsManager } = localAwsClients();
  const { SecretString } = await secretsManager.send(
    new GetSecretValueCommand({ SecretId: secretId }),
  );
  return JSON.parse(SecretString ?? '{}') as Record<string, string>;
}

async function dwollaAsApplication(): Promise<{ dwolla: DwollaApi; token: string }> {
  const info = stackInfo();
  const { clientId, clientSecret } = await readSecret(info.appSecretId);
  const auth = createDwollaAuthClient({
    tokenUrl: info.dwollaTokenUrl,
    clientId: clientId!,
    clientSecret: clientSecret!,
    clientAuth: 'basic',
  });
  const { accessToken } = await auth.clientCredentials();
  return { dwolla: createDwollaClient({ apiUrl: info.dwollaApiUrl }), token: accessToken };
}

async function setPaused(app: { dwolla: DwollaApi; token: string }, paused: boolean) {
  for (const subscription of await app.dwolla.listWebhookSubscriptions(app.token)) {
    if (subscription.paused !== paused) {
      await app.dwolla.updateWebhookSubscription(app.token, subscription.id, { paused });
    }
  }
}

async function simulatorJson<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${simulatorUrl()}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status >= 300) throw new Error(`simulator ${path} answered ${response.status}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

async function getLeg(id: string): Promise<TransferLeg> {
  const response = await apiFetch(`/transfers/${encodeURIComponent(id)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as TransferLeg;
}

describe('Webhook pipeline: events delivered newest first', () => {
  let app: { dwolla: DwollaApi; token: string };
  let accountId: string;
  let webhookSecret: string;

  beforeAll(async () => {
    ({ accountId } = await connectAccount());
    app = await dwollaAsApplication();
    webhookSecret = (await readSecret(stackInfo().webhookSecretId)).current!;
    await simulatorJson('POST', '/__sim/chaos', {});
    await simulatorJson('POST', '/__sim/flush');
    await drain(60_000);
    await setPaused(app, true);
  });

  afterAll(async () => {
    await setPaused(app, false);
  });

  /** Runs the scenario without webhooks, then posts its events to the intake newest first. */
  async function deliverReversed(name: ScenarioName): Promise<ScenarioResult> {
    const result = await simulatorJson<ScenarioResult>('POST', `/__sim/scenarios/${name}`, {
      accountId,
    });
    const emitted = new Set(result.events.map((event) => event.id));
    const payloads = (
      await simulatorJson<{ id: string; topic: string }[]>('GET', '/__sim/events')
    ).filter((payload) => emitted.has(payload.id));
    expect(payloads).toHaveLength(result.events.length);
    for (const payload of [...payloads].reverse()) {
      const body = JSON.stringify(payload);
      const response = await documentedFetch(`${stackInfo().apiUrl}/webhooks/dwolla`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-dwolla-topic': payload.topic,
          'x-request-signature-sha-256': signWebhookBody(webhookSecret, Buffer.from(body)),
        },
        body,
      });
      expect(response.status).toBe(200);
      await drain(60_000);
    }
    return result;
  }

  it.each([
    ['client-to-unverified-destination-returned', ['processed', 'failed'], 1, /^R03$/],
    ['unverified-to-client-source-returned', ['failed', 'processed'], 0, /^R03$/],
    ['client-to-unverified-source-returned', ['failed', 'processed'], 0, /^R01$/],
  ] as const)(
    '002 %s: a post-settlement return learnt before its creation still ends %j',
    async (name, statuses, failedIndex, code) => {
      // Act
      const result = await deliverReversed(name);

      // Assess
      const [first, second] = await Promise.all(result.legs.map((leg) => getLeg(leg.id)));
      expect([first!.status, second!.status]).toEqual(statuses);
      expect([first, second][failedIndex]!.failure?.code).toMatch(code);
      expect([first, second][1 - failedIndex]!.failure).toBeUndefined();
      expect(first!.links.fundedTransfer).toBe(second!.id);
      expect(second!.links.fundingTransfer).toBe(first!.id);
      const failedLeg = result.legs[failedIndex]!;
      // The leg really went processed → failed at Dwolla, and its created event came last here.
      expect(failedLeg.topics.at(-1)).toMatch(/_failed$/);
      expect(failedLeg.topics).toEqual(
        expect.arrayContaining([expect.stringMatching(/_completed$/)]),
      );
    },
  );
});
