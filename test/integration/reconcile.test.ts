import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../infra/local/dwolla-simulator/index.js';
import type { DwollaApi } from '../../shared/ports/dwolla-api.js';
import type { ReconcileResult } from '../../shared/webhooks/reconcile.js';
import { apiFetch, drain, runJob } from './support/local-stack.js';
import { connectAccount } from './support/oauth.js';
import { dwollaAsApplication, simulator, storedEventIds } from './support/pipeline.js';

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
