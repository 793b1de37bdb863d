import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  KMSClient,
  NotFoundException,
} from '@aws-sdk/client-kms';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalKms, startKmsServer } from '../../infra/local/kms-server.js';

const started: LocalKms[] = [];

async function kms(options: { keyFile?: string } = {}) {
  const server = await startKmsServer({ port: 0, ...options });
  started.push(server);
  const client = new KMSClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { server, client };
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

describe('Local KMS (AWS JSON 1.1 wire protocol through @aws-sdk/client-kms)', () => {
  it('decrypts a data key only with the encryption context it was generated with', async () => {
    // Prepare
    const { server, client } = await kms();
    const context = { accountId: 'a-1' };

    // Act
    const dataKey = await client.send(
      new GenerateDataKeyCommand({
        KeyId: server.keyArn,
        KeySpec: 'AES_256',
        EncryptionContext: context,
      }),
    );
    const same = await client.send(
      new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob, EncryptionContext: context }),
    );
    const other = client.send(
      new DecryptCommand({
        CiphertextBlob: dataKey.CiphertextBlob,
        EncryptionContext: { accountId: 'a-2' },
      }),
    );

    // Assess
    expect(dataKey.Plaintext).toHaveLength(32);
    expect(Buffer.from(same.Plaintext!)).toEqual(Buffer.from(dataKey.Plaintext!));
    await expect(other).rejects.toBeInstanceOf(InvalidCiphertextException);
  });

  it('refuses a Decrypt naming another key than the one that encrypted', async () => {
    // Prepare
    const { server, client } = await kms();
    const sealed = await client.send(
      new EncryptCommand({ KeyId: server.keyArn, Plaintext: Buffer.from('pair') }),
    );

    // Act
    const answer = client.send(
      new DecryptCommand({
        KeyId: 'arn:aws:kms:us-east-1:000000000000:key/other',
        CiphertextBlob: sealed.CiphertextBlob,
      }),
    );

    // Assess
    await expect(answer).rejects.toBeInstanceOf(IncorrectKeyException);
  });

  it('refuses an unknown key id', async () => {
    // Prepare
    const { client } = await kms();

    // Act
    const answer = client.send(
      new EncryptCommand({
        KeyId: 'arn:aws:kms:us-east-1:000000000000:key/unknown',
        Plaintext: Buffer.from('x'),
      }),
    );

    // Assess
    await expect(answer).rejects.toBeInstanceOf(NotFoundException);
  });

  it('keeps its key in the key file, owner-only, so a restarted stack still decrypts', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'local-kms-'));
    const keyFile = join(dir, 'kms-key.json');
    try {
      const first = await kms({ keyFile });
      const sealed = await first.client.send(
        new EncryptCommand({ KeyId: first.server.keyArn, Plaintext: Buffer.from('pair') }),
      );
      await first.server.stop();

      // Act
      const second = await kms({ keyFile });
      const opened = await second.client.send(
        new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }),
      );

      // Assess
      expect(second.server.keyArn).toBe(first.server.keyArn);
      expect(Buffer.from(opened.Plaintext!).toString()).toBe('pair');
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
