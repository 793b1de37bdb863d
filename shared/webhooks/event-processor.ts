import { randomUUID } from 'node:crypto';
import type { Clock } from '../ports/clock.js';
import type { Observability } from '../ports/observability.js';
import type { AccountTokens } from '../ports/tokens.js';
import type { DwollaEventPayload } from './payload.js';

/**
 * The use case of an SQS consumer of Dwolla events.
 *
 * @example
 * ```ts
 * const outcome = await processor.process(parseDwollaEvent(JSON.parse(body)));
 * ```
 */
export interface DwollaEventProcessor<TOutcome> {
  /** Resolves `undefined` for a topic this processor does not handle. Rejects when worth retrying. */
  process(event: DwollaEventPayload): Promise<TOutcome | undefined>;
}

/** What every processor that fetches a resource from Dwolla once is built from. */
export interface OneTimeFetchDependencies extends Observability {
  readonly tokens: AccountTokens;
  readonly clock: Clock;
  /**
   * How long a claim on a one-time fetch holds before another processor may take it over
   * (a crashed processor's claim). Default 60 s: longer than the client's retries take.
   */
  readonly claimLeaseMs?: number;
}

/**
 * The claim lease `deps` asks for, 60 s by default.
 *
 * @example
 * ```ts
 * const leaseMs = claimLeaseMs(deps);
 * ```
 */
export function claimLeaseMs(deps: OneTimeFetchDependencies): number {
  return deps.claimLeaseMs ?? 60_000;
}

/**
 * A unique claim token for a one-time fetch, `<ISO time>#<uuid>`: it rides on the event's upsert
 * (`if_not_exists`), so the common path needs no claim write of its own. It starts with the claim
 * time, so a lease compares it with an ISO time like a claim written as a bare time.
 *
 * @example
 * ```ts
 * const token = claimTokenAt(clock.now()); // '2026-01-02T03:04:05.000Z#6f1c…'
 * ```
 */
export function claimTokenAt(now: Date): string {
  return `${now.toISOString()}#${randomUUID()}`;
}

/**
 * Who holds a one-time fetch after the upsert that tried to claim it: the token when this event's
 * claim landed (`held`), `null` when another processor's live claim stands (its fetch is under way:
 * no claim write is tried), else `undefined` (no claim, or an expired one: a crashed processor's),
 * which the caller claims with a conditional write of its own.
 *
 * @example
 * ```ts
 * const held = heldClaim(record.transferLinkClaim, token, clock.now(), leaseMs);
 * if (held === null) return; // another processor is fetching
 * ```
 */
export function heldClaim(
  stored: string | undefined,
  token: string | undefined,
  now: Date,
  leaseMs: number,
): string | null | undefined {
  if (stored !== undefined && stored === token) return token;
  const expired = new Date(now.getTime() - leaseMs).toISOString();
  return stored !== undefined && stored >= expired ? null : undefined;
}

/**
 * The claim a one-time fetch runs under: `held` when the event's upsert won it, else one written
 * now with `claim` (which also takes over an expired claim, a crashed processor's). `undefined`
 * when another processor holds the fetch or has finished it.
 *
 * @example
 * ```ts
 * const claim = await claimUnlessHeld(held, clock.now(), (at) => legs.claim(id, 'failure', at, leaseMs));
 * if (claim === undefined) return false;
 * ```
 */
export async function claimUnlessHeld(
  held: string | undefined,
  now: Date,
  claim: (at: Date) => Promise<boolean>,
): Promise<string | undefined> {
  if (held !== undefined) return held;
  return (await claim(now)) ? now.toISOString() : undefined;
}
