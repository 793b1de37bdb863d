import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPublicAddress } from './endpoint-url.js';
import { DeliveryTransportError } from './errors.js';
import type { HttpSender, SenderAnswer } from './ports.js';

/**
 * A DNS lookup that refuses non-public addresses at connect time: the URL was checked when the
 * endpoint was registered, but its host could resolve elsewhere by now (DNS rebinding).
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as unknown as LookupAddress[];
    const allowed = list.filter((entry) => isPublicAddress(entry.address));
    if (allowed.length === 0) {
      return callback(
        Object.assign(new Error(`${hostname} resolves to no public address`), { code: 'EPERM' }),
        '',
        0,
      );
    }
    if ((options as { all?: boolean }).all) {
      return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
    }
    callback(null, allowed[0]!.address, allowed[0]!.family);
  });
};

/**
 * {@link HttpSender} on Node's `http`/`https`: one POST, redirects never followed (a 3xx is a
 * failed attempt), the whole exchange given up after `timeoutMs`, the answer body discarded.
 * Deployed, connections go only to public addresses; `allowLoopback` (the local stack only)
 * lifts that for its built-in receiver.
 *
 * @example
 * ```ts
 * const sender = new NodeHttpSender({ allowLoopback: false });
 * ```
 */
export class NodeHttpSender implements HttpSender {
  readonly #allowLoopback: boolean;

  constructor(options: { allowLoopback: boolean }) {
    this.#allowLoopback = options.allowLoopback;
  }

  post(
    url: string,
    body: string,
    headers: Readonly<Record<string, string>>,
    timeoutMs: number,
  ): Promise<SenderAnswer> {
    const allowLoopback = this.#allowLoopback;
    return new Promise<SenderAnswer>((resolve, reject) => {
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          ...(allowLoopback ? {} : { lookup: publicOnlyLookup }),
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            clearTimeout(timer);
            resolve({ status: response.statusCode ?? 0 });
          });
          response.on('error', (error) => fail(error));
        },
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(new DeliveryTransportError(`request failed: ${error.message}`, { cause: error }));
      };
      const timer = setTimeout(() => {
        request.destroy(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      request.on('error', fail);
      request.end(body);
    });
  }
}
