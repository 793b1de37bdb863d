import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioName, ScenarioResult } from '../../infra/local/dwolla-simulator/index.js';
import type { DwollaApi } from '../../shared/ports/dwolla-api.js';
import { signWebhookBody } from '../../shared/webhooks/signature.js';
import { documentedFetch } from './support/documented-answers.js';
import { drain, stackInfo } from './support/local-stack.js';
import { connectAccount, simulatorUrl } from './support/oauth.js';
import { dwollaAsApplication, getLeg, readSecret, simulator } from './support/pipeline.js';

async function setPaused(app: { dwolla: DwollaApi; token: string }, paused: boolean) {
  for (const subscription of await app.dwolla.listWebhookSubscriptions(app.token)) {
    if (subscription.paused !== paused) {
      await app.dwolla.updateWebhookSubscription(app.token, subscription.id, { paused });
    }
  }
}

describe('Webhook pipeline: events delivered newest first', () => {
  let app: { dwolla: DwollaApi; token: string };
  let accountId: string;
  let webhookSecret: string;

  beforeAll(async () => {
    ({ accountId } = await connectAccount());
    app = await dwollaAsApplication();
    webhookSecret = (await readSecret(stackInfo().webhookSecretId)).current!;
    await simulator('/__sim/chaos', {});
    await simulator('/__sim/flush');
    await drain(60_000);
    await setPaused(app, true);
  });

  afterAll(async () => {
    await setPaused(app, false);
  });

  /** Runs the scenario without webhooks, then posts its events to the intake newest first. */
  async function deliverReversed(name: ScenarioName): Promise<ScenarioResult> {
    const result = await simulator<ScenarioResult>(`/__sim/scenarios/${name}`, {
      accountId,
    });
    const emitted = new Set(result.events.map((event) => event.id));
    const payloads = (
      (await (await fetch(`${simulatorUrl()}/__sim/events`)).json()) as {
        id: string;
        topic: string;
      }[]
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
