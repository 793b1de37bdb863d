import { request as httpRequest } from 'node:http';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redriveDlq } from '../../infra/local/dlq-redrive.js';
import { type LocalGateway, startGateway } from '../../infra/local/gateway.js';
import { createLambdaRuntime } from '../../infra/local/lambda-runtime.js';
import { startQueuePoller } from '../../infra/local/pollers.js';
import { documentedFetch } from './support/documented-answers.js';
import {
  apiFetch,
  apiUrl,
  invocations,
  localAwsClients,
  stackInfo,
  waitFor,
} from './support/local-stack.js';

/** An HTTP request to the gateway with a chosen `Host` header (fetch does not allow one). */
function rawRequest(
  path: string,
  method: string,
  host: string,
): Promise<{ status: number; body: string }> {
  const target = new URL(stackInfo().apiUrl);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: target.hostname, port: target.port, path, method, headers: { host } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('Local stack', () => {
  it('answers GET /health with 200 {"status":"ok"} and no API key', async () => {
    // Act
    const response = await documentedFetch(apiUrl('/health'));

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('refuses an app route without x-api-key with 401, invoking neither authorizer nor handler', async () => {
    // Prepare
    const before = await invocations();

    // Act
    const response = await documentedFetch(apiUrl('/accounts/acct-1'));

    // Assess
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
    const after = await invocations();
    expect(after.accountGet ?? 0).toBe(before.accountGet ?? 0);
    expect(after.authorizer ?? 0).toBe(before.authorizer ?? 0);
  });

  it('refuses an app route with a wrong key with 401 and the handler does not run', async () => {
    // Prepare
    const before = await invocations();

    // Act
    const response = await apiFetch('/accounts/acct-1', {
      headers: { 'x-api-key': 'dsk_not-a-key-anyone-created' },
    });

    // Assess
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
    const after = await invocations();
    expect(after.accountGet ?? 0).toBe(before.accountGet ?? 0);
    expect(after.authorizer ?? 0).toBe((before.authorizer ?? 0) + 1);
  });

  it('caches the authorizer answer per key value, as API Gateway does', async () => {
    // Prepare
    const key = `dsk_cache-probe-${Date.now()}`;
    const before = await invocations();

    // Act
    const first = await apiFetch('/accounts/acct-1', { headers: { 'x-api-key': key } });
    const second = await apiFetch('/accounts/acct-1', { headers: { 'x-api-key': key } });

    // Assess
    expect([first.status, second.status]).toEqual([401, 401]);
    expect((await invocations()).authorizer ?? 0).toBe((before.authorizer ?? 0) + 1);
  });

  it('lets an app route through to its handler with the local API key', async () => {
    // Prepare
    const before = await invocations();

    // Act
    const response = await apiFetch('/accounts/acct-unknown');

    // Assess
    expect(response.status).not.toBe(401);
    const after = await invocations();
    expect(after.accountGet ?? 0).toBe((before.accountGet ?? 0) + 1);
  });

  it.each([
    ['/__local/invocations', 'GET'],
    ['/__local/stack', 'GET'],
    ['/__local/drain?timeoutMs=5000', 'POST'],
    ['/', 'GET'],
    ['/ui/transfers?correlationId=x', 'GET'],
  ])(
    'answers %s only to a loopback Host on the local port (DNS rebinding)',
    async (path, method) => {
      // Prepare
      const port = new URL(stackInfo().apiUrl).port;
      const send = (host: string) => rawRequest(path, method, host);

      // Act
      const rebound = await send(`attacker.example:${port}`);
      const otherPort = await send('127.0.0.1:1');
      const loopback = await send(`127.0.0.1:${port}`);
      const localhost = await send(`localhost:${port}`);

      // Assess
      expect(rebound.status).toBe(403);
      expect(rebound.body).not.toContain(stackInfo().apiKey);
      expect(otherPort.status).toBe(403);
      expect(loopback.status).toBe(200);
      expect(localhost.status).toBe(200);
    },
  );

  it('keeps serving the API to any Host: only the local-only pages check it', async () => {
    // Act
    const health = await rawRequest('/health', 'GET', 'api.example.com');

    // Assess
    expect(health.status).toBe(200);
  });

  it('answers 404 {"message":"Not Found"} for a route the definition does not have', async () => {
    // Act: not an operation of openapi.json, so not through `apiFetch`, which checks answers
    const response = await fetch(apiUrl('/nothing-here'), {
      headers: { 'x-api-key': stackInfo().apiKey },
    });

    // Assess
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
  });

  it('seeds the Dwolla app credentials and webhook secret in the local Secrets Manager', async () => {
    // Prepare
    const { secretsManager } = localAwsClients();
    const info = stackInfo();

    // Act
    const app = await secretsManager.send(
      new GetSecretValueCommand({ SecretId: info.appSecretId }),
    );
    const webhook = await secretsManager.send(
      new GetSecretValueCommand({ SecretId: info.webhookSecretId }),
    );

    // Assess
    expect(Object.keys(JSON.parse(app.SecretString!)).sort()).toEqual(['clientId', 'clientSecret']);
    expect(Object.keys(JSON.parse(webhook.SecretString!))).toEqual(['current']);
  });

  it('keeps AWSPREVIOUS when a secret gets a new value (real SDK against the stack)', async () => {
    // Prepare
    const { secretsManager } = localAwsClients();
    const name = `${stackInfo().accountSecretPrefix}/staging-test`;
    await secretsManager.send(new CreateSecretCommand({ Name: name, SecretString: 'first' }));

    // Act
    await secretsManager.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: 'second' }),
    );
    const current = await secretsManager.send(new GetSecretValueCommand({ SecretId: name }));
    const previous = await secretsManager.send(
      new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }),
    );

    // Assess
    expect(current.SecretString).toBe('second');
    expect(previous.SecretString).toBe('first');
  });

  it('answers an unknown job with 404 and the list of valid jobs', async () => {
    // Act
    const response = await fetch(apiUrl('/__local/jobs/nope'), { method: 'POST' });

    // Assess
    expect(response.status).toBe(404);
    expect(((await response.json()) as { jobs: string[] }).jobs.sort()).toEqual([
      'reconcile',
      'token-refresh',
    ]);
  });
});

describe('Local gateway events (test-only echo route)', () => {
  let gateway: LocalGateway;

  beforeAll(async () => {
    gateway = await startGateway({
      port: 0,
      routes: [{ method: 'POST', path: '/echo/{id}', function: 'echo' as never, auth: 'public' }],
    });
    gateway.activate({
      runtime: createLambdaRuntime({
        rootDir: process.cwd(),
        functions: {
          echo: {
            entry: 'test/integration/support/echo-handler.ts',
            description: 'echo',
            timeoutSeconds: 5,
            memoryMb: 128,
            access: {},
          },
        },
      }),
      stack: stackInfo(),
      pages: [],
      runJob: async () => undefined,
      waitForIdle: async () => true,
      jobNames: [],
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await gateway.close();
  });

  async function echo(path: string, init: RequestInit): Promise<APIGatewayProxyEventV2> {
    const response = await fetch(`${gateway.url}${path}`, { method: 'POST', ...init });
    expect(response.status).toBe(200);
    return (await response.json()) as APIGatewayProxyEventV2;
  }

  it('hands a JSON body over byte for byte, not base64-encoded', async () => {
    // Prepare
    const raw = '{ "b":1,\n  "a" : "é✓" ,"n":1.10 }';

    // Act
    const event = await echo('/echo/x', {
      headers: { 'content-type': 'application/json' },
      body: raw,
    });

    // Assess
    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBe(raw);
  });

  it('base64-encodes a binary body and keeps every byte', async () => {
    // Prepare
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

    // Act
    const event = await echo('/echo/x', {
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });

    // Assess
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body!, 'base64').equals(bytes)).toBe(true);
  });

  it('builds a payload 2.0 event: lower-cased headers, query, path parameters, cookies', async () => {
    // Act
    const event = await echo('/echo/abc%20def?x=1&y=2&x=3', {
      headers: { 'X-Custom-Header': 'Value', cookie: 'c1=v1; c2=v2' },
    });

    // Assess
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('POST /echo/{id}');
    expect(event.rawPath).toBe('/echo/abc%20def');
    expect(event.rawQueryString).toBe('x=1&y=2&x=3');
    expect(event.queryStringParameters).toEqual({ x: '1,3', y: '2' });
    expect(event.pathParameters).toEqual({ id: 'abc def' });
    expect(event.headers['x-custom-header']).toBe('Value');
    expect(event.cookies).toEqual(['c1=v1', 'c2=v2']);
    expect(event.requestContext.http.method).toBe('POST');
  });

  it('sends back response headers, cookies and base64 bodies decoded', async () => {
    // Act
    const json = await fetch(`${gateway.url}/echo/x`, { method: 'POST' });
    const binary = await fetch(`${gateway.url}/echo/binary`, { method: 'POST' });

    // Assess
    expect(json.headers.get('x-echo')).toBe('yes');
    expect(json.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 253, 254, 255]));
  });

  it('answers 404 for a known path with another method, as HTTP APIs do', async () => {
    // Act
    const response = await fetch(`${gateway.url}/echo/x`);

    // Assess
    expect(response.status).toBe(404);
  });
});

describe('Queue pollers (test-only queue on the stack fauxqs)', () => {
  const { sqs } = localAwsClients();

  async function queueWithDlq(name: string, maxReceiveCount: number) {
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
    const dlqArn = (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes!.QueueArn!;
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: {
          VisibilityTimeout: '1',
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
        },
      }),
    );
    const arn = (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes!.QueueArn!;
    return { url: queue.QueueUrl!, arn, dlqUrl: dlq.QueueUrl! };
  }

  async function receiveAll(url: string) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    return Messages ?? [];
  }

  /** Polls `queue` ten messages at a time into `invoke`, as the local runner does. */
  function pollInto(
    queue: { url: string; arn: string },
    invoke: Parameters<typeof startQueuePoller>[0]['invoke'],
  ) {
    return startQueuePoller({
      sqs,
      queueUrl: queue.url,
      queueArn: queue.arn,
      batchSize: 10,
      invoke,
    });
  }

  it('deletes the successes, retries the batchItemFailures and moves them to the DLQ after maxReceiveCount', async () => {
    // Prepare
    const queue = await queueWithDlq('test-partial', 2);
    const seen: Array<{ body: string; receiveCount: string }> = [];
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'good' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'bad' }));
    const poller = pollInto(queue, async (event: SQSEvent) => {
      for (const record of event.Records) {
        seen.push({ body: record.body, receiveCount: record.attributes.ApproximateReceiveCount });
      }
      return {
        batchItemFailures: event.Records.filter((record) => record.body === 'bad').map(
          (record) => ({ itemIdentifier: record.messageId }),
        ),
      };
    });

    // Act
    const dead = await waitFor(async () => {
      const messages = await receiveAll(queue.dlqUrl);
      return messages.length > 0 ? messages : undefined;
    });
    await poller.stop();

    // Assess
    expect(dead.map((message) => message.Body)).toEqual(['bad']);
    expect(seen.filter((entry) => entry.body === 'good')).toHaveLength(1);
    expect(seen.filter((entry) => entry.body === 'bad').map((entry) => entry.receiveCount)).toEqual(
      ['1', '2'],
    );
    expect(await receiveAll(queue.url)).toEqual([]);
  });

  it('retries the whole batch when the function throws, and deletes it once it succeeds', async () => {
    // Prepare
    const queue = await queueWithDlq('test-throw', 3);
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'once-failing' }));
    const attempts: string[] = [];
    const poller = pollInto(queue, async (event: SQSEvent) => {
      attempts.push(event.Records.map((record) => record.body).join(','));
      if (attempts.length === 1) throw new Error('transient');
      return {};
    });

    // Act
    await waitFor(() => attempts.length >= 2);
    await waitFor(async () => (await receiveAll(queue.url)).length === 0);
    await poller.stop();

    // Assess
    expect(attempts).toEqual(['once-failing', 'once-failing']);
    expect(await receiveAll(queue.dlqUrl)).toEqual([]);
  });

  it('redrives a DLQ back to its source queue, body and attributes unchanged', async () => {
    // Prepare
    const queue = await queueWithDlq('test-redrive', 2);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queue.dlqUrl,
        MessageBody: '{"id":"evt-1"}',
        MessageAttributes: { topic: { DataType: 'String', StringValue: 'transfer_created' } },
      }),
    );

    // Act
    const moved = await redriveDlq({ sqs, dlqUrl: queue.dlqUrl, queueUrl: queue.url });

    // Assess
    expect(moved).toBe(1);
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.url, MessageAttributeNames: ['All'] }),
    );
    expect(Messages?.[0]?.Body).toBe('{"id":"evt-1"}');
    expect(Messages?.[0]?.MessageAttributes?.topic?.StringValue).toBe('transfer_created');
    expect(await receiveAll(queue.dlqUrl)).toEqual([]);
  });
});
