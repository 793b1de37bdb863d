import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioName, ScenarioResult } from '../../infra/local/dwolla-simulator/index.js';
import { createAppTokens } from '../../shared/accounts/app-tokens.js';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import { createDwollaClient } from '../../shared/dwolla/index.js';
import type { DwollaApi } from '../../shared/ports/dwolla-api.js';
import type { AppTokens } from '../../shared/ports/tokens.js';
import { DynamoDbEventStore } from '../../shared/webhooks/dynamodb-event-store.js';
import { createReconcile } from '../../shared/webhooks/reconcile.js';
import type { ReconcileCursor, ReconcileState } from '../../shared/webhooks/reconcile-pass.js';
import { SnsEventBatchPublisher } from '../../shared/webhooks/sns-event-batch-publisher.js';
import { drain, localAwsClients, stackInfo } from './support/local-stack.js';
import { connectAccount } from './support/oauth.js';
import { applicationAuth, simulator } from './support/pipeline.js';

async function storedEventIds(resourceId: string): Promise<string[]> {
  const { Items = [] } = await localAwsClients().ddb.send(
    new QueryCommand({
      TableName: stackInfo().tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
      ExpressionAttributeValues: { ':pk': keys.resourcePk(resourceId), ':event': 'EVENT#' },
    }),
  );
  return Items.map((item) => item.eventId as string);
}

describe('Reconcile: a backlog larger than one run, against the simulator', () => {
  let accountId: string;
  let app: { dwolla: DwollaApi; appTokens: AppTokens };

  const pauseSubscriptions = async () =>
    app.appTokens.withAppToken(async (token) => {
      for (const subscription of await app.dwolla.listWebhookSubscriptions(token)) {
        await app.dwolla.updateWebhookSubscription(token, subscription.id, { paused: true });
      }
    });

  /** A scenario whose webhooks are never delivered (the subscription is paused). */
  const undelivered = async (name: ScenarioName): Promise<ScenarioResult> => {
    await pauseSubscriptions();
    const result = await simulator<ScenarioResult>(`/__sim/scenarios/${name}`, { accountId });
    await simulator('/__sim/flush');
    return result;
  };

  beforeAll(async () => {
    ({ accountId } = await connectAccount());
    app = {
      dwolla: createDwollaClient({ apiUrl: stackInfo().dwollaApiUrl }),
      appTokens: createAppTokens({ auth: await applicationAuth() }),
    };
    // A delivered scenario, so that the cursor has an event to stand on
    await simulator('/__sim/scenarios/client-to-unverified-success', { accountId });
    await simulator('/__sim/flush');
    await drain(60_000);
  });

  afterAll(async () => {
    await app.appTokens.withAppToken(async (token) => {
      for (const subscription of await app.dwolla.listWebhookSubscriptions(token)) {
        await app.dwolla.updateWebhookSubscription(token, subscription.id, { paused: false });
      }
    });
  });

  it('continues run after run, publishes every missed event once, then moves the cursor', async () => {
    // Prepare: the cursor at the newest event so far, then a backlog of undelivered events
    const info = stackInfo();
    const { sns, ddb } = localAwsClients();
    const newest = await app.appTokens.withAppToken((token) =>
      app.dwolla.listEvents(token, { limit: 1, offset: 0 }),
    );
    const start: ReconcileCursor = {
      created: newest.events[0]!.created,
      eventId: newest.events[0]!.id,
    };
    let saved: ReconcileState | undefined = { cursor: start };
    const backlog = [
      await undelivered('client-to-unverified-success'),
      await undelivered('unverified-to-client-success'),
      await undelivered('verified-to-verified'),
    ];
    const reconcile = createReconcile(
      {
        dwolla: app.dwolla,
        appTokens: app.appTokens,
        events: new DynamoDbEventStore({ client: ddb, tableName: info.tableName }),
        cursor: {
          get: async () => saved,
          put: async (state) => {
            saved = state;
          },
        },
        publisher: new SnsEventBatchPublisher({ client: sns, topicArn: info.topicArn }),
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
        metrics: { addMetric: () => undefined },
      },
      { pageSize: 4, maxPages: 2, overlapMs: 0 },
    );

    // Act: scheduled runs; more undelivered events arrive while the pass is open
    const published: number[] = [];
    const cursorsWhileOpen: (ReconcileCursor | undefined)[] = [];
    const arrivals: ScenarioResult[] = [];
    let result = await reconcile();
    published.push(result.published);
    while (result.truncated) {
      cursorsWhileOpen.push(saved?.cursor);
      if (arrivals.length < 2) arrivals.push(await undelivered('client-to-unverified-success'));
      else await pauseSubscriptions();
      result = await reconcile();
      published.push(result.published);
      expect(published.length).toBeLessThan(40);
    }
    const passTarget = saved?.cursor;
    // ... and the next pass picks up what arrived meanwhile
    do {
      await pauseSubscriptions();
      result = await reconcile();
      published.push(result.published);
    } while (result.truncated);
    await drain(60_000);

    // Assess: several runs; every missed event stored, each published exactly once
    const missed = [...backlog, ...arrivals].flatMap((scenario) => scenario.events);
    expect(cursorsWhileOpen.length).toBeGreaterThan(2);
    expect(cursorsWhileOpen.every((cursor) => cursor?.eventId === start.eventId)).toBe(true);
    expect(passTarget?.eventId).toBe(backlog.at(-1)?.events.at(-1)?.id);
    expect(published.reduce((sum, count) => sum + count, 0)).toBe(missed.length);
    const resources = [...new Set(missed.map((event) => event.resourceId))];
    const stored = (await Promise.all(resources.map(storedEventIds))).flat();
    expect(missed.map((event) => event.id).filter((id) => !stored.includes(id))).toEqual([]);
  });
});
