/**
 * Failing enrichment GETs on purpose (429 / 500, https://developers.dwolla.com/api-reference).
 * Deterministic so tests never depend on luck: the first enrichment GET after `setChaos` fails,
 * then one in every `1 / failRate` (error diffusion), alternating 429 and 500.
 */

/**
 * The failure schedule of enrichment GETs.
 *
 * @example
 * ```ts
 * const faults = new EnrichmentFaults();
 * faults.reset(0.5);
 * faults.next(); // 429
 * faults.next(); // undefined
 * faults.next(); // 500
 * ```
 */
export class EnrichmentFaults {
  private rate = 0;
  private credit = 0;
  private failures = 0;

  reset(rate: number | undefined): void {
    this.rate = Math.min(1, Math.max(0, rate ?? 0));
    this.credit = this.rate > 0 ? 1 : 0;
    this.failures = 0;
  }

  /** The status the next enrichment GET must fail with, or `undefined` to serve it. */
  next(): 429 | 500 | undefined {
    if (this.rate <= 0) return undefined;
    if (this.credit < 1 - 1e-9) {
      this.credit += this.rate;
      return undefined;
    }
    this.credit -= 1;
    this.credit += this.rate;
    this.failures++;
    return this.failures % 2 === 1 ? 429 : 500;
  }
}
