import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import { createDwollaClient } from '../../shared/dwolla/index.js';
import { httpErrorHandler } from '../../shared/http/error-handler.js';
import { systemClock } from '../../shared/ports/clock.js';
import {
  canonicalTransferBody,
  createTransferRoute,
  createTransferUseCase,
  DynamoDbIdempotencyStore,
  DynamoDbTransferStore,
  dwollaIdempotencyKey,
  parseCreateTransfer,
  transferRequestSchema,
} from '../../shared/transfers/index.js';
import {
  type RecordingServer,
  type ScriptedResponse,
  startRecordingServer,
} from '../unit/support/dwolla-recording-server.js';
import {
  authorizedContext,
  FakeAccounts,
  FakeAccountTokens,
  TENANT,
} from '../unit/transfers-fakes.js';
import { localAwsClients, stackInfo } from './support/local-stack.js';

/**
 * The create use case with the real DynamoDB adapters on the local stack's DynamoDB and the real
 * Dwolla client against a scripted HTTP server: what the simulator cannot produce on demand
 * (429 on `POST /transfers`, a slow Dwolla) with the conditional writes DynamoDB really enforces.
 */
function created201(transferId: string): ScriptedResponse {
  return {
    status: 201,
    headers: ['Location', `https://api-sandbox.dwolla.com/transfers/${transferId}`],
  };
}
const tooMany: ScriptedResponse = {
  status: 429,
  headers: ['Retry-After', '0'],
  body: { code: 'TooManyRequests', message: 'Too many requests.' },
};

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(script: readonly ScriptedResponse[], delayFirstMs = 0) {
  server = await startRecordingServer(script);
  const { ddb } = localAwsClients();
  const tableName = stackInfo().tableName;
  const transfers = new DynamoDbTransferStore({ client: ddb, tableName });
  const baseFetch = globalThis.fetch;
  let calls = 0;
  const dwolla = createDwollaClient({
    apiUrl: server.url,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, totalBudgetMs: 5_000 },
    // A slow first answer keeps the lease held while the concurrent requests arrive.
    fetch: async (input, init) => {
      calls += 1;
      if (calls === 1 && delayFirstMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, delayFirstMs));
      }
      return baseFetch(input, init);
    },
  });
  const createTransfer = createTransferUseCase({
    accounts: new FakeAccounts(TENANT),
    idempotency: new DynamoDbIdempotencyStore({ client: ddb, tableName }),
    transfers,
    tokens: new FakeAccountTokens(),
    dwolla,
    clock: systemClock,
    options: { pollMs: 50 },
  });
  const route = middy(createTransferRoute({ dwollaApiUrl: server.url, createTransfer })).use(
    httpErrorHandler(),
  );
  const body = {
    accountId: 'ca32853c-48fa-40be-ae75-77b37504581b',
    _links: {
      source: { href: `${server.url}/funding-sources/707177c3-bf15-4e7e-b37c-55c3898d9bf4` },
      destination: { href: 'mailto:payee@example.com' },
    },
    amount: { value: '25.00', currency: 'USD' },
    correlationId: `idem-${randomUUID()}`,
  };
  async function post(key: string) {
    const event = {
      version: '2.0',
      routeKey: 'POST /transfers',
      rawPath: '/transfers',
      rawQueryString: '',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      isBase64Encoded: false,
      body: JSON.stringify(body),
      requestContext: authorizedContext(),
    } as unknown as APIGatewayProxyEventV2;
    const result = (await route(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
    return {
      status: result.statusCode,
      headers: result.headers ?? {},
      json: JSON.parse(String(result.body)),
    };
  }
  const canonical = canonicalTransferBody(
    parseCreateTransfer(transferRequestSchema(server.url), body, 'k', () => '').request,
  );
  return { server, ddb, tableName, post, canonical, body, transfers };
}

describe('POST /transfers idempotency on DynamoDB Local', () => {
  it('backs off on 429, answers 503 with Retry-After, and a later retry completes the same transfer with the same bytes', async () => {
    // Prepare
    const transferId = randomUUID();
    const { server, ddb, tableName, post, canonical } = await setup([
      tooMany,
      tooMany,
      tooMany,
      created201(transferId),
    ]);
    const key = randomUUID();

    // Act
    const unavailable = await post(key);
    const later = await post(key);
    const replay = await post(key);

    // Assess
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers['retry-after']).toBe('1');
    expect(later.status).toBe(201);
    expect(later.json.id).toBe(transferId);
    expect(replay.json).toEqual(later.json);
    expect(server.requests).toHaveLength(4);
    expect(new Set(server.requests.map((r) => r.rawBody.toString('utf8')))).toEqual(
      new Set([canonical]),
    );
    expect(new Set(server.requests.map((r) => r.headers['idempotency-key']))).toEqual(
      new Set([dwollaIdempotencyKey(TENANT, key)]),
    );
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName, Key: keys.idempotency(TENANT, key) }),
    );
    expect(Item).toMatchObject({
      state: 'created',
      transferId,
      canonicalBody: canonical,
      lockUntil: 0,
    });
    expect(Item?.expiresAtEpoch).toBeGreaterThan(Date.now() / 1000 + 47 * 3600);
  });

  it('sends one request to Dwolla for 20 concurrent identical requests', async () => {
    // Prepare
    const { server, post } = await setup([created201(randomUUID())], 300);
    const key = randomUUID();

    // Act
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(key)));

    // Assess
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => JSON.stringify(a.json))).size).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('keeps what the webhook pipeline wrote first when Dwolla’s 201 arrives late', async () => {
    // Prepare: the pipeline already learnt the leg as processed, with Dwolla's created
    const transferId = randomUUID();
    const { ddb, tableName, post, body, transfers } = await setup([created201(transferId)]);
    const dwollaCreated = '2026-01-01T00:00:00.000Z';
    const gsi = keys.correlationGsi(TENANT, body.correlationId, dwollaCreated, transferId);
    await ddb.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.transfer(transferId),
        UpdateExpression:
          'SET #id = :id, #status = :processed, statusRank = :one, created = :created, correlationId = :cid, gsi1pk = :g1pk, gsi1sk = :g1sk, updatedAt = :created',
        ExpressionAttributeNames: { '#id': 'id', '#status': 'status' },
        ExpressionAttributeValues: {
          ':id': transferId,
          ':processed': 'processed',
          ':one': 1,
          ':created': dwollaCreated,
          ':cid': body.correlationId,
          ':g1pk': gsi.gsi1pk,
          ':g1sk': gsi.gsi1sk,
        },
      }),
    );

    // Act
    const created = await post(randomUUID());

    // Assess
    expect(created.status).toBe(201);
    const leg = await transfers.getWithEvents(transferId);
    expect(leg).toMatchObject({
      status: 'processed',
      created: dwollaCreated,
      accountId: body.accountId,
      amount: { value: '25.00', currency: 'USD' },
    });
    const found = await transfers.findByCorrelationId(TENANT, body.correlationId);
    expect(found.map((l) => l.id)).toEqual([transferId]);
  });
});
