import { describe, expect, it } from 'vitest';
import { DwollaApiError } from '../../shared/dwolla/errors.js';
import { SubscriptionStateError } from '../../shared/webhooks/errors.js';
import {
  finishSecretRotation,
  type ProvisioningDependencies,
  rotateWebhookSecret,
  subscribeWebhook,
  type WebhookSubscriptionAdmin,
} from '../../shared/webhooks/subscription.js';
import { webhookSubscriptionAdmin } from '../../shared/webhooks/subscription-admin-http.js';
import type { WebhookSecretStore, WebhookSecrets } from '../../shared/webhooks/webhook-secrets.js';

const URL_A = 'https://api.example.com/webhooks/dwolla';
const URL_OTHER = 'https://other.example.com/hooks';

interface FakeSubscription {
  id: string;
  url: string;
  secret: string;
  paused: boolean;
}

/** Dwolla's subscription resource in memory, plus the stored secret. */
function setUp(options: {
  secrets: WebhookSecrets;
  subscriptions?: FakeSubscription[];
  failCreates?: number;
}) {
  const state = {
    secrets: options.secrets,
    subscriptions: [...(options.subscriptions ?? [])],
    failCreates: options.failCreates ?? 0,
    nextId: 1,
    generated: 0,
  };
  const dwolla: WebhookSubscriptionAdmin = {
    async listWebhookSubscriptions() {
      return state.subscriptions.map(({ id, url, paused }) => ({ id, url, paused, created: '' }));
    },
    async createWebhookSubscription(_token, { url, secret }) {
      if (state.failCreates > 0) {
        state.failCreates -= 1;
        throw new Error('Dwolla unavailable');
      }
      const id = `sub-new-${state.nextId++}`;
      state.subscriptions.push({ id, url, secret, paused: false });
      return { id };
    },
    async updateWebhookSubscription(_token, id, { paused }) {
      const subscription = state.subscriptions.find((s) => s.id === id);
      if (subscription) subscription.paused = paused;
    },
    async deleteWebhookSubscription(_token, id) {
      state.subscriptions = state.subscriptions.filter((s) => s.id !== id);
    },
  };
  const secrets: WebhookSecretStore = {
    read: async () => state.secrets,
    write: async (value) => {
      state.secrets = value;
    },
  };
  const deps: ProvisioningDependencies = {
    dwolla,
    appTokens: { withAppToken: (call) => call('app-token') },
    secrets,
    generateSecret: () => `generated-secret-${++state.generated}`,
  };
  return { state, deps };
}

describe('Provisioning: subscribe', () => {
  it('creates the subscription for the URL with the current secret from Secrets Manager', async () => {
    const { state, deps } = setUp({
      secrets: { current: 'current-secret' },
      subscriptions: [{ id: 'sub-other', url: URL_OTHER, secret: 'x', paused: false }],
    });

    const outcome = await subscribeWebhook(deps, URL_A);

    expect(outcome).toEqual({ action: 'created', subscriptionIds: ['sub-new-1'] });
    expect(state.subscriptions).toContainEqual({
      id: 'sub-new-1',
      url: URL_A,
      secret: 'current-secret',
      paused: false,
    });
  });

  it('leaves an existing subscription for the URL alone (running it twice is harmless)', async () => {
    const { state, deps } = setUp({ secrets: { current: 'current-secret' } });

    await subscribeWebhook(deps, URL_A);
    const second = await subscribeWebhook(deps, URL_A);

    expect(second).toEqual({ action: 'unchanged', subscriptionIds: ['sub-new-1'] });
    expect(state.subscriptions.filter((s) => s.url === URL_A)).toHaveLength(1);
  });

  it('unpauses a paused subscription for the URL', async () => {
    const { state, deps } = setUp({
      secrets: { current: 'current-secret' },
      subscriptions: [{ id: 'sub-1', url: URL_A, secret: 'current-secret', paused: true }],
    });

    const outcome = await subscribeWebhook(deps, URL_A);

    expect(outcome).toEqual({ action: 'unpaused', subscriptionIds: ['sub-1'] });
    expect(state.subscriptions[0]?.paused).toBe(false);
  });
});

describe('Provisioning: rotate-secret and finish-rotation', () => {
  it('stores both secrets, re-subscribes with the new one and deletes the old subscription', async () => {
    const { state, deps } = setUp({
      secrets: { current: 'old-secret' },
      subscriptions: [
        { id: 'sub-old', url: URL_A, secret: 'old-secret', paused: false },
        { id: 'sub-other', url: URL_OTHER, secret: 'x', paused: false },
      ],
    });

    const outcome = await rotateWebhookSecret(deps, URL_A);

    expect(outcome).toEqual({
      subscriptionId: 'sub-new-1',
      deletedSubscriptionIds: ['sub-old'],
      resumed: false,
    });
    expect(state.secrets).toEqual({ current: 'generated-secret-1', previous: 'old-secret' });
    expect(state.subscriptions).toEqual([
      { id: 'sub-other', url: URL_OTHER, secret: 'x', paused: false },
      { id: 'sub-new-1', url: URL_A, secret: 'generated-secret-1', paused: false },
    ]);
  });

  it('resumes a rotation that failed half-way without replacing its new secret', async () => {
    const { state, deps } = setUp({
      secrets: { current: 'old-secret' },
      subscriptions: [{ id: 'sub-old', url: URL_A, secret: 'old-secret', paused: false }],
      failCreates: 1,
    });

    await expect(rotateWebhookSecret(deps, URL_A)).rejects.toThrow('Dwolla unavailable');
    const outcome = await rotateWebhookSecret(deps, URL_A);

    expect(outcome.resumed).toBe(true);
    expect(state.generated).toBe(1);
    expect(state.secrets).toEqual({ current: 'generated-secret-1', previous: 'old-secret' });
    expect(state.subscriptions).toEqual([
      { id: 'sub-new-1', url: URL_A, secret: 'generated-secret-1', paused: false },
    ]);
  });

  it('finish-rotation keeps only the new secret', async () => {
    const { state, deps } = setUp({ secrets: { current: 'new-secret', previous: 'old-secret' } });

    await finishSecretRotation(deps.secrets);

    expect(state.secrets).toEqual({ current: 'new-secret' });
  });

  it('finish-rotation refuses when no rotation is in progress', async () => {
    const { state, deps } = setUp({ secrets: { current: 'only-secret' } });

    await expect(finishSecretRotation(deps.secrets)).rejects.toBeInstanceOf(SubscriptionStateError);
    expect(state.secrets).toEqual({ current: 'only-secret' });
  });
});

describe('Adapter: webhookSubscriptionAdmin', () => {
  const unused = {
    listWebhookSubscriptions: async () => [],
    createWebhookSubscription: async () => ({ id: 'x' }),
    updateWebhookSubscription: async () => undefined,
  };

  function recordingFetch(status: number, body = '') {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      return new Response(body || null, { status });
    }) as unknown as typeof fetch;
    return { calls, fetchImpl };
  }

  it('deletes a subscription with the application token and Dwolla headers', async () => {
    const { calls, fetchImpl } = recordingFetch(200);
    const admin = webhookSubscriptionAdmin(unused, {
      apiUrl: 'https://api-sandbox.dwolla.com/',
      fetch: fetchImpl,
    });

    await admin.deleteWebhookSubscription('app-token', 'sub-1');

    expect(calls).toEqual([
      {
        url: 'https://api-sandbox.dwolla.com/webhook-subscriptions/sub-1',
        init: {
          method: 'DELETE',
          headers: {
            accept: 'application/vnd.dwolla.v1.hal+json',
            authorization: 'Bearer app-token',
          },
        },
      },
    ]);
  });

  it('treats an already deleted subscription (404) as deleted', async () => {
    const { fetchImpl } = recordingFetch(404, '{"code":"NotFound","message":"Not found."}');
    const admin = webhookSubscriptionAdmin(unused, { apiUrl: 'https://d', fetch: fetchImpl });

    await expect(admin.deleteWebhookSubscription('t', 'sub-1')).resolves.toBeUndefined();
  });

  it('raises a DwollaApiError with the status and code on any other failure', async () => {
    const { fetchImpl } = recordingFetch(401, '{"code":"ExpiredAccessToken","message":"Expired."}');
    const admin = webhookSubscriptionAdmin(unused, { apiUrl: 'https://d', fetch: fetchImpl });

    const error = await admin.deleteWebhookSubscription('t', 'sub-1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DwollaApiError);
    expect(error).toMatchObject({ status: 401, code: 'ExpiredAccessToken' });
  });
});
