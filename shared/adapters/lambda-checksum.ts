import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/** What the SDK hashes: text, bytes or a buffer (`@smithy/types` `SourceData`). */
export type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

function toUint8Array(digest: Buffer): Uint8Array {
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/**
 * The request-signing hash of the Lambda bundles. The CDK bundling (`LAMBDA_BUNDLING` in
 * `infra/constructs/dwolla-function.ts`) aliases `@smithy/core/checksum` to this module, whose
 * only names our clients import are `Sha256` (every client) and `Md5` (SQS message checks). The
 * SDK's own classes are these same `node:crypto` hashes with a pure-JavaScript fallback for a
 * runtime without `node:crypto`, which Lambda's Node.js never is; the fallbacks are ~4 KB
 * minified. `test/unit/lambda-bundling.test.ts` checks every digest and HMAC against the SDK's.
 * Outside a bundle (local runner, tests) the SDK's own classes are used.
 *
 * @example
 * ```ts
 * const hmac = new Sha256('key');
 * hmac.update('payload');
 * await hmac.digest(); // Uint8Array(32)
 * ```
 */
export class Sha256 {
  readonly digestLength = 32;
  private hash: Hash | Hmac;
  private finished = false;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }

  update(data: SourceData): void {
    if (this.finished) throw new Error('Attempted to update an already finished hash.');
    this.hash.update(toBytes(data));
  }

  /** The digest; a plain hash can go on being updated, an HMAC is finished (as in the SDK). */
  async digest(): Promise<Uint8Array> {
    if (this.secret) {
      this.finished = true;
      return toUint8Array(this.hash.digest());
    }
    return toUint8Array((this.hash as Hash).copy().digest());
  }

  reset(): void {
    this.hash = this.create();
    this.finished = false;
  }

  private create(): Hash | Hmac {
    return this.secret ? createHmac('sha256', toBytes(this.secret)) : createHash('sha256');
  }
}

/**
 * MD5 of SQS message bodies (`@aws-sdk/middleware-sdk-sqs` compares it with `MD5OfBody`), on
 * `node:crypto` like {@link Sha256}.
 *
 * @example
 * ```ts
 * const md5 = new Md5();
 * md5.update('body');
 * await md5.digest(); // Uint8Array(16)
 * ```
 */
export class Md5 {
  readonly digestLength = 16;
  private hash = createHash('md5');

  update(data: SourceData): void {
    this.hash.update(toBytes(data));
  }

  async digest(): Promise<Uint8Array> {
    return toUint8Array(this.hash.copy().digest());
  }

  reset(): void {
    this.hash = createHash('md5');
  }
}
