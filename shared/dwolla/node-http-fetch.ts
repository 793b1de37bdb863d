import type { IncomingMessage } from 'node:http';
import { addAbortSignal } from 'node:stream';
import { text } from 'node:stream/consumers';
import { HttpRequest } from '@smithy/core/protocols';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { DwollaFetch } from './http.js';

/**
 * A {@link DwollaFetch} on the AWS SDK's `NodeHttpHandler` (`node:http`/`node:https` with a
 * keep-alive agent), which every bundle carries for its SDK clients already. The global `fetch`
 * loads undici on its first use, a cost every cold start would pay on its first Dwolla call.
 *
 * Like `node:http`, it never follows a redirect: a 3xx comes back as the answer, so a bearer
 * token never travels to another URL. `init.signal` aborts the whole exchange, the body read
 * included; the query goes out exactly as the URL spells it.
 *
 * @example
 * ```ts
 * const send = createNodeHttpFetch();
 * const res = await send(url, { method: 'GET', headers, redirect: 'manual', signal: AbortSignal.timeout(5_000) });
 * ```
 */
export function createNodeHttpFetch(handler = dwollaHttpHandler()): DwollaFetch {
  return async (url, init) => {
    const target = new URL(url);
    const { response } = await handler.handle(
      new HttpRequest({
        protocol: target.protocol,
        hostname: target.hostname,
        ...(target.port === '' ? {} : { port: Number(target.port) }),
        path: `${target.pathname}${target.search}`,
        method: init.method,
        headers:
          init.body === undefined
            ? { ...init.headers }
            : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
        body: init.body,
      }),
      { abortSignal: init.signal },
    );
    const body = await text(addAbortSignal(init.signal, response.body as IncomingMessage));
    const headers = response.headers;
    return {
      status: response.statusCode,
      headers: {
        get(name) {
          const key = name.toLowerCase();
          return Object.hasOwn(headers, key) ? (headers[key] ?? null) : null;
        },
      },
      text: async () => body,
    };
  };
}

/**
 * The `NodeHttpHandler` the Dwolla clients send through: keep-alive connections, each closed
 * once idle for `idleMs` (4 s, as the global `fetch` does) or sooner when the server's
 * `Keep-Alive` header asks. A connection the server dropped while the container was frozen is
 * never picked up for a request that may not be sent twice (a transfer cancel, a code
 * exchange).
 *
 * @example
 * ```ts
 * const send = createNodeHttpFetch(dwollaHttpHandler(1_000));
 * ```
 */
export function dwollaHttpHandler(idleMs = 4_000): NodeHttpHandler {
  const agent = { keepAlive: true, timeout: idleMs };
  return new NodeHttpHandler({ httpAgent: agent, httpsAgent: agent });
}

let shared: DwollaFetch | undefined;

/**
 * The process's default {@link DwollaFetch}, built on first use: the resource and token clients
 * share its connection pool, so a token grant's connection carries the call that follows it.
 *
 * @example
 * ```ts
 * const send = options.fetch ?? defaultDwollaFetch();
 * ```
 */
export function defaultDwollaFetch(): DwollaFetch {
  shared ??= createNodeHttpFetch();
  return shared;
}
