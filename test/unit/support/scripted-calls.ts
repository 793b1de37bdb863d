/**
 * The base of a fake Dwolla client: it records each call as a string and, when the test queued
 * errors in `failNext`, throws the next one instead of answering.
 *
 * @example
 * ```ts
 * class FakeDwolla extends ScriptedCalls {
 *   async getTransfer(token: string, id: string) {
 *     this.record(`getTransfer:${id}:${token}`);
 *     return transfer;
 *   }
 * }
 * ```
 */
export class ScriptedCalls {
  readonly calls: string[] = [];
  readonly failNext: Error[] = [];

  /** Records `call`, then throws the next queued failure if there is one. */
  protected record(call: string): void {
    this.calls.push(call);
    const error = this.failNext.shift();
    if (error) throw error;
  }
}
