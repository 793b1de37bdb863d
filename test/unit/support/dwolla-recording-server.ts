import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** One request as the server saw it, body byte for byte. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, e.g. `/events?limit=25&offset=0`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
}

/**
 * A scripted answer. `headers` is a flat `[name, value, name, value]` list written as-is, so a
 * test controls header-name case (`LOCATION`). `destroy` drops the connection without answering;
 * `hang` never answers (until the server closes).
 */
export type ScriptedResponse =
  | {
      readonly status: number;
      readonly headers?: readonly string[];
      readonly body?: unknown;
    }
  | { readonly destroy: true }
  | { readonly hang: true };

/**
 * A real `node:http` server on 127.0.0.1 with a random port that records every request and
 * answers from a script (the last entry repeats once the script runs out).
 *
 * @example
 * ```ts
 * const server = await startRecordingServer([{ status: 503 }, { status: 200, body: {...} }]);
 * // ... server.url, server.requests
 * await server.close();
 * ```
 */
export interface RecordingServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startRecordingServer(
  script: readonly ScriptedResponse[],
): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawBody: Buffer.concat(chunks),
      });
      const answer = script[Math.min(requests.length, script.length) - 1];
      if (answer !== undefined && 'hang' in answer) return;
      if (answer === undefined || 'destroy' in answer) {
        req.socket.destroy();
        return;
      }
      const body =
        answer.body === undefined
          ? ''
          : typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body);
      const headers = [...(answer.headers ?? [])];
      if (body !== '' && !headers.some((h) => h.toLowerCase() === 'content-type')) {
        headers.push('Content-Type', 'application/vnd.dwolla.v1.hal+json');
      }
      res.writeHead(answer.status, headers as string[]);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/**
 * For a test file whose tests each start one recording server: returns the starter and closes
 * the server after each test.
 *
 * @example
 * ```ts
 * const startServer = recordingServerPerTest();
 * const server = await startServer([{ status: 200, body: {} }]);
 * ```
 */
export function recordingServerPerTest(): (
  script: readonly ScriptedResponse[],
) => Promise<RecordingServer> {
  let server: RecordingServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return async (script) => {
    server = await startRecordingServer(script);
    return server;
  };
}
