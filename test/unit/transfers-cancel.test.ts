import { describe, expect, it } from 'vitest';
import { ReauthorizationRequiredError } from '../../shared/accounts/errors.js';
import { DwollaApiError } from '../../shared/dwolla/errors.js';
import type { DwollaTransfer } from '../../shared/ports/dwolla-api.js';
import type { Principal } from '../../shared/tenancy/principal.js';
import {
  CancelRefusedError,
  cancelTransferUseCase,
  DwollaUnavailableError,
  getTransferUseCase,
  TransferNotFoundError,
} from '../../shared/transfers/index.js';
import {
  FakeAccountTokens,
  FakeClock,
  FakeDwolla,
  InMemoryTransferRepository,
  OTHER_PRINCIPAL,
  PRINCIPAL,
  TENANT,
} from './transfers-fakes.js';

const ID = '74c9129b-d14a-e511-80da-0aa34a9b2388';
const cancelled: DwollaTransfer = {
  id: ID,
  status: 'cancelled',
  amount: { value: '10.00', currency: 'USD' },
  created: '2026-03-01T00:00:00.000Z',
  links: { self: `https://x/transfers/${ID}` },
};

function setup() {
  const transfers = new InMemoryTransferRepository();
  transfers.legs.set(ID, {
    id: ID,
    status: 'pending',
    tenantId: TENANT,
    accountId: 'acc-1',
    links: {},
  });
  const tokens = new FakeAccountTokens();
  const dwolla = new FakeDwolla();
  dwolla.cancelAnswers = [cancelled];
  const clock = new FakeClock();
  const useCase = cancelTransferUseCase({ transfers, tokens, dwolla, clock });
  const cancel = (id: string, principal: Principal = PRINCIPAL) => useCase(id, principal);
  return { transfers, tokens, dwolla, cancel, clock };
}

function refusal(status: number, code: string, retryable = false) {
  return new DwollaApiError(
    status,
    code,
    'Resource cannot be modified.',
    [],
    'r',
    'POST',
    `/transfers/${ID}`,
    {
      retryable,
    },
  );
}

describe('Function: cancelTransferUseCase', () => {
  it('cancels at Dwolla with the owning account’s token and records the status', async () => {
    // Prepare
    const { cancel, dwolla, transfers } = setup();

    // Act
    const result = await cancel(ID);

    // Assess
    expect(result).toEqual({ id: ID, status: 'cancelled' });
    expect(dwolla.cancels).toEqual([{ token: 'token-of-acc-1', transferId: ID }]);
    expect(transfers.legs.get(ID)?.status).toBe('cancelled');
  });

  it('records who cancelled the leg and when', async () => {
    // Prepare
    const { cancel, transfers, clock } = setup();

    // Act
    await cancel(ID);

    // Assess
    expect(transfers.legs.get(ID)).toMatchObject({
      cancelledBy: { tenantId: TENANT, keyId: PRINCIPAL.keyId, keyName: PRINCIPAL.keyName },
      cancelledAt: clock.now().toISOString(),
    });
  });

  it('answers another tenant’s leg as unknown without calling Dwolla or changing it', async () => {
    // Prepare
    const { cancel, dwolla, tokens, transfers } = setup();

    // Act
    const attempt = cancel(ID, OTHER_PRINCIPAL);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(TransferNotFoundError);
    expect(dwolla.cancels).toHaveLength(0);
    expect(tokens.calls).toHaveLength(0);
    expect(transfers.legs.get(ID)).toEqual({
      id: ID,
      status: 'pending',
      tenantId: TENANT,
      accountId: 'acc-1',
      links: {},
    });
  });

  it('refuses a transfer unknown to us without calling Dwolla', async () => {
    // Prepare
    const { cancel, dwolla } = setup();

    // Act + Assess
    await expect(cancel('unknown')).rejects.toBeInstanceOf(TransferNotFoundError);
    expect(dwolla.cancels).toHaveLength(0);
  });

  it.each([400, 403, 409])(
    'turns a Dwolla %i refusal into CancelRefusedError with its reason',
    async (status) => {
      // Prepare
      const { cancel, dwolla, transfers } = setup();
      dwolla.cancelAnswers = [refusal(status, 'InvalidResourceState')];

      // Act
      const error = await cancel(ID).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(CancelRefusedError);
      expect(error).toMatchObject({
        code: 'InvalidResourceState',
        reason: 'Resource cannot be modified.',
      });
      expect(transfers.legs.get(ID)?.status).toBe('pending');
    },
  );

  it('answers unavailable when Dwolla stays at 5xx', async () => {
    // Prepare
    const { cancel, dwolla } = setup();
    dwolla.cancelAnswers = [refusal(503, 'ServiceUnavailable', true)];

    // Act + Assess
    await expect(cancel(ID)).rejects.toBeInstanceOf(DwollaUnavailableError);
  });

  it('lets a reauthorization error through for the edge to answer 409', async () => {
    // Prepare
    const { cancel, tokens } = setup();
    tokens.failWith = (accountId) => new ReauthorizationRequiredError(accountId);

    // Act + Assess
    await expect(cancel(ID)).rejects.toBeInstanceOf(ReauthorizationRequiredError);
  });
});

describe('Function: getTransferUseCase', () => {
  it('returns the leg with its events', async () => {
    // Prepare
    const { transfers } = setup();
    transfers.events.set(ID, [
      { id: 'e-1', topic: 'transfer_created', created: '2026-03-01T00:00:00.000Z' },
    ]);

    // Act
    const leg = await getTransferUseCase({ transfers })(ID, PRINCIPAL);

    // Assess
    expect(leg).toEqual({
      id: ID,
      status: 'pending',
      tenantId: TENANT,
      accountId: 'acc-1',
      links: {},
      events: [{ id: 'e-1', topic: 'transfer_created', created: '2026-03-01T00:00:00.000Z' }],
    });
  });

  it('refuses an unknown id', async () => {
    // Prepare
    const { transfers } = setup();

    // Act + Assess
    await expect(getTransferUseCase({ transfers })('nope', PRINCIPAL)).rejects.toBeInstanceOf(
      TransferNotFoundError,
    );
  });

  it('answers another tenant’s leg, and a leg no tenant owns, as unknown', async () => {
    // Prepare
    const { transfers } = setup();
    transfers.legs.set('unowned', { id: 'unowned', status: 'pending', links: {} });
    const getTransfer = getTransferUseCase({ transfers });

    // Act + Assess
    await expect(getTransfer(ID, OTHER_PRINCIPAL)).rejects.toBeInstanceOf(TransferNotFoundError);
    await expect(getTransfer('unowned', PRINCIPAL)).rejects.toBeInstanceOf(TransferNotFoundError);
  });
});
