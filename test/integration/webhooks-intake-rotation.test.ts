import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../infra/local/dwolla-simulator/index.js';
import { createAppTokens } from '../../shared/accounts/app-tokens.js';
import { createDwollaClient } from '../../shared/dwolla/index.js';
import { SecretsManagerWebhookSecretStore } from '../../shared/webhooks/secrets-manager-webhook-secret-store.js';
import {
  finishSecretRotation,
  type ProvisioningDependencies,
  rotateWebhookSecret,
  subscribeWebhook,
} from '../../shared/webhooks/subscription.js';
import { webhookSubscriptionAdmin } from '../../shared/webhooks/subscription-admin-http.js';
import { apiUrl, drain, localAwsClients, stackInfo, waitFor } from './support/local-stack.js';
import { connectAccount } from './support/oauth.js';
import {
  applicationAuth,
  newWebhookEvent,
  postWebhook,
  signatureOf,
  simulator,
  storedEventIds,
} from './support/pipeline.js';

/**
 * Secret rotation end to end, as `npm run dwolla -- rotate-secret` / `finish-rotation` do it,
 * against the simulator and the running intake: no restart, no webhook refused for good.
 */

async function provisioning(): Promise<ProvisioningDependencies> {
  const info = stackInfo();
  return {
    dwolla: webhookSubscriptionAdmin(createDwollaClient({ apiUrl: info.dwollaApiUrl }), {
      apiUrl: info.dwollaApiUrl,
    }),
    appTokens: createAppTokens({ auth: await applicationAuth() }),
    secrets: new SecretsManagerWebhookSecretStore({
      client: localAwsClients().secretsManager,
      secretId: info.webhookSecretId,
    }),
  };
}

/** The intake's status for `body` signed with `secret`. */
async function postSigned(body: string, secret: string): Promise<number> {
  return (await postWebhook(body, signatureOf(secret, body))).status;
}

describe('Webhook secret rotation', () => {
  it('accepts the new and the previous secret during a rotation, then Dwolla delivers with the new one', {
    timeout: 150_000,
  }, async () => {
    // Prepare: the stack's subscription exists; subscribing again changes nothing
    const deps = await provisioning();
    const url = apiUrl('/webhooks/dwolla');
    const subscribed = await subscribeWebhook(deps, url);
    expect(subscribed.action).toBe('unchanged');
    const oldSecret = (await deps.secrets.read()).current;

    // Act: rotate
    const rotation = await rotateWebhookSecret(deps, url);

    // Assess: one subscription for the URL, the new one; both secrets stored
    const subscriptions = await deps.appTokens.withAppToken((token) =>
      deps.dwolla.listWebhookSubscriptions(token),
    );
    expect(subscriptions.filter((s) => s.url === url).map((s) => s.id)).toEqual([
      rotation.subscriptionId,
    ]);
    expect(rotation.deletedSubscriptionIds).toEqual(subscribed.subscriptionIds);
    const { current: newSecret, previous } = await deps.secrets.read();
    expect(previous).toBe(oldSecret);

    // The running intake picks the new secret up without a restart (it re-reads the secret
    // after a mismatch, at most once a minute).
    const signedWithNew = newWebhookEvent();
    await waitFor(async () => (await postSigned(signedWithNew.body, newSecret)) === 200, {
      timeoutMs: 90_000,
      intervalMs: 2_000,
      message: 'the intake never accepted the new secret',
    });
    // ... and still accepts the previous one while the rotation is in progress.
    const signedWithOld = newWebhookEvent();
    expect(await postSigned(signedWithOld.body, oldSecret)).toBe(200);
    expect(await postSigned(newWebhookEvent().body, 'neither-of-the-two-secrets')).toBe(401);

    // Dwolla's (the simulator's) webhooks now come signed with the new secret and are stored.
    const { accountId } = await connectAccount();
    const scenario = await simulator<ScenarioResult>(
      '/__sim/scenarios/client-to-unverified-success',
      { accountId },
    );
    await simulator('/__sim/flush');
    await drain(60_000);
    const stored = (
      await Promise.all([...new Set(scenario.events.map((e) => e.resourceId))].map(storedEventIds))
    ).flat();
    expect(stored.sort()).toEqual(scenario.events.map((e) => e.id).sort());
    expect(await storedEventIds(signedWithNew.resourceId)).toEqual([signedWithNew.eventId]);
    expect(await storedEventIds(signedWithOld.resourceId)).toEqual([signedWithOld.eventId]);

    // Finish: only the new secret remains stored.
    await finishSecretRotation(deps.secrets);
    expect(await deps.secrets.read()).toEqual({ current: newSecret });
  });
});
