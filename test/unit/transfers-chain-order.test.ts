import { describe, expect, it } from 'vitest';
import type { TransferLinks } from '../../shared/domain/transfer.js';
import { chainOrder, searchTransfersUseCase } from '../../shared/transfers/index.js';
import {
  InMemoryTransferRepository,
  OTHER_PRINCIPAL,
  PRINCIPAL,
  TENANT,
} from './transfers-fakes.js';

function leg(id: string, created: string, links: TransferLinks = {}) {
  return { id, status: 'pending' as const, created, links };
}

// https://developers.dwolla.com/docs/balance/transfer-lifecycle ("Example"): VCR-1 bank → VCR-1
// balance → VCR-2 balance → VCR-2 bank.
const first = leg('a379c863', '2026-03-01T10:00:03.000Z', { fundedTransfer: '5dc959dd' });
const second = leg('5dc959dd', '2026-03-01T10:00:01.000Z', {
  fundingTransfer: 'a379c863',
  fundedTransfer: 'a91f21c1',
});
const third = leg('a91f21c1', '2026-03-01T10:00:02.000Z', { fundingTransfer: '5dc959dd' });

describe('Function: chainOrder', () => {
  it('orders a 3-leg chain first leg first, whatever the created times', () => {
    // Act
    const ordered = chainOrder([third, second, first]);

    // Assess
    expect(ordered.map((l) => l.id)).toEqual(['a379c863', '5dc959dd', 'a91f21c1']);
  });

  it('follows a link known on one side only', () => {
    // Prepare: the first leg has not learnt its funded-transfer link yet
    const lonelyFirst = leg('a379c863', '2026-03-01T10:00:03.000Z');

    // Act
    const ordered = chainOrder([third, second, lonelyFirst]);

    // Assess
    expect(ordered.map((l) => l.id)).toEqual(['a379c863', '5dc959dd', 'a91f21c1']);
  });

  it('starts a chain at a leg whose funding leg is not known yet', () => {
    // Act
    const ordered = chainOrder([third, second]);

    // Assess
    expect(ordered.map((l) => l.id)).toEqual(['5dc959dd', 'a91f21c1']);
  });

  it('puts unrelated legs in created order, and a cycle still returns every leg once', () => {
    // Prepare
    const x = leg('x', '2026-03-01T09:00:00.000Z', { fundingTransfer: 'y', fundedTransfer: 'y' });
    const y = leg('y', '2026-03-01T08:00:00.000Z', { fundingTransfer: 'x', fundedTransfer: 'x' });
    const z = leg('z', '2026-03-01T07:00:00.000Z');

    // Act
    const ordered = chainOrder([x, y, z]);

    // Assess
    expect(ordered.map((l) => l.id)).toEqual(['z', 'y', 'x']);
  });
});

describe('Function: searchTransfersUseCase', () => {
  it('answers the correlationId, the total and the legs in chain order', async () => {
    // Prepare
    const transfers = new InMemoryTransferRepository();
    for (const l of [third, first, second])
      transfers.legs.set(l.id, { ...l, tenantId: TENANT, correlationId: 'c-1' });
    transfers.legs.set('other', {
      ...leg('other', '2026-01-01T00:00:00.000Z'),
      tenantId: TENANT,
      correlationId: 'c-2',
    });

    // Act
    const result = await searchTransfersUseCase({ transfers })('c-1', PRINCIPAL);

    // Assess
    expect(result.correlationId).toBe('c-1');
    expect(result.total).toBe(3);
    expect(result.transfers.map((l) => l.id)).toEqual(['a379c863', '5dc959dd', 'a91f21c1']);
  });

  it('finds only the caller’s legs when two tenants use the same correlationId', async () => {
    // Prepare
    const transfers = new InMemoryTransferRepository();
    transfers.legs.set('ours', {
      ...leg('ours', '2026-01-01T00:00:00.000Z'),
      tenantId: TENANT,
      correlationId: 'order-1001',
    });
    transfers.legs.set('theirs', {
      ...leg('theirs', '2026-01-01T00:00:00.000Z'),
      tenantId: OTHER_PRINCIPAL.tenantId,
      correlationId: 'order-1001',
    });
    const search = searchTransfersUseCase({ transfers });

    // Act
    const ours = await search('order-1001', PRINCIPAL);
    const theirs = await search('order-1001', OTHER_PRINCIPAL);

    // Assess
    expect(ours.transfers.map((l) => l.id)).toEqual(['ours']);
    expect(theirs.transfers.map((l) => l.id)).toEqual(['theirs']);
  });
});
