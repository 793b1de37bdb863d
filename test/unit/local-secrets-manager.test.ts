import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  InvalidRequestException,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  RestoreSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalSecretsManager,
  startSecretsManagerServer,
} from '../../infra/local/secrets-manager-server.js';

describe('Local Secrets Manager (real SDK client)', () => {
  let server: LocalSecretsManager;
  let client: SecretsManagerClient;

  beforeAll(async () => {
    server = await startSecretsManagerServer({ port: 0 });
    client = new SecretsManagerClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it('returns the value a secret was created with, by name and by ARN', async () => {
    // Prepare
    const created = await client.send(
      new CreateSecretCommand({ Name: 'app/created', SecretString: '{"clientId":"a"}' }),
    );

    // Act
    const byName = await client.send(new GetSecretValueCommand({ SecretId: 'app/created' }));
    const byArn = await client.send(new GetSecretValueCommand({ SecretId: created.ARN }));

    // Assess
    expect(byName.SecretString).toBe('{"clientId":"a"}');
    expect(byName.VersionStages).toEqual(['AWSCURRENT']);
    expect(byArn.VersionId).toBe(created.VersionId);
    expect(created.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:000000000000:secret:app\/created-/,
    );
  });

  it('moves AWSCURRENT to a new value and keeps the former one as AWSPREVIOUS', async () => {
    // Prepare
    await client.send(new CreateSecretCommand({ Name: 'account/1', SecretString: 'v1' }));
    await client.send(new PutSecretValueCommand({ SecretId: 'account/1', SecretString: 'v2' }));

    // Act
    await client.send(new PutSecretValueCommand({ SecretId: 'account/1', SecretString: 'v3' }));
    const current = await client.send(new GetSecretValueCommand({ SecretId: 'account/1' }));
    const previous = await client.send(
      new GetSecretValueCommand({ SecretId: 'account/1', VersionStage: 'AWSPREVIOUS' }),
    );
    const described = await client.send(new DescribeSecretCommand({ SecretId: 'account/1' }));

    // Assess
    expect(current.SecretString).toBe('v3');
    expect(previous.SecretString).toBe('v2');
    expect(Object.values(described.VersionIdsToStages ?? {}).sort()).toEqual([
      ['AWSCURRENT'],
      ['AWSPREVIOUS'],
    ]);
  });

  it('answers ResourceNotFoundException for an unknown secret and for a missing stage', async () => {
    // Prepare
    await client.send(new CreateSecretCommand({ Name: 'single', SecretString: 'only' }));

    // Act
    const unknown = client.send(new GetSecretValueCommand({ SecretId: 'nope' }));
    const noPrevious = client.send(
      new GetSecretValueCommand({ SecretId: 'single', VersionStage: 'AWSPREVIOUS' }),
    );

    // Assess
    await expect(unknown).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(noPrevious).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses to create a secret twice with ResourceExistsException', async () => {
    // Prepare
    await client.send(new CreateSecretCommand({ Name: 'twice', SecretString: 'a' }));

    // Act
    const again = client.send(new CreateSecretCommand({ Name: 'twice', SecretString: 'b' }));

    // Assess
    await expect(again).rejects.toBeInstanceOf(ResourceExistsException);
    const value = await client.send(new GetSecretValueCommand({ SecretId: 'twice' }));
    expect(value.SecretString).toBe('a');
  });

  it('treats a retried PutSecretValue with the same ClientRequestToken as one version', async () => {
    // Prepare
    await client.send(new CreateSecretCommand({ Name: 'retry', SecretString: 'v1' }));
    const token = '5f0c3c8e-8f4e-4a59-9a3c-1d2f4b6a7c80';

    // Act
    await client.send(
      new PutSecretValueCommand({
        SecretId: 'retry',
        SecretString: 'v2',
        ClientRequestToken: token,
      }),
    );
    await client.send(
      new PutSecretValueCommand({
        SecretId: 'retry',
        SecretString: 'v2',
        ClientRequestToken: token,
      }),
    );
    const previous = await client.send(
      new GetSecretValueCommand({ SecretId: 'retry', VersionStage: 'AWSPREVIOUS' }),
    );

    // Assess
    expect(previous.SecretString).toBe('v1');
  });

  it('keeps tags and lets UpdateSecret set a new current value', async () => {
    // Prepare
    await client.send(
      new CreateSecretCommand({
        Name: 'tagged',
        SecretString: 'a',
        Tags: [{ Key: 'accountId', Value: '42' }],
      }),
    );

    // Act
    await client.send(
      new TagResourceCommand({ SecretId: 'tagged', Tags: [{ Key: 'kind', Value: 'tokens' }] }),
    );
    await client.send(new UpdateSecretCommand({ SecretId: 'tagged', SecretString: 'b' }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: 'tagged' }));
    const current = await client.send(new GetSecretValueCommand({ SecretId: 'tagged' }));

    // Assess
    expect(described.Tags).toEqual([
      { Key: 'accountId', Value: '42' },
      { Key: 'kind', Value: 'tokens' },
    ]);
    expect(current.SecretString).toBe('b');
  });

  it('schedules a deletion with a recovery window: only Describe and Restore still answer', async () => {
    // Prepare
    await client.send(new CreateSecretCommand({ Name: 'app/retired', SecretString: 'v1' }));

    // Act
    const deleted = await client.send(
      new DeleteSecretCommand({ SecretId: 'app/retired', RecoveryWindowInDays: 7 }),
    );

    // Assess
    const inSevenDays = Date.now() / 1000 + 7 * 86_400;
    expect(deleted.DeletionDate!.getTime() / 1000).toBeCloseTo(inSevenDays, -1);
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'app/retired' })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(
      client.send(new PutSecretValueCommand({ SecretId: 'app/retired', SecretString: 'v2' })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(
      client.send(new DeleteSecretCommand({ SecretId: 'app/retired', RecoveryWindowInDays: 7 })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(
      client.send(new CreateSecretCommand({ Name: 'app/retired', SecretString: 'v3' })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    const described = await client.send(new DescribeSecretCommand({ SecretId: 'app/retired' }));
    expect(described.DeletedDate).toBeInstanceOf(Date);
  });

  it('restores a secret scheduled for deletion with its value', async () => {
    // Prepare
    await client.send(new CreateSecretCommand({ Name: 'app/restored', SecretString: 'kept' }));
    await client.send(
      new DeleteSecretCommand({ SecretId: 'app/restored', RecoveryWindowInDays: 7 }),
    );

    // Act
    await client.send(new RestoreSecretCommand({ SecretId: 'app/restored' }));

    // Assess
    const value = await client.send(new GetSecretValueCommand({ SecretId: 'app/restored' }));
    expect(value.SecretString).toBe('kept');
    const described = await client.send(new DescribeSecretCommand({ SecretId: 'app/restored' }));
    expect(described.DeletedDate).toBeUndefined();
  });

  it('refuses a recovery window outside 7-30 days, and a window with a forced delete', async () => {
    // Prepare
    await client.send(new CreateSecretCommand({ Name: 'app/window', SecretString: 'v' }));

    // Act + Assess
    await expect(
      client.send(new DeleteSecretCommand({ SecretId: 'app/window', RecoveryWindowInDays: 6 })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      client.send(
        new DeleteSecretCommand({
          SecretId: 'app/window',
          RecoveryWindowInDays: 7,
          ForceDeleteWithoutRecovery: true,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    expect(
      (await client.send(new GetSecretValueCommand({ SecretId: 'app/window' }))).SecretString,
    ).toBe('v');
  });

  it('deletes at once without recovery, freeing the name', async () => {
    // Prepare
    await client.send(new CreateSecretCommand({ Name: 'app/forced', SecretString: 'v' }));

    // Act
    await client.send(
      new DeleteSecretCommand({ SecretId: 'app/forced', ForceDeleteWithoutRecovery: true }),
    );

    // Assess
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'app/forced' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await client.send(new CreateSecretCommand({ Name: 'app/forced', SecretString: 'again' }));
  });
});
