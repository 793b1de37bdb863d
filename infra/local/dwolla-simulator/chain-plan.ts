/**
 * How the simulator splits a transfer into legs
 * (https://developers.dwolla.com/docs/balance/transfer-lifecycle, "legs"): a
 * party holding a balance (an account or a verified customer) pays from its bank through its
 * balance (a "pull" leg) and receives into its bank through its balance (a "push" leg); an
 * unverified customer's bank is debited or credited directly by the middle leg.
 */

import { type LegPlan, partyKey, type SimFundingSourceRecord, type SimStore } from './store.js';

/**
 * The legs of a transfer from `source` to `destination`, in chain order, and which of them are
 * created up front (the others once the leg before them completes).
 *
 * @example
 * ```ts
 * const legs = planLegs(store, bank, customerBank); // pull, middle, push
 * ```
 */
export function planLegs(
  store: SimStore,
  source: SimFundingSourceRecord,
  destination: SimFundingSourceRecord,
): LegPlan[] {
  if (partyKey(source.owner) === partyKey(destination.owner)) {
    return [{ sourceId: source.id, destinationId: destination.id, upfront: true }];
  }
  const legs: LegPlan[] = [];
  let middleSource = source;
  const sourceBalance = store.balanceOf(source.owner);
  if (source.type === 'bank' && sourceBalance) {
    legs.push({ sourceId: source.id, destinationId: sourceBalance.id, upfront: true });
    middleSource = sourceBalance;
  }
  let middleDestination = destination;
  const destinationBalance = store.balanceOf(destination.owner);
  const push =
    destination.type === 'bank' && destinationBalance
      ? { sourceId: destinationBalance.id, destinationId: destination.id, upfront: false }
      : undefined;
  if (push) middleDestination = destinationBalance!;
  // https://gist.github.com/spencerhunter/998543e83b83992ae00a591e3f37abc7 scenario 1: an
  // account's bank-funded transfer exists at once (`bank_transfer_created` and `transfer_created`
  // together);
  // https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/:
  // between customers "subsequent transfers are only created once the initial leg completes".
  legs.push({
    sourceId: middleSource.id,
    destinationId: middleDestination.id,
    upfront: legs.length === 0 || source.owner.kind === 'account',
  });
  if (push) legs.push(push);
  return legs;
}
