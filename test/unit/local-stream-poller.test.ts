import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { TABLE_STREAMS } from '../../infra/definition.js';
import { matchesAnyFilter } from '../../infra/local/event-filter.js';
import { succeededPrefix } from '../../infra/local/stream-poller.js';

const change = (
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  newImage?: Record<string, unknown>,
): DynamoDBRecord => ({
  eventName,
  dynamodb: { ...(newImage ? { NewImage: newImage as never } : {}), SequenceNumber: '1' },
});

describe('Local stream poller: the outbox filter of the definition', () => {
  const patterns = TABLE_STREAMS.notificationOutbox.filterPatterns;

  it('passes on inserted or modified legs that have a status and a tenant', () => {
    // Prepare
    const leg = { sk: { S: 'TRANSFER' }, status: { S: 'pending' }, tenantId: { S: 'acme' } };

    // Assess
    expect(matchesAnyFilter(patterns, change('INSERT', leg))).toBe(true);
    expect(matchesAnyFilter(patterns, change('MODIFY', leg))).toBe(true);
  });

  it('drops removals, other items and legs without a tenant', () => {
    // Assess
    expect(matchesAnyFilter(patterns, change('REMOVE'))).toBe(false);
    expect(
      matchesAnyFilter(patterns, change('INSERT', { sk: { S: 'EVENT#1' }, tenantId: { S: 'a' } })),
    ).toBe(false);
    expect(
      matchesAnyFilter(
        patterns,
        change('MODIFY', { sk: { S: 'TRANSFER' }, status: { S: 'failed' } }),
      ),
    ).toBe(false);
  });

  it('knows prefix and exists:false matchers, and passes everything without patterns', () => {
    // Assess
    expect(
      matchesAnyFilter([{ topic: [{ prefix: 'transfer_' }] }], { topic: 'transfer_created' }),
    ).toBe(true);
    expect(matchesAnyFilter([{ a: [{ exists: false }] }], { b: 1 })).toBe(true);
    expect(matchesAnyFilter([{ a: [{ exists: false }] }], { a: 1 })).toBe(false);
    expect(matchesAnyFilter([], { anything: true })).toBe(true);
  });
});

describe('Local stream poller: partial batch failures', () => {
  const batch = ['10', '11', '12'].map(
    (sequence): DynamoDBRecord => ({ dynamodb: { SequenceNumber: sequence } }),
  );

  it('resumes from the record the function names, fails everything on a throw or an unknown id', () => {
    // Assess
    expect(succeededPrefix(batch, { ok: true, result: { batchItemFailures: [] } })).toBe(3);
    expect(succeededPrefix(batch, { ok: true, result: null })).toBe(3);
    expect(
      succeededPrefix(batch, {
        ok: true,
        result: { batchItemFailures: [{ itemIdentifier: '11' }] },
      }),
    ).toBe(1);
    expect(
      succeededPrefix(batch, {
        ok: true,
        result: { batchItemFailures: [{ itemIdentifier: '12' }, { itemIdentifier: '10' }] },
      }),
    ).toBe(0);
    expect(
      succeededPrefix(batch, {
        ok: true,
        result: { batchItemFailures: [{ itemIdentifier: '99' }] },
      }),
    ).toBe(0);
    expect(succeededPrefix(batch, { ok: false })).toBe(0);
  });
});
