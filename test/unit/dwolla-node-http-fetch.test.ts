import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createDwollaTransport, type DwollaFetchInit } from '../../shared/dwolla/http.js';
import { DwollaNetworkError } from '../../shared/dwolla/index.js';
import { createNodeHttpFetch, dwollaHttpHandler } from '../../shared/dwolla/node-http-fetch.js';
import { resolveRetryPolicy } from '../../shared/dwolla/retry.js';

/** One request as the server saw it, and whether its connection closed before an answer. */
interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  closedEarly: boolean;
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A real `node:http` server on 127.0.0.1 answering every request with `answer`. */
async function serve(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: SeenRequest[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        closedEarly: false,
      };
      seen.push(request);
      res.on('close', () => {
        request.closedEarly = !res.writableFinished;
      });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen };
}

function init(overrides: Partial<DwollaFetchInit> = {}): DwollaFetchInit {
  return {
    method: 'GET',
    headers: { Accept: 'application/vnd.dwolla.v1.hal+json' },
    redirect: 'manual',
    signal: AbortSignal.timeout(2_000),
    ...overrides,
  };
}

const until = (check: () => boolean) =>
  expect.poll(check, { timeout: 1_000, interval: 10 }).toBe(true);

describe('Function: createNodeHttpFetch', () => {
  it('sends the method, headers, query and exact body, and returns status, headers and body', async () => {
    // Prepare
    const { url, seen } = await serve((_req, res) => {
      res.writeHead(201, {
        Location: 'https://api.dwolla.com/transfers/t-1',
        'X-Request-Id': 'r-1',
      });
      res.end('{"ok":true}');
    });
    const send = createNodeHttpFetch();
    const body = '{"amount":{"value":"10.00","currency":"USD"},"note":"café"}';

    // Act
    const response = await send(
      `${url}/transfers?limit=25&correlationId=a%20b+c`,
      init({ method: 'POST', headers: { 'Idempotency-Key': 'key-1' }, body }),
    );

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('https://api.dwolla.com/transfers/t-1');
    expect(response.headers.get('X-REQUEST-ID')).toBe('r-1');
    expect(response.headers.get('retry-after')).toBeNull();
    expect(response.headers.get('constructor')).toBeNull();
    expect(await response.text()).toBe('{"ok":true}');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/transfers?limit=25&correlationId=a%20b+c',
      body,
    });
    expect(seen[0]!.headers['idempotency-key']).toBe('key-1');
    expect(seen[0]!.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('returns a redirect as the answer and never follows it', async () => {
    // Prepare
    const { url, seen } = await serve((req, res) => {
      if (req.url === '/elsewhere') {
        res.writeHead(200).end('followed');
        return;
      }
      res.writeHead(302, { Location: '/elsewhere' }).end();
    });
    const send = createNodeHttpFetch();

    // Act
    const response = await send(
      `${url}/transfers/t-1`,
      init({ headers: { Authorization: 'Bearer t' } }),
    );

    // Assess
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/elsewhere');
    expect(seen.map((request) => request.url)).toEqual(['/transfers/t-1']);
  });

  const stalls: [string, (req: IncomingMessage, res: ServerResponse) => void][] = [
    ['no answer comes', () => undefined],
    [
      'the body stops arriving',
      (_req, res) => {
        res.writeHead(200, { 'Content-Length': '100' });
        res.write('{"_embedded":');
      },
    ],
  ];

  it.each(stalls)(
    'aborts an exchange that outlives its signal when %s, and closes the connection',
    async (_case, answer) => {
      // Prepare
      const { url, seen } = await serve(answer);
      const send = createNodeHttpFetch();

      // Act
      const failure = await send(`${url}/events`, init({ signal: AbortSignal.timeout(50) })).catch(
        (error: unknown) => error,
      );

      // Assess
      expect(failure).toMatchObject({ name: 'AbortError' });
      await until(() => seen[0]?.closedEarly === true);
    },
  );

  it('keeps the connection alive from one request to the next', async () => {
    // Prepare
    const sockets: unknown[] = [];
    const { url } = await serve((req, res) => {
      sockets.push(req.socket);
      res.writeHead(200).end('{}');
    });
    const send = createNodeHttpFetch();

    // Act
    await send(`${url}/token`, init({ method: 'POST', body: 'grant_type=client_credentials' }));
    await send(`${url}/events`, init());

    // Assess
    expect(sockets).toHaveLength(2);
    expect(sockets[1]).toBe(sockets[0]);
  });

  it('opens a new connection once the last one was idle longer than idleMs', async () => {
    // Prepare
    const sockets: unknown[] = [];
    const { url } = await serve((req, res) => {
      sockets.push(req.socket);
      res.writeHead(200).end('{}');
    });
    const send = createNodeHttpFetch(dwollaHttpHandler(50));

    // Act
    await send(`${url}/events`, init());
    await new Promise((resolve) => setTimeout(resolve, 150));
    await send(`${url}/events`, init());

    // Assess
    expect(sockets).toHaveLength(2);
    expect(sockets[1]).not.toBe(sockets[0]);
  });
});

describe('Function: createDwollaTransport (default sender)', () => {
  it('turns a body that never completes into a DwollaNetworkError after every attempt', async () => {
    // Prepare
    const { url, seen } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('{');
    });
    const transport = createDwollaTransport({
      policy: resolveRetryPolicy({
        maxAttempts: 2,
        baseDelayMs: 1,
        maxDelayMs: 2,
        attemptTimeoutMs: 50,
      }),
    });

    // Act
    const failure = await transport
      .send({ method: 'GET', url: `${url}/events`, path: '/events', headers: {}, repeatable: true })
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(DwollaNetworkError);
    expect(failure).toMatchObject({ attempts: 2 });
    expect(seen).toHaveLength(2);
    await until(() => seen.every((request) => request.closedEarly));
  });
});

describe('Module: shared/dwolla (default clients)', () => {
  it('makes a token grant and a resource call without loading undici (the fetch global)', async () => {
    // Prepare
    const probe = fileURLToPath(new URL('./support/dwolla-undici-probe.ts', import.meta.url));

    // Act
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', probe]);

    // Assess
    expect(JSON.parse(stdout)).toEqual([]);
  });
});
