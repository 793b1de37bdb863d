/**
 * HTTP handling of the simulator: each request goes to Dwolla's paths (`dwolla-routes.ts`,
 * `webhook-routes.ts`) or to the `/__sim/...` controls that drive a running stack from outside,
 * after the route's token check and, on enrichment GETs, the chaos of failed answers.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '../http-json.js';
import { simControls } from './controls.js';
import type { SimulatorCore } from './core.js';
import { dwollaRoutes } from './dwolla-routes.js';
import { DwollaSimError, SimulatorError } from './errors.js';
import { HAL_JSON } from './hal.js';
import { header, type Reply, type Route } from './routing.js';

const MAX_BODY_BYTES = 1_048_576;

/**
 * The `request` listener of the simulator's HTTP server.
 *
 * @example
 * ```ts
 * server.on('request', createRequestListener(core));
 * ```
 */
export function createRequestListener(core: SimulatorCore) {
  const routes = [...dwollaRoutes(core), ...simControls(core)];
  return function onRequest(req: IncomingMessage, res: ServerResponse): void {
    void handle(core, routes, req, res);
  };
}

async function handle(
  core: SimulatorCore,
  routes: readonly Route[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', core.urls.base);
  const path = url.pathname.replace(/\/+$/, '') || '/';
  let reply: Reply;
  try {
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (!raw) throw new DwollaSimError(413, 'BadRequest', 'Request body too large.');
    const body = raw.toString('utf8');
    reply = await dispatch(core, routes, req, path, url.searchParams, body);
  } catch (error) {
    reply = errorReply(error);
  }
  if (!path.startsWith('/__sim')) {
    core.requests.push({ method: req.method ?? 'GET', path, status: reply.status });
  }
  write(res, reply);
}

async function dispatch(
  core: SimulatorCore,
  routes: readonly Route[],
  req: IncomingMessage,
  path: string,
  query: URLSearchParams,
  body: string,
): Promise<Reply> {
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (route.method !== req.method) continue;
    const principal = route.auth === 'none' ? undefined : core.tokens.authenticate(bearer(req));
    if (route.auth === 'account' && principal?.kind !== 'account') {
      throw new DwollaSimError(403, 'Forbidden', 'This endpoint requires an account access token.');
    }
    if (route.auth === 'app' && principal?.kind !== 'app') {
      throw new DwollaSimError(
        403,
        'Forbidden',
        'This endpoint requires an application access token.',
      );
    }
    if (route.enrichment) chaosFailure(core);
    return route.handle({
      params: match.slice(1).map((part) => decodeURIComponent(part)),
      query,
      body,
      headers: req.headers,
      principal,
      accountId: principal?.kind === 'account' ? principal.accountId : '',
    });
  }
  if (pathMatched) throw new DwollaSimError(405, 'MethodNotAllowed', 'Method not allowed.');
  throw new DwollaSimError(404, 'NotFound', 'The requested resource was not found.');
}

/**
 * Chaos: enrichment GETs answer 429 or 500 at `failRate`
 * (https://developers.dwolla.com/api-reference).
 */
function chaosFailure(core: SimulatorCore): void {
  const status = core.enrichmentFaults.next();
  if (status === 429) {
    throw new DwollaSimError(429, 'TooManyRequests', 'Too many requests. Retry later.');
  }
  if (status === 500) throw new DwollaSimError(500, 'ServerError', 'A server error occurred.');
}

function bearer(req: IncomingMessage): string | undefined {
  const value = header(req.headers.authorization);
  return value?.startsWith('Bearer ') ? value.slice(7).trim() : undefined;
}

function errorReply(error: unknown): Reply {
  if (error instanceof SimulatorError) {
    return { status: error.statusCode, json: error.toBody() };
  }
  return { status: 500, json: { code: 'ServerError', message: 'A server error occurred.' } };
}

function write(res: ServerResponse, reply: Reply): void {
  if ('body' in reply) {
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
    return;
  }
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  if (reply.json === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  sendJson(res, reply.status, reply.json, {
    ...headers,
    'content-type': `${HAL_JSON}; charset=UTF-8`,
  });
}
