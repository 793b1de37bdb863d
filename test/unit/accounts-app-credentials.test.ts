import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  APP_CREDENTIALS_PLACEHOLDER,
  appCredentialsFrom,
  lazyDwollaAuth,
  secretsManagerAppCredentials,
} from '../../shared/accounts/app-credentials.js';
import { createAppTokens } from '../../shared/accounts/app-tokens.js';
import { AppCredentialsNotSetError } from '../../shared/accounts/errors.js';
import { InvalidGrantError } from '../../shared/dwolla/errors.js';
import { createReconcile } from '../../shared/webhooks/reconcile.js';
import { type RecordingServer, recordingServerPerTest } from './support/dwolla-recording-server.js';

const SECRET_ID = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:dwolla/sandbox/dwolla-app';
const secretsManager = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'us-east-1' });

/** The secret as the stack creates it: the placeholder key and a generated secret. */
const PLACEHOLDER = JSON.stringify({ clientId: APP_CREDENTIALS_PLACEHOLDER, clientSecret: 'gen' });
const REAL = JSON.stringify({ clientId: 'key-1', clientSecret: 'secret-1' });
const ROTATED = JSON.stringify({ clientId: 'key-2', clientSecret: 'secret-2' });

const startServer = recordingServerPerTest();

/** `lazyDwollaAuth` as the functions wire it: credentials from the secret, tokens from `server`. */
function lazyAuthAgainst(server: RecordingServer) {
  return lazyDwollaAuth({
    credentials: secretsManagerAppCredentials({ client, secretId: SECRET_ID }),
    tokenUrl: `${server.url}/token`,
    clientAuth: 'basic',
  });
}

const TOKEN = { status: 200, body: { access_token: 'app-token', expires_in: 3600 } };
const basicOf = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** Answers GetSecretValue with `values` in turn (the last one repeats). */
function secretValues(...values: string[]) {
  let reads = 0;
  secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ID }).callsFake(async () => {
    reads += 1;
    return { SecretString: values[Math.min(reads, values.length) - 1] };
  });
  return { reads: () => reads };
}

describe('Function: secretsManagerAppCredentials', () => {
  beforeEach(() => secretsManager.reset());

  it('refuses the placeholder the stack creates the secret with, and keeps nothing', async () => {
    // Prepare: an operator sets the real credentials after the first read
    const secret = secretValues(PLACEHOLDER, REAL);
    const credentials = secretsManagerAppCredentials({ client, secretId: SECRET_ID });

    // Act + Assess
    await expect(credentials()).rejects.toThrow(AppCredentialsNotSetError);
    await expect(credentials()).resolves.toEqual({ clientId: 'key-1', clientSecret: 'secret-1' });
    expect(secret.reads()).toBe(2);
  });

  it('names the secret and how to set it, never the generated value', async () => {
    // Prepare
    secretValues(PLACEHOLDER);

    // Act
    const error = await secretsManagerAppCredentials({ client, secretId: SECRET_ID })().then(
      () => new Error('accepted'),
      (caught: unknown) => caught as Error,
    );

    // Assess
    expect(error.message).toContain(SECRET_ID);
    expect(error.message).toContain('put-secret-value');
    expect(error.message).not.toContain('gen');
  });

  it('reads real credentials once per container, and again after invalidate', async () => {
    // Prepare
    const secret = secretValues(REAL, ROTATED);
    const credentials = secretsManagerAppCredentials({ client, secretId: SECRET_ID });

    // Act
    await credentials();
    const cached = await credentials();
    credentials.invalidate();
    const reread = await credentials();

    // Assess
    expect(cached.clientId).toBe('key-1');
    expect(reread.clientId).toBe('key-2');
    expect(secret.reads()).toBe(2);
  });
});

describe('Function: appCredentialsFrom (the secret read through the secrets extension)', () => {
  it('keeps the same rules: the placeholder refused and never kept, real credentials read once until invalidated', async () => {
    // Prepare
    const texts = [PLACEHOLDER, REAL, ROTATED];
    const asked: string[] = [];
    const credentials = appCredentialsFrom({
      secrets: {
        getSecretString: async (secretId) => {
          asked.push(secretId);
          return texts.shift();
        },
      },
      secretId: SECRET_ID,
    });

    // Act
    const refused = await credentials().catch((error: unknown) => error);
    const first = await credentials();
    const cached = await credentials();
    credentials.invalidate();
    const reread = await credentials();

    // Assess
    expect(refused).toBeInstanceOf(AppCredentialsNotSetError);
    expect([first.clientId, cached.clientId, reread.clientId]).toEqual(['key-1', 'key-1', 'key-2']);
    expect(asked).toEqual([SECRET_ID, SECRET_ID, SECRET_ID]);
  });
});

describe('Function: lazyDwollaAuth', () => {
  beforeEach(() => secretsManager.reset());

  it('drops the cached credentials when the token endpoint answers 401, and uses the new ones', async () => {
    // Prepare: the first pair is refused (rotated in the Dwolla dashboard), the new one works
    const server = await startServer([
      { status: 401, body: { error: 'invalid_client', error_description: 'Invalid client.' } },
      TOKEN,
    ]);
    const secret = secretValues(REAL, ROTATED);
    const auth = lazyAuthAgainst(server);

    // Act
    const refused = await auth.clientCredentials().catch((error: unknown) => error);
    const tokens = await auth.clientCredentials();

    // Assess
    expect(refused).toBeInstanceOf(InvalidGrantError);
    expect(tokens.accessToken).toBe('app-token');
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      basicOf('key-1', 'secret-1'),
      basicOf('key-2', 'secret-2'),
    ]);
    expect(secret.reads()).toBe(2);
  });

  it('keeps the credentials when a grant fails for another reason', async () => {
    // Prepare: an authorization code refused with 400 says nothing about the app credentials
    const server = await startServer([
      { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid code.' } },
      TOKEN,
    ]);
    const secret = secretValues(REAL, ROTATED);
    const auth = lazyAuthAgainst(server);

    // Act
    await auth
      .exchangeAuthorizationCode({ code: 'c', redirectUri: 'https://x/cb' })
      .catch(() => undefined);
    await auth.clientCredentials();

    // Assess
    expect(secret.reads()).toBe(1);
    expect(server.requests[1]?.headers.authorization).toBe(basicOf('key-1', 'secret-1'));
  });
});

describe('Reconcile with the placeholder credentials', () => {
  beforeEach(() => secretsManager.reset());

  it('makes no Dwolla call, logs and counts it, then works as soon as the secret is set', async () => {
    // Prepare: the real wiring of functions/reconcile.ts, Dwolla's token endpoint recorded
    const server = await startServer([TOKEN]);
    secretValues(PLACEHOLDER, PLACEHOLDER, REAL);
    const warnings: string[] = [];
    const metrics: string[] = [];
    const listed: number[] = [];
    const reconcile = createReconcile({
      dwolla: {
        async listEvents(_token, page) {
          listed.push(page.offset);
          return { events: [], total: 0 };
        },
        listWebhookSubscriptions: async () => [],
        updateWebhookSubscription: async () => undefined,
      },
      appTokens: createAppTokens({
        auth: lazyAuthAgainst(server),
      }),
      events: { storedEventIds: async () => new Set() },
      cursor: { get: async () => undefined, put: async () => undefined },
      publisher: { publishBatch: async () => ({ rejected: [] }) },
      logger: {
        info: () => undefined,
        warn: (message: string) => warnings.push(message),
        error: () => undefined,
      },
      metrics: { addMetric: (name) => metrics.push(name) },
    });

    // Act: two scheduled runs before the operator set the secret, one after
    const before = [await reconcile(), await reconcile()];
    const after = await reconcile();

    // Assess
    expect(before.map((result) => result.skipped)).toEqual([
      'appCredentialsNotSet',
      'appCredentialsNotSet',
    ]);
    expect(metrics).toEqual(['DwollaAppCredentialsNotSet', 'DwollaAppCredentialsNotSet']);
    expect(warnings.filter((w) => w.includes('credentials are not set'))).toHaveLength(2);
    expect(after.skipped).toBeUndefined();
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      basicOf('key-1', 'secret-1'),
    ]);
    expect(listed).toEqual([0]);
  });
});
