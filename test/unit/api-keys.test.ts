import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ApiKeyExistsError,
  ApiKeyNotFoundError,
  type ApiKeyRecord,
  type ApiKeyStore,
  authorizeApiKey,
  createApiKey,
  DynamoDbApiKeyStore,
  hashApiKey,
  InvalidApiKeyArgumentError,
  keyIdOf,
  registerApiKey,
} from '../../shared/api-keys/index.js';
import type { Clock } from '../../shared/ports/clock.js';
import { SCOPES } from '../../shared/tenancy/principal.js';

class InMemoryApiKeyStore implements ApiKeyStore {
  readonly records = new Map<string, ApiKeyRecord>();
  async put(record: ApiKeyRecord): Promise<void> {
    if (this.records.has(record.keyHash)) throw new ApiKeyExistsError();
    this.records.set(record.keyHash, record);
  }
  async findByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    return this.records.get(keyHash);
  }
}

const NOW = new Date('2026-01-02T03:04:05.000Z');
const clock: Clock = { now: () => NOW };
const acme = { name: 'backoffice', tenantId: 'acme' } as const;

describe('API keys', () => {
  let store: InMemoryApiKeyStore;

  beforeEach(() => {
    store = new InMemoryApiKeyStore();
  });

  it('hashes a key as lowercase hex SHA-256', () => {
    // Act
    const hash = hashApiKey('abc');

    // Assess
    expect(hash).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('creates a random key of a tenant with every scope by default, storing only its hash', async () => {
    // Act
    const { key, record } = await createApiKey(store, clock, acme);

    // Assess
    expect(key).toMatch(/^dsk_[A-Za-z0-9_-]{43}$/);
    expect(record).toEqual({
      keyHash: hashApiKey(key),
      keyId: `key_${hashApiKey(key).slice(0, 20)}`,
      name: 'backoffice',
      tenantId: 'acme',
      scopes: [...SCOPES],
      createdAt: '2026-01-02T03:04:05.000Z',
    });
    expect(JSON.stringify([...store.records.values()])).not.toContain(key);
  });

  it('keeps the requested scopes in canonical order and sets the expiry N days ahead', async () => {
    // Act
    const { record } = await createApiKey(store, clock, {
      ...acme,
      scopes: ['transfers:write', 'accounts:read'],
      expiresInDays: 30,
    });

    // Assess
    expect(record.scopes).toEqual(['accounts:read', 'transfers:write']);
    expect(record.expiresAt).toBe('2026-02-01T03:04:05.000Z');
  });

  it('never creates the same key twice', async () => {
    // Act
    const first = await createApiKey(store, clock, { name: 'a', tenantId: 'acme' });
    const second = await createApiKey(store, clock, { name: 'b', tenantId: 'acme' });

    // Assess
    expect(first.key).not.toBe(second.key);
  });

  it.each([
    [{ name: 'has space', tenantId: 'acme' }, 'name'],
    [{ name: '', tenantId: 'acme' }, 'name'],
    [{ name: 'ci', tenantId: 'Acme' }, 'tenant'],
    [{ name: 'ci', tenantId: '-acme' }, 'tenant'],
    [{ name: 'ci', tenantId: 'acme', scopes: ['transfers:delete'] }, 'scopes'],
    [{ name: 'ci', tenantId: 'acme', scopes: [] }, 'scopes'],
    [{ name: 'ci', tenantId: 'acme', expiresInDays: 0 }, 'expires-in-days'],
    [{ name: 'ci', tenantId: 'acme', expiresInDays: 1.5 }, 'expires-in-days'],
  ])('refuses %j naming the argument %s, storing nothing', async (input, argument) => {
    // Act
    const error = await createApiKey(store, clock, input).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(InvalidApiKeyArgumentError);
    expect((error as InvalidApiKeyArgumentError).argument).toBe(argument);
    expect(store.records.size).toBe(0);
  });

  it('authorizes a stored key and answers its principal as flat strings', async () => {
    // Prepare
    const { key, record } = await createApiKey(store, clock, {
      name: 'ci',
      tenantId: 'acme',
      scopes: ['transfers:read', 'accounts:read'],
    });

    // Act
    const decision = await authorizeApiKey(store, key, NOW);

    // Assess
    expect(decision).toEqual({
      isAuthorized: true,
      context: {
        tenantId: 'acme',
        keyId: record.keyId,
        keyName: 'ci',
        scopes: 'accounts:read transfers:read',
      },
    });
  });

  it('refuses a missing, empty or unknown key', async () => {
    // Prepare
    await registerApiKey(store, clock, { name: 'local', tenantId: 'default' }, 'dsk_known-key');

    // Act
    const decisions = await Promise.all([
      authorizeApiKey(store, undefined, NOW),
      authorizeApiKey(store, '', NOW),
      authorizeApiKey(store, 'dsk_known-keY', NOW),
    ]);

    // Assess
    expect(decisions).toEqual([
      { isAuthorized: false },
      { isAuthorized: false },
      { isAuthorized: false },
    ]);
  });

  it('refuses a revoked key and a key at or past its expiry', async () => {
    // Prepare
    const revoked = await createApiKey(store, clock, { name: 'r', tenantId: 'acme' });
    store.records.set(revoked.record.keyHash, {
      ...revoked.record,
      revokedAt: '2026-01-02T00:00:00.000Z',
    });
    const expiring = await createApiKey(store, clock, {
      name: 'e',
      tenantId: 'acme',
      expiresInDays: 1,
    });

    // Act
    const revokedDecision = await authorizeApiKey(store, revoked.key, NOW);
    const beforeExpiry = await authorizeApiKey(
      store,
      expiring.key,
      new Date('2026-01-03T03:04:04.999Z'),
    );
    const atExpiry = await authorizeApiKey(
      store,
      expiring.key,
      new Date('2026-01-03T03:04:05.000Z'),
    );

    // Assess
    expect(revokedDecision).toEqual({ isAuthorized: false });
    expect(beforeExpiry.isAuthorized).toBe(true);
    expect(atExpiry).toEqual({ isAuthorized: false });
  });
});

describe('DynamoDbApiKeyStore', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const store = new DynamoDbApiKeyStore({
    client: ddb as unknown as DynamoDBDocumentClient,
    tableName: 'app-table',
  });
  const hash = 'ab12cd34ef56ab12cd34ef56';
  const record: ApiKeyRecord = {
    keyHash: hash,
    keyId: keyIdOf(hash),
    name: 'ci',
    tenantId: 'acme',
    scopes: ['transfers:read'],
    createdAt: '2026-01-02T03:04:05.000Z',
  };

  beforeEach(() => {
    ddb.reset();
  });

  it('puts the key item at API_KEY#<hash> only if absent, with its id item, in one transaction', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    await store.put(record);

    // Assess
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input).toEqual({
      TransactItems: [
        {
          Put: {
            TableName: 'app-table',
            Item: { pk: `API_KEY#${hash}`, sk: 'API_KEY', ...record },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: 'app-table',
            Item: {
              pk: `API_KEY_ID#${record.keyId}`,
              sk: 'API_KEY_ID',
              keyId: record.keyId,
              keyHash: hash,
            },
          },
        },
      ],
    });
  });

  it('reports an already stored hash as ApiKeyExistsError', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );

    // Act
    const put = store.put(record);

    // Assess
    await expect(put).rejects.toBeInstanceOf(ApiKeyExistsError);
  });

  it('finds a record by hash with one GetItem on its key', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: { pk: `API_KEY#${hash}`, sk: 'API_KEY', ...record } });

    // Act
    const found = await store.findByHash(hash);

    // Assess
    expect(found).toEqual(record);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: 'app-table',
      Key: { pk: `API_KEY#${hash}`, sk: 'API_KEY' },
    });
  });

  it('reads a key stored before tenants existed as a key of tenant default with every scope', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({
      Item: { pk: `API_KEY#${hash}`, sk: 'API_KEY', keyHash: hash, name: 'old', createdAt: 'x' },
    });

    // Act
    const found = await store.findByHash(hash);

    // Assess
    expect(found).toEqual({
      keyHash: hash,
      keyId: keyIdOf(hash),
      name: 'old',
      tenantId: 'default',
      scopes: [...SCOPES],
      createdAt: 'x',
    });
  });

  it('finds nothing for an unknown hash', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({});

    // Act
    const found = await store.findByHash('ffff');

    // Assess
    expect(found).toBeUndefined();
  });

  it('revokes by id through the id item, keeping the first revocation time', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: { keyId: record.keyId, keyHash: hash } });
    ddb.on(UpdateCommand).resolves({
      Attributes: { ...record, revokedAt: '2026-01-05T00:00:00.000Z' },
    });

    // Act
    const revoked = await store.revoke(record.keyId, '2026-01-05T00:00:00.000Z');

    // Assess
    expect(revoked.revokedAt).toBe('2026-01-05T00:00:00.000Z');
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({
      Key: { pk: `API_KEY#${hash}`, sk: 'API_KEY' },
      UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
      ConditionExpression: 'attribute_exists(pk)',
    });
  });

  it('answers an unknown key id with ApiKeyNotFoundError and writes nothing', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({});

    // Act
    const revoke = store.revoke('key_00000000000000000000', '2026-01-05T00:00:00.000Z');

    // Assess
    await expect(revoke).rejects.toBeInstanceOf(ApiKeyNotFoundError);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});
