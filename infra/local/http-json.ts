/**
 * The small HTTP pieces the local servers share (the gateway, the KMS and Secrets Manager
 * servers, the Dwolla simulator): reading a request body, answering JSON, listening on a port
 * and closing with every open connection.
 */

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The content type of the AWS JSON 1.1 protocol (KMS, Secrets Manager). */
export const AWS_JSON = 'application/x-amz-json-1.1';

/**
 * Reads a request body; `undefined` once it grows past `maxBytes` (the rest is not read).
 *
 * @example
 * ```ts
 * const body = await readBody(request, 1_048_576);
 * if (!body) return sendJson(response, 413, { message: 'Request Entity Too Large' });
 * ```
 */
export async function readBody(
  request: IncomingMessage,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Answers `body` as JSON; `headers` may name another JSON content type.
 *
 * @example
 * ```ts
 * sendJson(response, 400, { __type: 'ValidationException', message }, { 'content-type': AWS_JSON });
 * ```
 */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** A server listening on a port, and how to stop it. */
export interface Listening {
  readonly port: number;
  /** Closes the server and every connection still open (keep-alive ones included). */
  close(): Promise<void>;
}

/**
 * Starts `server` on `host:port` (0 = a random free port); rejects when the port is taken.
 *
 * @example
 * ```ts
 * const { port, close } = await listen(createServer(onRequest), 0, '127.0.0.1');
 * ```
 */
export async function listen(server: Server, port: number, host: string): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
