/**
 * Runs `work` for every item, at most `concurrency` at a time, in item order; resolves when all
 * are done and rejects with the first failure (the other lanes finish their current item).
 *
 * @example
 * ```ts
 * await forEachConcurrently(buckets, 8, async (bucket) => queueBucket(bucket));
 * ```
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  });
  await Promise.all(lanes);
}
