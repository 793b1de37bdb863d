import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbKmsTokenVault } from '../../shared/accounts/dynamodb-kms-token-vault.js';
import { TokenVaultCorruptError } from '../../shared/accounts/errors.js';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import type { StoredTokenPair } from '../../shared/ports/tokens.js';
import { localAwsClients, stackInfo } from './support/local-stack.js';

function pair(label: string): StoredTokenPair {
  return {
    accessToken: `access-${label}-${randomUUID()}`,
    refreshToken: `refresh-${label}-${randomUUID()}`,
    accessTokenExpiresAt: '2026-12-01T00:00:00.000Z',
    refreshTokenExpiresAt: '2027-01-30T00:00:00.000Z',
  };
}

function vault() {
  const { ddb, kms } = localAwsClients();
  const info = stackInfo();
  return {
    ddb,
    vault: new DynamoDbKmsTokenVault({
      ddb,
      kms,
      tableName: info.tableName,
      keyId: info.tokenKmsKeyId,
    }),
  };
}

describe('Class: DynamoDbKmsTokenVault (DynamoDB Local and the local KMS)', () => {
  it('gives back the pair it sealed, and stores no token in the clear', async () => {
    // Prepare
    const { ddb, vault: tokens } = vault();
    const accountId = randomUUID();
    const stored = pair('one');

    // Act
    await tokens.put(accountId, stored);
    const read = await tokens.get(accountId);
    const { Item } = await ddb.send(
      new GetCommand({ TableName: stackInfo().tableName, Key: keys.accountTokens(accountId) }),
    );

    // Assess
    expect(read).toEqual(stored);
    const raw = JSON.stringify(Item, (_key, value) =>
      value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value,
    );
    expect(raw).not.toContain(stored.accessToken);
    expect(raw).not.toContain(stored.refreshToken);
    expect(Object.keys(Item ?? {}).sort()).toEqual(['current', 'pk', 'sk', 'updatedAt']);
  });

  it('keeps the replaced pair as the previous version, as AWSPREVIOUS does', async () => {
    // Prepare
    const { vault: tokens } = vault();
    const accountId = randomUUID();
    const first = pair('first');
    const second = pair('second');
    const third = pair('third');

    // Act
    await tokens.put(accountId, first);
    await tokens.put(accountId, second);
    const afterTwo = [await tokens.get(accountId), await tokens.getPrevious(accountId)];
    await tokens.put(accountId, third);
    const afterThree = [await tokens.get(accountId), await tokens.getPrevious(accountId)];

    // Assess
    expect(afterTwo).toEqual([second, first]);
    expect(afterThree).toEqual([third, second]);
  });

  it('answers undefined for an account without a pair, and for a previous version not yet made', async () => {
    // Prepare
    const { vault: tokens } = vault();
    const accountId = randomUUID();
    await tokens.put(accountId, pair('only'));

    // Act
    const unknown = await tokens.get(randomUUID());
    const previous = await tokens.getPrevious(accountId);

    // Assess
    expect(unknown).toBeUndefined();
    expect(previous).toBeUndefined();
  });

  it('refuses a sealed pair copied onto another account (the account id is the encryption context)', async () => {
    // Prepare
    const { ddb, vault: tokens } = vault();
    const victim = randomUUID();
    const attacker = randomUUID();
    await tokens.put(victim, pair('victim'));
    const tableName = stackInfo().tableName;
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName, Key: keys.accountTokens(victim) }),
    );
    await ddb.send(
      new PutCommand({ TableName: tableName, Item: { ...Item, ...keys.accountTokens(attacker) } }),
    );

    // Act
    const error = await tokens.get(attacker).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(TokenVaultCorruptError);
    expect(String((error as Error).message)).not.toMatch(/access-|refresh-/);
  });

  it('two first writes at once both land: one becomes the previous version of the other', async () => {
    // Prepare
    const { vault: tokens } = vault();
    const accountId = randomUUID();
    const a = pair('a');
    const b = pair('b');

    // Act
    await Promise.all([tokens.put(accountId, a), tokens.put(accountId, b)]);
    const versions = [await tokens.get(accountId), await tokens.getPrevious(accountId)];

    // Assess
    expect(versions).toHaveLength(2);
    expect(new Set(versions.map((v) => v?.accessToken))).toEqual(
      new Set([a.accessToken, b.accessToken]),
    );
  });
});
