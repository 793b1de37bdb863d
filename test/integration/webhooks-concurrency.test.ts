import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/definition.js';
import type { ScenarioResult } from '../../infra/local/dwolla-simulator/index.js';
import { lambdaContext } from '../../infra/local/lambda-runtime.js';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import { STATUS_RANK, type TransferStatus } from '../../shared/domain/transfer.js';
import { DynamoDbLegStore } from '../../shared/webhooks/dynamodb-leg-store.js';
import { drain, inProcessFunctionEnv, localAwsClients, stackInfo } from './support/local-stack.js';
import { connectAccount, simulatorRequests, simulatorUrl } from './support/oauth.js';

/**
 * Two (or more) transfer-chain processors on one leg at the same time, in-process against the
 * stack's DynamoDB Local and simulator: the conditional updates must not lose an update, and the
 * one-time Dwolla fetches must still happen once.
 */

type Handler = (
  event: SQSEvent,
  context: ReturnType<typeof lambdaContext>,
) => Promise<SQSBatchResponse>;

let handler: Handler;

/** Loads the real entry file with the stack's configuration, as the local runner does. */
async function loadTransferChainHandler(): Promise<Handler> {
  Object.assign(process.env, inProcessFunctionEnv(), {
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'WARN',
  });
  const module = (await import('../../functions/transfer-chain.js')) as { handler: Handler };
  return module.handler;
}

const API = 'https://api.dwolla.com';

/** A Dwolla event body as the transfer-chain queue receives it (raw message delivery). */
function eventBody(input: {
  topic: string;
  transferId: string;
  accountId: string;
  correlationId?: string;
  customerId?: string;
  created?: string;
}): Record<string, unknown> {
  const id = randomUUID();
  return {
    id,
    resourceId: input.transferId,
    topic: input.topic,
    created: input.created ?? new Date().toISOString(),
    ...(input.correlationId ? { correlationId: input.correlationId } : {}),
    _links: {
      self: { href: `${API}/events/${id}` },
      resource: { href: `${API}/transfers/${input.transferId}` },
      account: { href: `${API}/accounts/${input.accountId}` },
      ...(input.customerId ? { customer: { href: `${API}/customers/${input.customerId}` } } : {}),
    },
  };
}

function sqsEvent(...bodies: Record<string, unknown>[]): SQSEvent {
  return {
    Records: bodies.map(
      (body) =>
        ({
          messageId: randomUUID(),
          receiptHandle: randomUUID(),
          body: JSON.stringify(body),
          attributes: {},
          messageAttributes: { topic: { dataType: 'String', stringValue: body.topic } },
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:transferChain',
          awsRegion: 'us-east-1',
        }) as unknown as SQSRecord,
    ),
  };
}

/** Invokes the handler once per event, all at the same time (separate "processors"). */
function concurrently(events: SQSEvent[]): Promise<SQSBatchResponse[]> {
  return Promise.all(
    events.map((event) =>
      handler(event, lambdaContext('transferChain', FUNCTIONS.transferChain, Date.now())),
    ),
  );
}

async function legItem(transferId: string): Promise<Record<string, unknown> | undefined> {
  const { ddb } = localAwsClients();
  const { Item } = await ddb.send(
    new GetCommand({
      TableName: stackInfo().tableName,
      Key: keys.transfer(transferId),
      ConsistentRead: true,
    }),
  );
  return Item;
}

describe('Transfer-chain processors racing on one leg', () => {
  beforeAll(async () => {
    handler = await loadTransferChainHandler();
  });

  it('keeps the higher status and every fact when completed and failed are processed at once', async () => {
    // Prepare: an account never connected, so only the table is involved.
    const accountId = `unknown-${randomUUID()}`;
    const transferIds = Array.from({ length: 20 }, () => randomUUID());

    // Act
    const responses = await Promise.all(
      transferIds.map((transferId, index) => {
        const completed = eventBody({
          topic: 'transfer_completed',
          transferId,
          accountId,
          correlationId: `corr-${transferId}`,
        });
        const failed = eventBody({
          topic: 'customer_transfer_failed',
          transferId,
          accountId,
          customerId: `cus-${transferId}`,
        });
        const pair = index % 2 === 0 ? [completed, failed] : [failed, completed];
        return concurrently(pair.map((body) => sqsEvent(body)));
      }),
    );

    // Assess
    expect(responses.flat()).toEqual(Array(40).fill({ batchItemFailures: [] }));
    for (const transferId of transferIds) {
      expect(await legItem(transferId)).toMatchObject({
        id: transferId,
        status: 'failed',
        statusRank: 2,
        accountId,
        customerId: `cus-${transferId}`,
        correlationId: `corr-${transferId}`,
      });
      // No tenant owns the account: the leg stays out of every tenant's correlation search.
      const item = await legItem(transferId);
      expect(item?.gsi1pk).toBeUndefined();
      expect(item?.tenantId).toBeUndefined();
    }
  });

  it('never moves back to pending when created races with completed', async () => {
    // Prepare
    const accountId = `unknown-${randomUUID()}`;
    const transferIds = Array.from({ length: 20 }, () => randomUUID());

    // Act
    await Promise.all(
      transferIds.map((transferId) =>
        concurrently([
          sqsEvent(eventBody({ topic: 'bank_transfer_created', transferId, accountId })),
          sqsEvent(eventBody({ topic: 'bank_transfer_completed', transferId, accountId })),
          sqsEvent(eventBody({ topic: 'bank_transfer_created', transferId, accountId })),
        ]),
      ),
    );

    // Assess
    for (const transferId of transferIds) {
      expect(await legItem(transferId)).toMatchObject({ status: 'processed', statusRank: 1 });
    }
  });

  it('fetches a leg and its failure from Dwolla once when several processors see it at once', async () => {
    // Prepare: a real failed leg at the simulator, whose stored leg is then forgotten so that the
    // racing processors below are the first to learn it.
    const { accountId } = await connectAccount();
    const response = await fetch(
      `${simulatorUrl()}/__sim/scenarios/unverified-to-client-source-failed`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accountId }),
      },
    );
    const scenario = (await response.json()) as ScenarioResult;
    await fetch(`${simulatorUrl()}/__sim/flush`, { method: 'POST' });
    await drain(60_000);
    const transferId = scenario.legs[0]!.id;
    const { ddb } = localAwsClients();
    await ddb.send(
      new DeleteCommand({ TableName: stackInfo().tableName, Key: keys.transfer(transferId) }),
    );
    const fetchesOf = async () =>
      (await simulatorRequests()).filter(
        (request) =>
          request.method === 'GET' && request.path.startsWith(`/transfers/${transferId}`),
      );
    const before = await fetchesOf();
    const failedEvent = () =>
      eventBody({
        topic: 'transfer_failed',
        transferId,
        accountId,
        correlationId: scenario.correlationId,
      });

    // Act
    const responses = await concurrently(Array.from({ length: 4 }, () => sqsEvent(failedEvent())));

    // Assess
    expect(responses).toEqual(Array(4).fill({ batchItemFailures: [] }));
    const fetches = (await fetchesOf()).slice(before.length).filter((r) => r.status === 200);
    expect(fetches.map((request) => request.path).sort()).toEqual([
      `/transfers/${transferId}`,
      `/transfers/${transferId}/failure`,
    ]);
    expect(await legItem(transferId)).toMatchObject({
      status: 'failed',
      failureCode: 'R03',
      amountValue: '100.00',
      enrichedAt: expect.any(String),
      failureFetchedAt: expect.any(String),
    });
  });
});

describe('Class: DynamoDbLegStore against DynamoDB Local', () => {
  const statuses: TransferStatus[] = ['pending', 'processed', 'failed', 'cancelled', 'reclaimed'];

  it('ends every leg at its highest-ranked status whatever the order and interleaving of its events', async () => {
    // Prepare
    const legs = new DynamoDbLegStore({
      client: localAwsClients().ddb,
      tableName: stackInfo().tableName,
    });
    const histories = fc.array(fc.constantFrom(...statuses), { minLength: 1, maxLength: 6 });

    // Act + Assess
    await fc.assert(
      fc.asyncProperty(histories, fc.boolean(), async (history, parallel) => {
        const transferId = randomUUID();
        const apply = (status: TransferStatus) =>
          legs.applyEvent(
            { transferId, status, eventCreated: '2026-01-01T00:00:00.000Z' },
            new Date(),
          );
        if (parallel) await Promise.all(history.map(apply));
        else for (const status of history) await apply(status);
        const highest = Math.max(...history.map((status) => STATUS_RANK[status]));
        const item = await legItem(transferId);
        expect(item?.statusRank).toBe(highest);
        // Equal ranks (cancelled/reclaimed) are terminal: the first one to land stays.
        expect(history).toContain(item?.status);
        expect(STATUS_RANK[item?.status as TransferStatus]).toBe(highest);
      }),
      { numRuns: 60 },
    );
  });
});
