import { describe, expect, it } from 'vitest';
import { forEachConcurrently } from '../../shared/concurrency.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('Function: forEachConcurrently', () => {
  it('runs every item once and never more than the bound at a time', async () => {
    // Prepare
    const items = Array.from({ length: 25 }, (_, index) => `item-${index}`);
    const seen: string[] = [];
    let running = 0;
    let peak = 0;

    // Act
    await forEachConcurrently(items, 4, async (item) => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      seen.push(item);
      running--;
    });

    // Assess
    expect([...seen].sort()).toEqual([...items].sort());
    expect(peak).toBe(4);
  });

  it('rejects with the failure of an item', async () => {
    // Act
    const run = forEachConcurrently([1, 2, 3], 2, async (item) => {
      await tick();
      if (item === 2) throw new Error('item 2 failed');
    });

    // Assess
    await expect(run).rejects.toThrow('item 2 failed');
  });

  it('does nothing for no items', async () => {
    // Act
    let calls = 0;
    await forEachConcurrently([], 8, async () => {
      calls++;
    });

    // Assess
    expect(calls).toBe(0);
  });
});
