import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStackFile } from '../../infra/local/stack-file.js';
import { hashApiKey } from '../../shared/api-keys/index.js';
import { SCOPES } from '../../shared/tenancy/principal.js';
import { apiFetch, invocations, stackInfo } from './support/local-stack.js';
import { newTenantId, tableItems } from './support/tenants.js';

const run = promisify(execFile);

/** `npm run apikey -- …` against the running local stack, as an operator types it. */
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

  function apikey(...args: string[]) {
    return run(
      process.execPath,
      ['--import', 'tsx', 'infra/local/apikey.ts', ...args, '--stack-file', stackFile],
      { cwd: process.cwd() },
    );
  }

  async function createKey(name: string, tenant: string, ...more: string[]) {
    const { stdout } = await apikey('create', name, '--tenant', tenant, '--json', ...more);
    return JSON.parse(stdout) as {
      key: string;
      keyId: string;
      name: string;
      tenantId: string;
      scopes: string[];
      expiresAt: string | null;
    };
  }

  async function apiKeyItems() {
    return (await tableItems()).filter((item) => String(item.pk).startsWith('API_KEY'));
  }

  it('prints one JSON line with the key, its id, name, tenant, scopes and expiry; the key opens app routes', async () => {
    // Prepare
    const tenant = newTenantId('cli');
    const before = await invocations();

    // Act
    const created = await createKey('it-backoffice', tenant, '--expires-in-days', '30');
    const response = await apiFetch('/accounts/acct-unknown', {
      headers: { 'x-api-key': created.key },
    });

    // Assess
    expect(created).toEqual({
      key: expect.stringMatching(/^dsk_[A-Za-z0-9_-]{43}$/),
      keyId: `key_${hashApiKey(created.key).slice(0, 20)}`,
      name: 'it-backoffice',
      tenantId: tenant,
      scopes: [...SCOPES],
      expiresAt: expect.any(String),
    });
    const days = (Date.parse(created.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(response.status).toBe(404);
    expect((await invocations()).accountGet ?? 0).toBe((before.accountGet ?? 0) + 1);
  });

  it('stores the SHA-256 hash with the tenant and scopes, never the key', async () => {
    // Act
    const created = await createKey(
      'it-hash-only',
      newTenantId('cli'),
      '--scopes',
      'transfers:read',
    );

    // Assess
    const items = await apiKeyItems();
    const stored = items.find((item) => item.pk === `API_KEY#${hashApiKey(created.key)}`);
    expect(stored).toMatchObject({
      sk: 'API_KEY',
      name: 'it-hash-only',
      keyId: created.keyId,
      tenantId: created.tenantId,
      scopes: ['transfers:read'],
    });
    expect(JSON.stringify(await tableItems())).not.toContain(created.key);
    expect(JSON.stringify(await tableItems())).not.toContain(stackInfo().apiKey);
  });

  it('lists a tenant’s keys without ever printing a key', async () => {
    // Prepare
    const tenant = newTenantId('cli');
    const first = await createKey('it-one', tenant);
    const second = await createKey('it-two', tenant, '--scopes', 'accounts:read');

    // Act
    const { stdout } = await apikey('list', '--tenant', tenant, '--json');

    // Assess
    const listed = JSON.parse(stdout) as Record<string, unknown>[];
    expect(listed.map((k) => k.keyId).sort()).toEqual([first.keyId, second.keyId].sort());
    expect(listed.every((k) => k.tenantId === tenant && k.state === 'active')).toBe(true);
    expect(stdout).not.toContain(first.key);
    expect(stdout).not.toContain(second.key);
    expect(stdout).not.toContain(hashApiKey(first.key));
  });

  it('revokes a key by id: it stops opening routes', async () => {
    // Prepare: never used before revocation, so no authorizer answer is cached for it
    const created = await createKey('it-revoked', newTenantId('cli'));

    // Act
    const { stdout } = await apikey('revoke', created.keyId);
    const response = await apiFetch('/accounts/acct-unknown', {
      headers: { 'x-api-key': created.key },
    });

    // Assess
    expect(stdout).toContain(created.keyId);
    expect(stdout).not.toContain(created.key);
    expect(response.status).toBe(401);
  });

  it.each([
    [['create'], /<name>/],
    [['create', 'ci'], /--tenant/],
    [['create', 'ci', '--tenant', 'Not_A_Tenant'], /tenant/],
    [['create', 'ci', '--tenant'], /--tenant/],
    [['create', 'ci', '--tenant', 'acme', '--scopes', 'transfers:delete'], /scopes/],
    [['create', 'ci', '--tenant', 'acme', '--expires-in-days', '0'], /expires-in-days/],
    [['create', 'ci', '--tenant', 'acme', '--expires-in-days', 'soon'], /expires-in-days/],
    [['create', 'has space', '--tenant', 'acme'], /name/],
    [['create', 'ci', '--tenant', 'acme', '--colour', 'red'], /--colour/],
    [['revoke', 'not-a-key-id'], /keyId/],
    [['list', '--tenant', 'BAD'], /tenant/],
    [['rotate'], /rotate/],
  ])('refuses %j with one line naming the argument, writing nothing', async (args, named) => {
    // Prepare
    const before = await apiKeyItems();

    // Act
    const failed = (await apikey(...args).catch((error: unknown) => error)) as {
      code: number;
      stderr: string;
      stdout: string;
    };

    // Assess
    expect(failed.code).toBe(2);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toMatch(named);
    expect(failed.stdout).toBe('');
    expect(await apiKeyItems()).toEqual(before);
  });

  it('refuses to revoke an unknown key id, exiting non-zero', async () => {
    // Act
    const failed = (await apikey('revoke', 'key_00000000000000000000').catch(
      (error: unknown) => error,
    )) as { code: number; stderr: string };

    // Assess
    expect(failed.code).toBe(1);
    // The last line (the AWS SDK may warn about the Node version first).
    expect(failed.stderr.trim().split('\n').at(-1)).toBe(
      'No API key with id key_00000000000000000000.',
    );
  });

  it('keeps seeding APP_API_KEY as key local of tenant default with every scope', async () => {
    // Act
    const items = await apiKeyItems();

    // Assess
    expect(
      items.find((item) => item.pk === `API_KEY#${hashApiKey(stackInfo().apiKey)}`),
    ).toMatchObject({ name: 'local', tenantId: 'default', scopes: [...SCOPES] });
  });
});
