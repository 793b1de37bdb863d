import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalSecretsManager,
  startSecretsManagerServer,
} from '../../infra/local/secrets-manager-server.js';
import { LOCAL_SESSION_TOKEN } from '../../infra/local/stack-environment.js';
import { SecretsExtensionError } from '../../shared/adapters/errors.js';
import { SecretsExtensionClient } from '../../shared/adapters/secrets-extension-client.js';
import { WebhookSecretUnavailableError } from '../../shared/webhooks/errors.js';
import { WebhookSecretReader } from '../../shared/webhooks/webhook-secret-reader.js';

/** A stand-in extension: records each request and answers the queued status and body. */
async function startExtension(): Promise<{
  port: number;
  requests: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders }>;
  answers: Array<{ status: number; body: string }>;
  server: Server;
}> {
  const requests: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders }> = [];
  const answers: Array<{ status: number; body: string }> = [];
  const server = createServer((request, response) => {
    requests.push({ method: request.method, url: request.url, headers: request.headers });
    const answer = answers.shift() ?? { status: 500, body: '' };
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, requests, answers, server };
}

describe('Class: SecretsExtensionClient', () => {
  let extension: Awaited<ReturnType<typeof startExtension>>;

  beforeAll(async () => {
    extension = await startExtension();
  });
  afterEach(() => {
    extension.requests.length = 0;
    extension.answers.length = 0;
  });
  afterAll(async () => {
    await new Promise((resolve) => extension.server.close(resolve));
  });

  it('reads the secret string with a GET carrying the session token, the id URL-encoded', async () => {
    // Prepare
    extension.answers.push({
      status: 200,
      body: JSON.stringify({ Name: 'dwolla/webhook', SecretString: '{"current":"abc"}' }),
    });
    const client = new SecretsExtensionClient({
      port: extension.port,
      sessionToken: () => 'session-token',
    });

    // Act
    const text = await client.getSecretString('dwolla/webhook');

    // Assess
    expect(text).toBe('{"current":"abc"}');
    expect(extension.requests).toHaveLength(1);
    expect(extension.requests[0]).toMatchObject({
      method: 'GET',
      url: '/secretsmanager/get?secretId=dwolla%2Fwebhook',
    });
    expect(extension.requests[0]?.headers['x-aws-parameters-secrets-token']).toBe('session-token');
  });

  it('finds the port in PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, as the layer sets it', async () => {
    // Prepare
    extension.answers.push({ status: 200, body: '{"SecretString":"s"}' });
    const saved = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String(extension.port);

    // Act
    const client = new SecretsExtensionClient({ sessionToken: () => 't' });
    if (saved === undefined) delete process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
    else process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = saved;

    // Assess
    await expect(client.getSecretString('id')).resolves.toBe('s');
  });

  it('answers undefined for a binary secret (no SecretString)', async () => {
    // Prepare
    extension.answers.push({ status: 200, body: '{"Name":"bin","SecretBinary":"AAEC"}' });
    const client = new SecretsExtensionClient({ port: extension.port, sessionToken: () => 't' });

    // Act / Assess
    await expect(client.getSecretString('bin')).resolves.toBeUndefined();
  });

  it('throws SecretsExtensionError with the status, never the body, on an error answer or a non-JSON one', async () => {
    // Prepare
    extension.answers.push(
      { status: 400, body: '{"__type":"ResourceNotFoundException","message":"leaky detail"}' },
      { status: 200, body: 'not json: the-secret-value' },
    );
    const client = new SecretsExtensionClient({ port: extension.port, sessionToken: () => 't' });

    // Act
    const refused = await client.getSecretString('missing').catch((error: unknown) => error);
    const garbled = await client.getSecretString('garbled').catch((error: unknown) => error);

    // Assess
    expect(refused).toBeInstanceOf(SecretsExtensionError);
    expect(refused).toMatchObject({ secretId: 'missing', status: 400 });
    expect(String((refused as Error).message)).not.toContain('leaky');
    expect(garbled).toMatchObject({ name: 'SecretsExtensionError', status: 200 });
    expect((garbled as Error).message).not.toContain('the-secret-value');
    expect((garbled as Error).cause).toBeUndefined();
  });

  it('throws SecretsExtensionError without a status when nothing listens', async () => {
    // Prepare: a port that was just freed
    const closed = await startExtension();
    await new Promise((resolve) => closed.server.close(resolve));
    const client = new SecretsExtensionClient({ port: closed.port, sessionToken: () => 't' });

    // Act
    const error = await client.getSecretString('id').catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(SecretsExtensionError);
    expect(error).toMatchObject({ secretId: 'id', status: undefined });
  });

  it('gives up after timeoutMs when the extension does not answer', async () => {
    // Prepare: an extension that takes the request and never answers
    const hung = createServer(() => {});
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const client = new SecretsExtensionClient({
      port: (hung.address() as AddressInfo).port,
      sessionToken: () => 't',
      timeoutMs: 50,
    });

    // Act
    const error = await client.getSecretString('id').catch((caught: unknown) => caught);
    hung.closeAllConnections();
    await new Promise((resolve) => hung.close(resolve));

    // Assess
    expect(error).toBeInstanceOf(SecretsExtensionError);
    expect(error).toMatchObject({ secretId: 'id', status: undefined });
  });
});

describe('Local Secrets Manager as the secrets extension', () => {
  let server: LocalSecretsManager;
  let sdk: SecretsManagerClient;

  beforeAll(async () => {
    server = await startSecretsManagerServer({ port: 0 });
    sdk = new SecretsManagerClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await sdk.send(new CreateSecretCommand({ Name: 'dwolla/webhook', SecretString: '{"a":1}' }));
    await sdk.send(
      new PutSecretValueCommand({ SecretId: 'dwolla/webhook', SecretString: '{"a":2}' }),
    );
  });
  afterAll(async () => {
    sdk.destroy();
    await server.close();
  });

  it('answers the current value to the functions’ session token, and refuses any other', async () => {
    // Prepare
    const client = new SecretsExtensionClient({
      port: server.port,
      sessionToken: () => LOCAL_SESSION_TOKEN,
    });
    const stranger = new SecretsExtensionClient({ port: server.port, sessionToken: () => 'x' });

    // Act
    const text = await client.getSecretString('dwolla/webhook');
    const refused = await stranger.getSecretString('dwolla/webhook').catch((error) => error);
    const missing = await client.getSecretString('dwolla/none').catch((error) => error);

    // Assess
    expect(text).toBe('{"a":2}');
    expect(refused).toMatchObject({ name: 'SecretsExtensionError', status: 401 });
    expect(missing).toMatchObject({ name: 'SecretsExtensionError', status: 400 });
  });
});

describe('Class: WebhookSecretReader', () => {
  it('reads the current and previous secrets through the reader it is given', async () => {
    // Prepare
    const asked: string[] = [];
    const reader = new WebhookSecretReader({
      secrets: {
        getSecretString: async (secretId) => {
          asked.push(secretId);
          return JSON.stringify({ current: 'current-secret', previous: 'previous-secret' });
        },
      },
      secretId: 'dwolla/webhook',
    });

    // Act
    const secrets = await reader.read();

    // Assess
    expect(secrets).toEqual({ current: 'current-secret', previous: 'previous-secret' });
    expect(asked).toEqual(['dwolla/webhook']);
  });

  it('throws WebhookSecretUnavailableError, keeping a failed read as the cause and never a malformed value', async () => {
    // Prepare
    const failure = new SecretsExtensionError('dwolla/webhook', 500);
    const failing = new WebhookSecretReader({
      secrets: { getSecretString: () => Promise.reject(failure) },
      secretId: 'dwolla/webhook',
    });
    const malformed = new WebhookSecretReader({
      secrets: { getSecretString: async () => '{"current":"short"}' },
      secretId: 'dwolla/webhook',
    });
    const binary = new WebhookSecretReader({
      secrets: { getSecretString: async () => undefined },
      secretId: 'dwolla/webhook',
    });

    // Act
    const failed = await failing.read().catch((error: unknown) => error);
    const invalid = await malformed.read().catch((error: unknown) => error);
    const empty = await binary.read().catch((error: unknown) => error);

    // Assess
    expect(failed).toBeInstanceOf(WebhookSecretUnavailableError);
    expect((failed as Error).cause).toBe(failure);
    expect(invalid).toBeInstanceOf(WebhookSecretUnavailableError);
    expect((invalid as Error).cause).toBeUndefined();
    expect(JSON.stringify(invalid)).not.toContain('short');
    expect(empty).toBeInstanceOf(WebhookSecretUnavailableError);
  });
});
