import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStackFile } from '../../infra/local/stack-file.js';
import { hashApiKey } from '../../shared/api-keys/index.js';
import { apiFetch, invocations, localAwsClients, stackInfo } from './support/local-stack.js';

const run = promisify(execFile);

describe('App API keys (npm run apikey against the local stack)', () => {
  let dir: string;
  let stackFile: string;

  beforeAll(async () => {
    // The CLI reads a stack file; tests write theirs outside the repository.
    dir = await mkdtemp(join(tmpdir(), 'apikey-it-'));
    stackFile = join(dir, 'stack.json');
    await writeStackFile(stackFile, stackInfo());
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function createKey(name: string): Promise<{ key: string; stdout: string }> {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'infra/local/apikey.ts', 'create', name, '--stack-file', stackFile],
      { cwd: process.cwd() },
    );
    const key = stdout.split('\n').find((line) => line.startsWith('dsk_'));
    if (!key) throw new Error(`no key printed: ${stdout}`);
    return { key, stdout };
  }

  it('prints a new key once; that key opens app routes', async () => {
    // Prepare
    const { key } = await createKey('it-backoffice');
    const before = await invocations();

    // Act
    const response = await apiFetch('/accounts/acct-unknown', { headers: { 'x-api-key': key } });

    // Assess
    expect(response.status).not.toBe(401);
    expect((await invocations()).accountGet ?? 0).toBe((before.accountGet ?? 0) + 1);
  });

  it('stores the SHA-256 hash with the name and creation time, never the key', async () => {
    // Prepare
    const { key } = await createKey('it-hash-only');
    const { ddb } = localAwsClients();

    // Act
    const { Items = [] } = await ddb.send(new ScanCommand({ TableName: stackInfo().tableName }));

    // Assess
    const stored = Items.find((item) => item.pk === `API_KEY#${hashApiKey(key)}`);
    expect(stored).toMatchObject({ sk: 'API_KEY', name: 'it-hash-only', keyHash: hashApiKey(key) });
    expect(Number.isNaN(Date.parse(String(stored?.createdAt)))).toBe(false);
    expect(JSON.stringify(Items)).not.toContain(key);
    expect(JSON.stringify(Items)).not.toContain(stackInfo().apiKey);
  });

  it('refuses a key that differs from a stored one by one character', async () => {
    // Prepare
    const { key } = await createKey('it-near-miss');
    const last = key.at(-1) === 'A' ? 'B' : 'A';

    // Act
    const response = await apiFetch('/accounts/acct-unknown', {
      headers: { 'x-api-key': `${key.slice(0, -1)}${last}` },
    });

    // Assess
    expect(response.status).toBe(401);
  });

  it('exits non-zero with the usage when the name is missing', async () => {
    // Act
    const failed = run(process.execPath, ['--import', 'tsx', 'infra/local/apikey.ts', 'create'], {
      cwd: process.cwd(),
    });

    // Assess
    await expect(failed).rejects.toMatchObject({ code: 2 });
  });
});
