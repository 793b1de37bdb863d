import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
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
});
