/** Reading a gateway request's headers and writing its JSON answers, for the gateway and its receiver. */

import type { ServerResponse } from 'node:http';
import type { GatewayRequest, GatewayResponse } from './gateway-events.js';

/**
 * A JSON answer, as API Gateway and the local controls give it.
 *
 * @example
 * ```ts
 * jsonResponse(401, { message: 'Unauthorized' });
 * ```
 */
export function jsonResponse(status: number, body: unknown): GatewayResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(body), 'utf8'),
  };
}

/**
 * Writes an answer to the Node response, with its `content-length`.
 *
 * @example
 * ```ts
 * writeResponse(response, jsonResponse(200, { ok: true }));
 * ```
 */
export function writeResponse(response: ServerResponse, result: GatewayResponse): void {
  response.writeHead(result.status, {
    ...result.headers,
    'content-length': String(result.body.length),
  });
  response.end(result.body);
}

/**
 * A request header's value, repeated values joined by commas; `undefined` when absent.
 *
 * @example
 * ```ts
 * headerValue(request, 'x-api-key');
 * ```
 */
export function headerValue(request: GatewayRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
