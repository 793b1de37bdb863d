import { describe, expect, it } from 'vitest';
import type { TransferLegItem } from '../../shared/adapters/dynamodb/table-design.js';
import { notificationsForChange, webhookIdOf } from '../../shared/notifications/notification.js';
import { legFromItem } from '../../shared/transfers/leg-view.js';

const ID = '74c9129b-d14a-e511-80da-0aa34a9b2388';
const FALLBACK = '2026-01-01T00:00:00.000Z';

function leg(changes: Partial<TransferLegItem> = {}): TransferLegItem {
  return {
    pk: `RESOURCE#${ID}`,
    sk: 'TRANSFER',
    id: ID,
    status: 'pending',
    statusRank: 0,
    amountValue: '5.00',
    amountCurrency: 'USD',
    correlationId: 'order-42',
    fundingTransferId: 'b5e2e2c3-0000-4000-8000-000000000001',
    updatedAt: '2026-03-01T10:00:00.000Z',
    tenantId: 'acme',
    ...changes,
  } as TransferLegItem;
}

const bodyOf = (body: string) =>
  JSON.parse(body) as { type: string; timestamp: string; data: Record<string, unknown> };

describe('Function: notificationsForChange', () => {
  it('announces a new leg with its first status as transfer.created, previousStatus null', () => {
    // Act
    const [notification, ...rest] = notificationsForChange(undefined, leg(), FALLBACK);

    // Assess
    expect(rest).toEqual([]);
    expect(notification).toMatchObject({
      webhookId: webhookIdOf(ID, 'pending'),
      type: 'transfer.created',
      tenantId: 'acme',
      transferId: ID,
      occurredAt: '2026-03-01T10:00:00.000Z',
    });
    expect(bodyOf(notification!.body)).toEqual({
      type: 'transfer.created',
      timestamp: '2026-03-01T10:00:00.000Z',
      data: { ...legFromItem(leg()), previousStatus: null },
    });
  });

  it('announces exactly the status applied, even one that skips another (pending → failed)', () => {
    // Act
    const notifications = notificationsForChange(
      leg(),
      leg({
        status: 'failed',
        statusRank: 2,
        failureCode: 'R01',
        updatedAt: '2026-03-02T00:00:00.000Z',
      }),
      FALLBACK,
    );

    // Assess
    expect(notifications.map((n) => [n.type, bodyOf(n.body).data.previousStatus])).toEqual([
      ['transfer.failed', 'pending'],
    ]);
    expect(bodyOf(notifications[0]!.body).data).toMatchObject({
      status: 'failed',
      failure: { code: 'R01', description: '' },
    });
  });

  it('announces nothing for a change that leaves the status as it was', () => {
    // Act
    const notifications = notificationsForChange(
      leg({ status: 'processed', statusRank: 1 }),
      leg({ status: 'processed', statusRank: 1, amountValue: '6.00' }),
      FALLBACK,
    );

    // Assess
    expect(notifications).toEqual([]);
  });

  it('announces nothing for a leg whose tenant is not known, nor for items that are not legs', () => {
    // Assess
    expect(notificationsForChange(undefined, leg({ tenantId: undefined }), FALLBACK)).toEqual([]);
    expect(
      notificationsForChange(
        undefined,
        { ...leg(), sk: 'EVENT#1' } as unknown as TransferLegItem,
        FALLBACK,
      ),
    ).toEqual([]);
    expect(notificationsForChange(leg(), undefined, FALLBACK)).toEqual([]);
  });

  it('announces a placeholder leg once its tenant is known: its stored status, then the new one, as a chain', () => {
    // Prepare: a reverse link created the leg as pending before anything said whose it is.
    const placeholder = leg({ tenantId: undefined, updatedAt: '2026-03-01T09:00:00.000Z' });

    // Act
    const notifications = notificationsForChange(
      placeholder,
      leg({ status: 'processed', statusRank: 1 }),
      FALLBACK,
    );

    // Assess
    expect(
      notifications.map((n) => [n.webhookId, n.occurredAt, bodyOf(n.body).data.previousStatus]),
    ).toEqual([
      [webhookIdOf(ID, 'pending'), '2026-03-01T09:00:00.000Z', null],
      [webhookIdOf(ID, 'processed'), '2026-03-01T10:00:00.000Z', 'pending'],
    ]);
  });

  it('announces the current status alone when only the tenant became known', () => {
    // Act
    const notifications = notificationsForChange(
      leg({ tenantId: undefined, status: 'processed', statusRank: 1 }),
      leg({ status: 'processed', statusRank: 1 }),
      FALLBACK,
    );

    // Assess
    expect(notifications.map((n) => [n.type, bodyOf(n.body).data.previousStatus])).toEqual([
      ['transfer.processed', null],
    ]);
  });

  it('gives the same webhook-id and body for the same change, whenever it is computed', () => {
    // Act
    const first = notificationsForChange(
      leg(),
      leg({ status: 'cancelled', statusRank: 3 }),
      FALLBACK,
    );
    const again = notificationsForChange(leg(), leg({ status: 'cancelled', statusRank: 3 }), 'x');

    // Assess
    expect(again).toEqual(first);
    expect(first[0]?.webhookId).toBe(`msg_${ID}_cancelled`);
  });
});
