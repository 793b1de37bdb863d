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
