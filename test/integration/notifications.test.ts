import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../infra/definition.js';
import { redriveDlq } from '../../infra/local/dlq-redrive.js';
import {
  SCENARIO_NAMES,
  type ScenarioName,
  type ScenarioResult,
} from '../../infra/local/dwolla-simulator/index.js';
import type { ReceivedNotification } from '../../infra/local/notification-receiver.js';
import type { TransferLeg } from '../../shared/domain/transfer.js';
import { apiFetch, drain, localAwsClients, stackInfo, waitFor } from './support/local-stack.js';
import {
  inboxUrl as inboxUrlOf,
  type NotificationBody,
  received,
  registerInbox,
  setUpInbox,
} from './support/notifications.js';
import { connectAccount } from './support/oauth.js';
import { simulator } from './support/pipeline.js';
import { keyWithout, newTenantId, observe, tenantKey } from './support/tenants.js';

/**
 * App notifications end to end: every documented transfer scenario
 * (https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7 and
 * https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/ and
 * https://developers.dwolla.com/docs/balance/transfer-lifecycle), delivered by the simulator
 * shuffled with every event twice, through the intake, the chain, the table stream, the outbox and
 * the FIFO delivery queue, to receiver inboxes built into the local stack that verify each request
 * with the `standardwebhooks` package.
 */

const SCENARIOS = SCENARIO_NAMES.filter((name) => !name.startsWith('bill-payment'));

async function finalStatus(id: string): Promise<string> {
  const response = await apiFetch(`/transfers/${id}`);
  return ((await response.json()) as TransferLeg).status;
}

const bodyOf = (notification: ReceivedNotification) => notification.body as NotificationBody;
const forLeg = (notifications: readonly ReceivedNotification[], id: string) =>
  notifications.filter((n) => bodyOf(n).data.id === id);
const acknowledged = (notifications: readonly ReceivedNotification[]) =>
  notifications.filter((n) => n.answered === 204);

describe('App notifications: signed, per tenant, retried, replayable', () => {
  const legs = new Map<string, string>();
  let startedAt: string;
  let all: Awaited<ReturnType<typeof registerInbox>>;
  let flaky: Awaited<ReturnType<typeof registerInbox>>;
  let failedOnly: Awaited<ReturnType<typeof registerInbox>>;
  let deleted: Awaited<ReturnType<typeof registerInbox>>;
  let otherTenant: Awaited<ReturnType<typeof registerInbox>>;

  /** Waits until an inbox acknowledged, for every leg, a notification with its final status. */
  const untilFinal = (inbox: string, timeoutMs: number) =>
    waitFor(
      async () => {
        const got = acknowledged(await received(inbox));
        return [...legs].every(([id, status]) =>
          forLeg(got, id).some((n) => bodyOf(n).data.status === status),
        );
      },
      { timeoutMs, intervalMs: 250, message: `${inbox} never got every final status` },
    );

  beforeAll(async () => {
    // Prepare: endpoints first, so every notification of the scenarios is theirs.
    startedAt = new Date().toISOString();
    const { accountId } = await connectAccount();
    all = await registerInbox();
    flaky = await registerInbox({ failFirstAttempts: 1 });
    failedOnly = await registerInbox({ types: ['transfer.failed'] });
    deleted = await registerInbox();
    const other = await tenantKey(newTenantId('other'));
    otherTenant = await registerInbox({ apiKey: other.key });
    const removed = await apiFetch(`/webhook-endpoints/${deleted.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);

    await simulator('/__sim/chaos', { duplicateRate: 1, shuffle: true });
    for (const name of SCENARIOS) {
      const result = await simulator<ScenarioResult>(`/__sim/scenarios/${name as ScenarioName}`, {
        accountId,
      });
      for (const leg of result.legs) legs.set(leg.id, '');
    }
    await simulator('/__sim/flush');
    await drain(90_000);
    for (const id of legs.keys()) legs.set(id, await finalStatus(id));
    await untilFinal(all.inbox, 60_000);
  }, 240_000);

  afterAll(async () => {
    await simulator('/__sim/chaos', {});
    for (const endpoint of [all, flaky, failedOnly]) {
      if (endpoint) await apiFetch(`/webhook-endpoints/${endpoint.id}`, { method: 'DELETE' });
    }
  });

  it('gives each leg a verified sequence of the statuses applied, each previousStatus the one before, ending in its final status', async () => {
    // Act
    const got = await received(all.inbox);

    // Assess
    expect(legs.size).toBeGreaterThanOrEqual(SCENARIOS.length * 2 - 2);
    expect(got.every((n) => n.verified && n.answered === 204)).toBe(true);
    for (const [id, status] of legs) {
      const sequence = forLeg(got, id).map(bodyOf);
      expect(sequence.length, id).toBeGreaterThan(0);
      expect(sequence[0]!.data.previousStatus, id).toBeNull();
      for (const [index, body] of sequence.entries()) {
        expect(body.type).toBe(
          `transfer.${body.data.status === 'pending' ? 'created' : body.data.status}`,
        );
        if (index > 0) expect(body.data.previousStatus).toBe(sequence[index - 1]!.data.status);
      }
      expect(sequence.at(-1)!.data.status, id).toBe(status);
    }
  });

  it('sends each webhook-id once per endpoint, though every Dwolla event came twice', async () => {
    // Act
    const ids = (await received(all.inbox)).map((n) => n.webhookId);

    // Assess
    expect(ids.length).toBeGreaterThanOrEqual(legs.size);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sends a receiver that answered 500 the same webhook-id and body again, then nothing more', async () => {
    // Prepare
    await untilFinal(flaky.inbox, 90_000);

    // Act
    const got = await received(flaky.inbox);

    // Assess
    const byId = new Map<string, ReceivedNotification[]>();
    for (const n of got) byId.set(n.webhookId, [...(byId.get(n.webhookId) ?? []), n]);
    for (const [webhookId, attempts] of byId) {
      expect(
        attempts.map((n) => n.answered),
        webhookId,
      ).toEqual([500, 204]);
      expect(attempts[1]!.rawBody).toBe(attempts[0]!.rawBody);
      expect(attempts.every((n) => n.verified)).toBe(true);
    }
    const delivered = new Set(acknowledged(await received(all.inbox)).map((n) => n.webhookId));
    expect(new Set(byId.keys())).toEqual(delivered);
  });

  it('sends an endpoint only the types it subscribed to', async () => {
    // Prepare
    const failedLegs = [...legs].filter(([, status]) => status === 'failed').map(([id]) => id);
    expect(failedLegs.length).toBeGreaterThan(0);
    await waitFor(async () => {
      const got = await received(failedOnly.inbox);
      return failedLegs.every((id) => forLeg(got, id).length > 0);
    });

    // Act
    const got = await received(failedOnly.inbox);

    // Assess
    expect(new Set(got.map((n) => bodyOf(n).type))).toEqual(new Set(['transfer.failed']));
    expect(new Set(got.map((n) => bodyOf(n).data.id))).toEqual(new Set(failedLegs));
  });

  it("sends nothing to a deleted endpoint nor to another tenant's endpoint", async () => {
    // Assess: by now every other endpoint has everything.
    expect(await received(deleted.inbox)).toEqual([]);
    expect(await received(otherTenant.inbox)).toEqual([]);
    const list = await apiFetch('/webhook-endpoints');
    const ids = ((await list.json()) as { endpoints: { id: string }[] }).endpoints.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining([all.id, flaky.id, failedOnly.id]));
    expect(ids).not.toContain(deleted.id);
    expect(ids).not.toContain(otherTenant.id);
  });

  it('replays the endpoint’s notifications with their original webhook-ids and bodies', async () => {
    // Prepare
    const before = acknowledged(await received(all.inbox));
    await setUpInbox(all.inbox, { secret: all.secret });

    // Act
    const response = await apiFetch(`/webhook-endpoints/${all.id}/replay`, {
      method: 'POST',
      body: JSON.stringify({ since: startedAt }),
    });

    // Assess
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ queued: before.length });
    const replayed = await waitFor(
      async () => {
        const got = await received(all.inbox);
        return got.length >= before.length ? got : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const bodies = (list: readonly ReceivedNotification[]) =>
      new Map(list.map((n) => [n.webhookId, n.rawBody]));
    expect(bodies(replayed)).toEqual(bodies(before));
    expect(replayed.every((n) => n.verified)).toBe(true);
  });
});

describe('App notifications: endpoints are delivered independently', () => {
  it('a slow endpoint holds up neither another endpoint nor the webhook pipeline', async () => {
    // Prepare: the slow app takes 3 s per answer (within the 10-s limit, so every one succeeds).
    const slow = await registerInbox({ delayMs: 3_000 });
    const fast = await registerInbox();
    const { accountId } = await connectAccount();

    // Act
    const result = await simulator<ScenarioResult>(
      '/__sim/scenarios/client-to-unverified-success',
      {
        accountId,
      },
    );
    await simulator('/__sim/flush');
    const statuses = new Map(result.legs.map((leg) => [leg.id, leg.status as string]));
    const complete = (got: readonly ReceivedNotification[]) =>
      [...statuses].every(([id, status]) =>
        forLeg(acknowledged(got), id).some((n) => bodyOf(n).data.status === status),
      );
    const fastGot = await waitFor(async () => {
      const got = await received(fast.inbox);
      return complete(got) ? got : undefined;
    });
    const slowAtThatTime = acknowledged(await received(slow.inbox)).length;
    const storedAtThatTime = await Promise.all(result.legs.map((leg) => finalStatus(leg.id)));
    const slowGot = await waitFor(
      async () => {
        const got = await received(slow.inbox);
        return complete(got) ? got : undefined;
      },
      { timeoutMs: 60_000 },
    );

    // Assess: the chain and the fast app had everything while the slow app was still receiving.
    expect(slowAtThatTime).toBeLessThan(slowGot.length);
    expect(storedAtThatTime).toEqual([...statuses.values()]);
    const last = (got: readonly ReceivedNotification[]) =>
      Math.max(...got.map((n) => Date.parse(n.receivedAt)));
    expect(last(fastGot) + 1_500).toBeLessThan(last(slowGot));
    expect(slowGot.map((n) => n.webhookId).sort()).toEqual(fastGot.map((n) => n.webhookId).sort());
    for (const endpoint of [slow, fast]) {
      await apiFetch(`/webhook-endpoints/${endpoint.id}`, { method: 'DELETE' });
    }
  }, 120_000);
});

describe('App notifications: an endpoint that never answers 2xx', () => {
  it('gets every attempt of the schedule, then the delivery waits in the DLQ until npm run redrive moves it back', async () => {
    // Prepare: the test stack's schedule is 7 waits of 1 s, so 8 attempts per notification.
    const attempts = QUEUES.notifications.maxReceiveCount;
    const down = await registerInbox({ failFirstAttempts: attempts });
    const { accountId } = await connectAccount();
    const result = await simulator<ScenarioResult>(
      '/__sim/scenarios/unverified-to-client-source-failed',
      {
        accountId,
      },
    );
    await simulator('/__sim/flush');
    const [leg] = result.legs;
    const info = stackInfo();
    const { sqs } = localAwsClients();
    const dlqDepth = async () => {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: info.queueUrls.notificationsDlq!,
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
      );
      return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
    };

    await drain(60_000);
    const status = await finalStatus(leg!.id);

    // Act: every notification of the leg fails every attempt and lands in the DLQ, in order.
    const failedAttempts = await waitFor(
      async () => {
        const got = await received(down.inbox);
        const ids = new Set(got.map((n) => n.webhookId));
        const last = got.filter((n) => bodyOf(n).data.status === status);
        return last.length === attempts && (await dlqDepth()) === ids.size ? got : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    await setUpInbox(down.inbox, { secret: down.secret });
    const moved = await redriveDlq({
      sqs,
      dlqUrl: info.queueUrls.notificationsDlq!,
      queueUrl: info.queueUrls.notifications!,
    });

    // Assess
    const ids = [...new Set(failedAttempts.map((n) => n.webhookId))];
    for (const id of ids) {
      expect(failedAttempts.filter((n) => n.webhookId === id).map((n) => n.answered)).toEqual(
        Array.from({ length: attempts }, () => 500),
      );
    }
    expect(moved).toBe(ids.length);
    const delivered = await waitFor(
      async () => {
        const got = acknowledged(await received(down.inbox));
        return got.length === ids.length ? got : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(delivered.map((n) => n.webhookId)).toEqual(ids);
    expect(bodyOf(delivered.at(-1)!).data.status).toBe(status);
    expect(delivered.map((n) => n.rawBody)).toEqual(
      ids.map((id) => failedAttempts.find((n) => n.webhookId === id)!.rawBody),
    );
    await apiFetch(`/webhook-endpoints/${down.id}`, { method: 'DELETE' });
  }, 180_000);
});

describe('Webhook endpoints API through the gateway', () => {
  it("answers another tenant's key 404 for an endpoint it does not own, and changes nothing", async () => {
    // Prepare
    const owned = await registerInbox();
    const other = await tenantKey(newTenantId('other'));
    const as = (method: string, path: string, body?: unknown) =>
      apiFetch(path, {
        method,
        headers: { 'x-api-key': other.key },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });

    // Act
    const { result, tableChanged } = await observe(async () => [
      await as('DELETE', `/webhook-endpoints/${owned.id}`),
      await as('POST', `/webhook-endpoints/${owned.id}/replay`, {
        since: new Date().toISOString(),
      }),
      await as('GET', '/webhook-endpoints'),
    ]);

    // Assess
    expect(result.map((response) => response.status)).toEqual([404, 404, 200]);
    expect(await result[2]!.json()).toEqual({ endpoints: [] });
    expect(tableChanged).toBe(false);
    await apiFetch(`/webhook-endpoints/${owned.id}`, { method: 'DELETE' });
  });

  it('refuses a key without webhooks:manage (403) and a bad URL (400 at /url), storing nothing', async () => {
    // Prepare
    const tenantId = newTenantId('scoped');
    const noScope = await keyWithout(tenantId, 'webhooks:manage');
    const full = await tenantKey(tenantId);
    const { secretsManager } = localAwsClients();
    const secrets = async () =>
      (await secretsManager.send(new ListSecretsCommand({}))).SecretList?.length;
    const secretsBefore = await secrets();
    const create = (key: string, url: string) =>
      apiFetch('/webhook-endpoints', {
        method: 'POST',
        headers: { 'x-api-key': key },
        body: JSON.stringify({ url }),
      });

    // Act
    const { result, tableChanged } = await observe(async () => [
      await create(noScope.key, inboxUrlOf('x')),
      await create(full.key, 'https://169.254.169.254/latest/meta-data'),
      await create(full.key, 'ftp://example.com/'),
    ]);

    // Assess
    expect(result.map((response) => response.status)).toEqual([403, 400, 400]);
    expect(await result[1]!.json()).toMatchObject({
      code: 'ValidationError',
      _embedded: { errors: [{ path: '/url' }] },
    });
    expect(tableChanged).toBe(false);
    expect(await secrets()).toBe(secretsBefore);
  });
});
