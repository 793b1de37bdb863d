import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryTransportError } from '../../shared/notifications/errors.js';
import { NodeHttpSender } from '../../shared/notifications/node-http-sender.js';

describe('Class: NodeHttpSender', () => {
  let server: Server;
  let base: string;
  const seen: Array<{ path: string; headers: Record<string, unknown>; body: string }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        seen.push({ path: request.url ?? '', headers: request.headers, body });
        if (request.url === '/redirect') {
          response.writeHead(302, { location: '/elsewhere' }).end();
        } else if (request.url === '/slow') {
          setTimeout(() => response.writeHead(204).end(), 1_000);
        } else {
          response.writeHead(204).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('POSTs the body and headers and answers the status', async () => {
    // Act
    const answer = await new NodeHttpSender({ allowLoopback: true }).post(
      `${base}/hooks`,
      '{"a":1}',
      { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
      1_000,
    );

    // Assess
    expect(answer).toEqual({ status: 204 });
    expect(seen.at(-1)).toMatchObject({
      path: '/hooks',
      body: '{"a":1}',
      headers: { 'webhook-id': 'msg_1', 'content-length': '7' },
    });
  });

  it('answers a redirect as it is, without following it', async () => {
    // Act
    const before = seen.length;
    const answer = await new NodeHttpSender({ allowLoopback: true }).post(
      `${base}/redirect`,
      '{}',
      {},
      1_000,
    );

    // Assess
    expect(answer).toEqual({ status: 302 });
    expect(seen.slice(before).map((request) => request.path)).toEqual(['/redirect']);
  });

  it('gives up when no answer comes within the timeout', async () => {
    // Act
    const post = new NodeHttpSender({ allowLoopback: true }).post(`${base}/slow`, '{}', {}, 100);

    // Assess
    await expect(post).rejects.toBeInstanceOf(DeliveryTransportError);
  });

  it('deployed, refuses to connect to a host that resolves to a loopback address', async () => {
    // Prepare: `localhost` goes through the DNS lookup (an IP literal was refused at registration).
    const url = base.replace('127.0.0.1', 'localhost');
    const before = seen.length;

    // Act
    const post = new NodeHttpSender({ allowLoopback: false }).post(url, '{}', {}, 1_000);

    // Assess
    await expect(post).rejects.toThrow(/resolves to no public address/);
    expect(seen.length).toBe(before);
  });
});
