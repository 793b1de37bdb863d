import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ApiKeyExistsError,
  type ApiKeyRecord,
  type ApiKeyStore,
  authorizeApiKey,
  createApiKey,
  DynamoDbApiKeyStore,
  hashApiKey,
  InvalidApiKeyNameError,
  registerApiKey,
} from '../../shared/api-keys/index.js';
import type { Clock } from '../../shared/ports/clock.js';

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

const clock: Clock = { now: () => new Date('2026-01-02T03:04:05.000Z') };

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

  it('creates a random key and stores only its hash, name and creation time', async () => {
    // Act
    const { key, record } = await createApiKey(store, clock, 'backoffice');

    // Assess
    expect(key).toMatch(/^dsk_[A-Za-z0-9_-]{43}$/);
    expect(record).toEqual({
      keyHash: hashApiKey(key),
      name: 'backoffice',
      createdAt: '2026-01-02T03:04:05.000Z',
    });
    expect(JSON.stringify([...store.records.values()])).not.toContain(key);
  });

  it('never creates the same key twice', async () => {
    // Act
    const first = await createApiKey(store, clock, 'a');
    const second = await createApiKey(store, clock, 'b');

    // Assess
    expect(first.key).not.toBe(second.key);
  });

  it('refuses a key name outside 1-64 of A-Z a-z 0-9 . _ -', async () => {
    // Act
    const spaced = createApiKey(store, clock, 'has space');
    const empty = createApiKey(store, clock, '');

    // Assess
    await expect(spaced).rejects.toBeInstanceOf(InvalidApiKeyNameError);
    await expect(empty).rejects.toBeInstanceOf(InvalidApiKeyNameError);
    expect(store.records.size).toBe(0);
  });

  it('authorizes a stored key and names it in the context', async () => {
    // Prepare
    const { key } = await createApiKey(store, clock, 'ci');

    // Act
    const decision = await authorizeApiKey(store, key);

    // Assess
    expect(decision).toEqual({ isAuthorized: true, context: { apiKeyName: 'ci' } });
  });

  it('refuses a missing, empty or unknown key', async () => {
    // Prepare
    await registerApiKey(store, clock, 'local', 'dsk_known-key-value');

    // Act
    const decisions = await Promise.all([
      authorizeApiKey(store, undefined),
      authorizeApiKey(store, ''),
      authorizeApiKey(store, 'dsk_known-key-valuE'),
    ]);

    // Assess
    expect(decisions).toEqual([
      { isAuthorized: false },
      { isAuthorized: false },
      { isAuthorized: false },
    ]);
  });
});

describe('DynamoDbApiKeyStore', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const store = new DynamoDbApiKeyStore({
    client: ddb as unknown as DynamoDBDocumentClient,
    tableName: 'app-table',
  });
  const record: ApiKeyRecord = {
    keyHash: 'ab12',
    name: 'ci',
    createdAt: '2026-01-02T03:04:05.000Z',
  };

  beforeEach(() => {
    ddb.reset();
  });

  it('puts the key item at API_KEY#<hash> only if absent', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    await store.put(record);

    // Assess
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: 'app-table',
      Item: {
        pk: 'API_KEY#ab12',
        sk: 'API_KEY',
        keyHash: 'ab12',
        name: 'ci',
        createdAt: '2026-01-02T03:04:05.000Z',
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('reports an already stored hash as ApiKeyExistsError', async () => {
    // Prepare
    ddb
      .on(PutCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));

    // Act
    const put = store.put(record);

    // Assess
    await expect(put).rejects.toBeInstanceOf(ApiKeyExistsError);
  });

  it('finds a record by hash with one GetItem on its key', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({
      Item: {
        pk: 'API_KEY#ab12',
        sk: 'API_KEY',
        keyHash: 'ab12',
        name: 'ci',
        createdAt: record.createdAt,
      },
    });

    // Act
    const found = await store.findByHash('ab12');

    // Assess
    expect(found).toEqual(record);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: 'app-table',
      Key: { pk: 'API_KEY#ab12', sk: 'API_KEY' },
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
});
