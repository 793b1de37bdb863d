import { describe, expect, it } from 'vitest';
import {
  disconnectAccountUseCase,
  TOKEN_SECRET_RECOVERY_DAYS,
} from '../../shared/accounts/disconnect-account.js';
import { AccountNotFoundError } from '../../shared/accounts/errors.js';
import type { Principal } from '../../shared/tenancy/principal.js';
import {
  InMemoryAccountStore,
  InMemoryTokenVault,
  MovableClock,
} from './support/accounts-fakes.js';

const OWNER: Principal = {
  tenantId: 'acme',
  keyId: 'key_0123456789abcdef0123',
  keyName: 'ops',
  scopes: ['accounts:write'],
};
const OTHER: Principal = { ...OWNER, tenantId: 'other-app' };

async function setup() {
  const log: string[] = [];
  const clock = new MovableClock();
  const accounts = new InMemoryAccountStore(log);
  const vault = new InMemoryTokenVault(log);
  await accounts.recordConnection({
    accountId: 'acc-1',
    tenantId: 'acme',
    scopes: ['send'],
    connectedAt: clock.now().toISOString(),
    accessTokenExpiresAt: '2026-03-01T13:00:00.000Z',
    refreshTokenExpiresAt: '2026-04-30T12:00:00.000Z',
    refreshDueDate: '2026-04-15',
  });
  await vault.put('acc-1', {
    accessToken: 'a',
    refreshToken: 'r',
    accessTokenExpiresAt: '2026-03-01T13:00:00.000Z',
    refreshTokenExpiresAt: '2026-04-30T12:00:00.000Z',
  });
  log.length = 0;
  const disconnect = disconnectAccountUseCase({ accounts, secrets: vault, clock });
  return { log, clock, accounts, vault, disconnect };
}

describe('Function: disconnectAccountUseCase', () => {
  it('marks the account disconnected, out of the refresh schedule, before scheduling its secret’s deletion', async () => {
    // Prepare
    const { disconnect, log, accounts, vault, clock } = await setup();

    // Act
    const account = await disconnect('acc-1', OWNER);

    // Assess
    expect(log).toEqual(['accounts.markDisconnected acc-1', 'vault.scheduleDeletion acc-1']);
    expect(account).toMatchObject({
      status: 'disconnected',
      disconnectedAt: clock.now().toISOString(),
    });
    expect(accounts.items.get('acc-1')?.refreshDueDate).toBeUndefined();
    expect(vault.pendingDeletion.get('acc-1')).toBe(TOKEN_SECRET_RECOVERY_DAYS);
    expect(TOKEN_SECRET_RECOVERY_DAYS).toBe(7);
  });

  it('keeps the first disconnection time when repeated', async () => {
    // Prepare
    const { disconnect, clock } = await setup();
    const first = await disconnect('acc-1', OWNER);
    clock.advance(60_000);

    // Act
    const again = await disconnect('acc-1', OWNER);

    // Assess
    expect(again.disconnectedAt).toBe(first.disconnectedAt);
  });

  it('answers another tenant’s account, and an unknown one, as not found and changes nothing', async () => {
    // Prepare
    const { disconnect, log, accounts } = await setup();

    // Act
    const others = disconnect('acc-1', OTHER);
    const unknown = disconnect('acc-9', OWNER);

    // Assess
    await expect(others).rejects.toBeInstanceOf(AccountNotFoundError);
    await expect(unknown).rejects.toBeInstanceOf(AccountNotFoundError);
    expect(log).toEqual([]);
    expect(accounts.items.get('acc-1')?.status).toBe('active');
  });
});
