import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../infra/definition.js';
import { createAppTable } from '../../infra/local/app-table.js';
import {
  type DwollaSimulator,
  SCENARIO_NAMES,
  type ScenarioName,
  startDwollaSimulator,
} from '../../infra/local/dwolla-simulator/index.js';
import { toSqsEvent } from '../../infra/local/pollers.js';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import { createDwollaClient } from '../../shared/dwolla/index.js';
import { systemClock } from '../../shared/ports/clock.js';
import type { AccountTokens } from '../../shared/ports/tokens.js';
import { DynamoDbLegStore } from '../../shared/webhooks/dynamodb-leg-store.js';
import {
  createTransferChainProcessor,
  type TransferChainProcessor,
} from '../../shared/webhooks/transfer-chain.js';
import { processDwollaEventBatch } from '../../shared/webhooks/transfer-chain-sqs.js';
import { accountTokens, CLIENT_ID, CLIENT_SECRET } from '../unit/support/simulator-client.js';
import { stackInfo } from './support/local-stack.js';

/**
 * Fuzz of the transfer-chain processor (real `DynamoDbLegStore` on DynamoDB Local, real Dwolla
 * client on a simulator of its own): Dwolla delivers at least once and in any order
 * (https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7 ("General
 * recommendations")), so any permutation of a scenario's events, with any of them duplicated, must
 * leave the same chain as the events in the order they happened. The two runs write to two fresh
 * tables of their own; SQS is emulated as the pollers do it: batches of 10, records reported as
 * failures go back to the end of the queue.
 */

const SILENT = { info: () => undefined, warn: () => undefined, error: () => undefined };
const NO_METRICS = { addMetric: () => undefined };
const CHAIN_TOPICS = QUEUES.transferChain.eventsSubscription.topicPrefixes;
/** Every scenario whose legs the transfer-chain processor keeps (all of them have transfer legs). */
const SCENARIOS: readonly ScenarioName[] = SCENARIO_NAMES;

/** The facts of a leg a reader relies on (timestamps of our own processing left out). */
const FACTS = [
  'id',
  'status',
  'statusRank',
  'correlationId',
  'amountValue',
  'amountCurrency',
  'created',
  'fundingTransferId',
  'fundedTransferId',
  'billPaymentId',
  'failureCode',
  'failureDescription',
] as const;

interface QueuedEvent {
  readonly id: string;
  readonly topic: string;
  readonly body: string;
}

async function deliver(processor: TransferChainProcessor, events: readonly QueuedEvent[]) {
  let queue = events.map((event, index) => ({ ...event, messageId: `${index}-${randomUUID()}` }));
  for (let pass = 0; pass < 20 && queue.length > 0; pass++) {
    const retry: typeof queue = [];
    for (let start = 0; start < queue.length; start += 10) {
      const batch = queue.slice(start, start + 10);
      const sqsEvent = toSqsEvent(
        batch.map((event) => ({
          MessageId: event.messageId,
          ReceiptHandle: event.messageId,
          Body: event.body,
          MessageAttributes: { topic: { DataType: 'String', StringValue: event.topic } },
        })),
        'arn:aws:sqs:us-east-1:000000000000:fuzz-transfer-chain',
      );
      const { batchItemFailures } = await processDwollaEventBatch(
        sqsEvent,
        (payload) => processor.process(payload),
        { logger: SILENT, metrics: NO_METRICS },
      );
      const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
      retry.push(...batch.filter((event) => failed.has(event.messageId)));
    }
    queue = retry;
  }
  return queue.length;
}

describe('Fuzz: transfer chain under reordered and duplicated events', () => {
  let sim: DwollaSimulator;
  let dynamodb: DynamoDBClient;
  let ddb: DynamoDBDocumentClient;
  let accountId: string;
  let reference: { processor: TransferChainProcessor; table: string };
  let shuffled: { processor: TransferChainProcessor; table: string };

  beforeAll(async () => {
    // Prepare: a simulator with no webhook subscription (nothing reaches the shared stack) and
    // two fresh tables in the stack's DynamoDB Local.
    sim = await startDwollaSimulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    accountId = sim.createAccount().id;
    const { access_token: token } = await accountTokens(sim, accountId);
    const tokens: AccountTokens = {
      withAccountToken: (_account, call) => call(token),
    };
    dynamodb = new DynamoDBClient({
      endpoint: stackInfo().dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    ddb = DynamoDBDocumentClient.from(dynamodb, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const dwolla = createDwollaClient({ apiUrl: sim.url });
    const build = async (name: string) => {
      const table = `fuzz-${name}-${randomUUID().slice(0, 8)}`;
      await createAppTable(dynamodb, table);
      const processor = createTransferChainProcessor({
        legs: new DynamoDbLegStore({ client: ddb, tableName: table }),
        // Every account of the fuzz belongs to one tenant: ownership is not what it varies.
        owners: { ownerOf: async () => 'fuzz' },
        dwolla,
        tokens,
        clock: systemClock,
        logger: SILENT,
        metrics: NO_METRICS,
      });
      return { processor, table };
    };
    reference = await build('in-order');
    shuffled = await build('shuffled');
  }, 60_000);

  afterAll(async () => {
    await sim?.close();
    dynamodb?.destroy();
  });

  async function legFacts(table: string, legId: string) {
    const { Item } = await ddb.send(
      new GetCommand({ TableName: table, Key: keys.transfer(legId) }),
    );
    return Object.fromEntries(FACTS.map((fact) => [fact, Item?.[fact]]));
  }

  it('any permutation of a scenario with duplicates yields the chain of the in-order events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SCENARIOS),
        fc.infiniteStream(fc.boolean()),
        fc.infiniteStream(fc.nat()),
        async (name, duplicate, order) => {
          // Prepare: the scenario's transfer events in the order Dwolla emitted them.
          const result = await sim.runScenario(name, { accountId });
          const emitted = new Map(
            (sim.events() as { id: string; topic: string }[]).map((event) => [event.id, event]),
          );
          const inOrder: QueuedEvent[] = result.events
            .filter((event) => CHAIN_TOPICS.some((prefix) => event.topic.startsWith(prefix)))
            .map((event) => ({
              id: event.id,
              topic: event.topic,
              body: JSON.stringify(emitted.get(event.id)),
            }));
          const dup = duplicate[Symbol.iterator]();
          const withDuplicates = inOrder.flatMap((event) =>
            dup.next().value ? [event, event] : [event],
          );
          const keysOf = order[Symbol.iterator]();
          const permuted = withDuplicates
            .map((event) => ({ event, key: keysOf.next().value as number }))
            .sort((a, b) => a.key - b.key)
            .map(({ event }) => event);

          // Act
          const leftInOrder = await deliver(reference.processor, inOrder);
          const leftShuffled = await deliver(shuffled.processor, permuted);

          // Assess
          expect(inOrder.length).toBeGreaterThanOrEqual(result.legs.length);
          expect(leftInOrder).toBe(0);
          expect(leftShuffled).toBe(0);
          for (const leg of result.legs) {
            const expected = await legFacts(reference.table, leg.id);
            expect(expected.status).toBe(leg.status);
            expect(await legFacts(shuffled.table, leg.id)).toEqual(expected);
          }
        },
      ),
      { numRuns: 30 },
    );
  }, 240_000);
});
