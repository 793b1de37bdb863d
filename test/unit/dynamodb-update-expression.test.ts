import { describe, expect, it } from 'vitest';
import { UpdateExpression } from '../../shared/adapters/dynamodb/update-expression.js';

describe('Class: UpdateExpression', () => {
  it('puts every attribute behind a #name and every value behind a :name, SET before REMOVE', () => {
    // Prepare
    const expression = new UpdateExpression()
      .set('status', 'processed')
      .setIfNotExists('created', '2026-01-01T00:00:00.000Z')
      .remove('claimedAt');

    // Act
    const input = expression.input();

    // Assess
    expect(input).toEqual({
      UpdateExpression:
        'SET #status = :status, #created = if_not_exists(#created, :created) REMOVE #claimedAt',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#created': 'created',
        '#claimedAt': 'claimedAt',
      },
      ExpressionAttributeValues: { ':status': 'processed', ':created': '2026-01-01T00:00:00.000Z' },
    });
  });

  it('lends its placeholders to a condition and leaves out empty values', () => {
    // Prepare
    const expression = new UpdateExpression().remove('claim');

    // Act
    const condition = `${expression.name('claim')} = ${expression.value('mine', 'c-1')}`;
    const withoutValues = new UpdateExpression().remove('claim').input();

    // Assess
    expect(condition).toBe('#claim = :mine');
    expect(expression.input().ExpressionAttributeValues).toEqual({ ':mine': 'c-1' });
    expect(withoutValues).toEqual({
      UpdateExpression: 'REMOVE #claim',
      ExpressionAttributeNames: { '#claim': 'claim' },
    });
  });
});
