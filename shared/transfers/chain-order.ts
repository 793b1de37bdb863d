import type { TransferLeg } from '../domain/transfer.js';

type Leg = Pick<TransferLeg, 'id' | 'created' | 'links'>;

function byCreated(a: Leg, b: Leg): number {
  const left = a.created ?? '';
  const right = b.created ?? '';
  if (left !== right) return left < right ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Orders the legs of one correlationId as the money moved: each chain from its first leg,
 * following `funded-transfer` links (https://developers.dwolla.com/docs/balance/transfer-lifecycle
 * ("funding-transfer / funded-transfer")), chains by the `created` of their first leg; legs no
 * chain reaches come last, by `created`. Either side of a link is enough. A head is a leg without a
 * funding leg, or whose funding leg is not in the set (not learnt yet).
 *
 * @example
 * ```ts
 * chainOrder([wallet, bankPull, bankPush]); // [bankPull, wallet, bankPush]
 * ```
 */
export function chainOrder<T extends Leg>(legs: readonly T[]): T[] {
  const byId = new Map(legs.map((leg) => [leg.id, leg]));
  const sorted = [...legs].sort(byCreated);
  const ordered: T[] = [];
  const placed = new Set<string>();
  // Links are learnt from webhooks one leg at a time: follow whichever side is known already.
  const fundedBy = new Map<string, T>();
  for (const leg of sorted) {
    const funding = leg.links.fundingTransfer;
    if (funding !== undefined && !fundedBy.has(funding)) fundedBy.set(funding, leg);
  }

  const heads = sorted.filter((leg) => {
    const funding = leg.links.fundingTransfer;
    return funding === undefined || !byId.has(funding);
  });
  for (const head of heads) {
    let leg: T | undefined = head;
    while (leg && !placed.has(leg.id)) {
      ordered.push(leg);
      placed.add(leg.id);
      const next: string | undefined = leg.links.fundedTransfer;
      leg = (next === undefined ? undefined : byId.get(next)) ?? fundedBy.get(leg.id);
    }
  }
  for (const leg of sorted) {
    if (!placed.has(leg.id)) ordered.push(leg);
  }
  return ordered;
}
