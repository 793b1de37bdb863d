import { createServer } from 'node:http';
import {
  AUTHORIZER,
  type FunctionName,
  ROUTES,
  type RouteDefinition,
} from '../../infra/definition.js';
import { AuthorizerCache } from './authorizer-cache.js';
import { headerValue, jsonResponse, writeResponse } from './gateway-answers.js';
import {
  type CompiledRoute,
  compileRoute,
  fromProxyResultV2,
  type GatewayRequest,
  type GatewayResponse,
  toAuthorizerEventV2,
  toProxyEventV2,
} from './gateway-events.js';
import { listen, readBody } from './http-json.js';
import type { LambdaRuntime } from './lambda-runtime.js';
import { createNotificationReceiver } from './notification-receiver.js';
import type { LocalPage } from './pages/index.js';
import type { LocalStackInfo } from './stack-file.js';

/** What the gateway needs from the rest of the stack once it is up. */
export interface GatewayBackend {
  readonly runtime: LambdaRuntime;
  readonly stack: LocalStackInfo;
  readonly pages: readonly LocalPage[];
  /** Runs a scheduled job once; resolves with the function's result. */
  runJob(name: string): Promise<unknown>;
  /** Resolves `true` once queues are empty and no function runs (`false` on timeout). */
  waitForIdle(timeoutMs: number): Promise<boolean>;
  readonly jobNames: readonly string[];
  readonly log: (line: string) => void;
}

/** The local API gateway. */
export interface LocalGateway {
  readonly url: string;
  readonly port: number;
  /** Starts serving routes; until then every request gets 503. */
  activate(backend: GatewayBackend): void;
  close(): Promise<void>;
}

/** HTTP API's payload limit (10 MB). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const UNAUTHORIZED = { message: 'Unauthorized' } as const;

/**
 * Starts the local API gateway on `host:port` (0 = random): the routes of `infra/definition.ts`
 * turned into payload 2.0 events for the same handler modules Lambda runs, the same authorizer
 * in front of `apiKey` routes, plus local-only pages and `/__local/*` controls (never deployed),
 * which answer only to a `Host` of `127.0.0.1:<port>` or `localhost:<port>` (DNS rebinding).
 *
 * Like API Gateway: a missing `x-api-key` is refused with 401 `{"message":"Unauthorized"}`
 * without invoking the authorizer. An `isAuthorized: false` answer is also a 401 here (a real
 * HTTP API answers 403 `{"message":"Forbidden"}` for it). A throwing function is a 500
 * `{"message":"Internal Server Error"}`; an unknown route is a 404 `{"message":"Not Found"}`.
 *
 * @example
 * ```ts
 * const gateway = await startGateway({ port: 0 });
 * gateway.activate(backend);
 * ```
 */
export async function startGateway(options: {
  port: number;
  host?: string;
  routes?: readonly RouteDefinition[];
  authorizerFunction?: FunctionName;
}): Promise<LocalGateway> {
  const routes: CompiledRoute[] = (options.routes ?? ROUTES).map(compileRoute);
  const cache = new AuthorizerCache(AUTHORIZER.resultsCacheTtlSeconds * 1000);
  const authorizerFunction = options.authorizerFunction ?? 'authorizer';
  let backend: GatewayBackend | undefined;
  const receiver = createNotificationReceiver();

  const invokeRoute = async (
    active: GatewayBackend,
    request: GatewayRequest,
    route: CompiledRoute,
    pathParameters: Record<string, string>,
  ): Promise<GatewayResponse> => {
    let authorizerContext: Record<string, unknown> | undefined;
    if (route.definition.auth === 'apiKey') {
      const value = headerValue(request, AUTHORIZER.identityHeader);
      if (!value) return jsonResponse(401, UNAUTHORIZED);
      let decision = cache.get(value);
      if (!decision) {
        const event = toAuthorizerEventV2(
          request,
          route,
          pathParameters,
          AUTHORIZER.identityHeader,
        );
        try {
          const answer = (await active.runtime.invoke(authorizerFunction, event)) as {
            isAuthorized?: unknown;
            context?: Record<string, unknown>;
          } | null;
          decision = {
            isAuthorized: answer?.isAuthorized === true,
            ...(answer?.context ? { context: answer.context } : {}),
          };
        } catch (error) {
          active.log(`authorizer failed: ${(error as Error).message}`);
          return jsonResponse(500, { message: 'Internal Server Error' });
        }
        cache.set(value, decision);
      }
      if (!decision.isAuthorized) return jsonResponse(401, UNAUTHORIZED);
      authorizerContext = decision.context ?? {};
    }
    const event = toProxyEventV2(request, route, pathParameters, authorizerContext);
    try {
      const result = await active.runtime.invoke(route.definition.function, event);
      return fromProxyResultV2(result);
    } catch (error) {
      active.log(`${route.definition.function} failed: ${(error as Error).stack ?? error}`);
      return jsonResponse(500, { message: 'Internal Server Error' });
    }
  };

  const localControl = async (
    active: GatewayBackend,
    request: GatewayRequest,
    path: string,
  ): Promise<GatewayResponse> => {
    const received = receiver.handle(request, path);
    if (received) return received;
    const job = /^\/__local\/jobs\/([^/]+)$/.exec(path);
    if (job && request.method === 'POST') {
      const name = decodeURIComponent(job[1]!);
      if (!active.jobNames.includes(name)) {
        return jsonResponse(404, { message: `Unknown job "${name}"`, jobs: active.jobNames });
      }
      try {
        const result = await active.runJob(name);
        const idle = await active.waitForIdle(60_000);
        return jsonResponse(200, { job: name, result, drained: idle });
      } catch (error) {
        return jsonResponse(500, { job: name, message: (error as Error).message });
      }
    }
    if (path === '/__local/drain' && request.method === 'POST') {
      const timeoutMs = Number(new URL(request.url, 'http://local').searchParams.get('timeoutMs'));
      const idle = await active.waitForIdle(timeoutMs > 0 ? timeoutMs : 30_000);
      return jsonResponse(idle ? 200 : 504, { idle });
    }
    if (path === '/__local/invocations' && request.method === 'GET') {
      return jsonResponse(200, active.runtime.invocationCounts());
    }
    if (path === '/__local/stack' && request.method === 'GET') {
      return jsonResponse(200, active.stack);
    }
    return jsonResponse(404, { message: 'Not Found' });
  };

  let localHosts: ReadonlySet<string> = new Set();
  /**
   * The local-only pages and controls answer only to a `Host` naming this gateway on the
   * loopback interface: a page of another site that a DNS rebinding pointed at 127.0.0.1 sends
   * its own host name, and gets nothing.
   */
  const isLocalHost = (request: GatewayRequest): boolean => {
    const host = request.headers.host;
    return typeof host === 'string' && localHosts.has(host.toLowerCase());
  };
  const notLocal = () =>
    jsonResponse(403, {
      message: 'Forbidden: local-only, use http://127.0.0.1 or http://localhost',
    });

  const handle = async (request: GatewayRequest): Promise<GatewayResponse> => {
    const active = backend;
    if (!active) return jsonResponse(503, { message: 'Service Unavailable' });
    const path = request.url.split('?')[0]!;
    if (path.startsWith('/__local/')) {
      return isLocalHost(request) ? localControl(active, request, path) : notLocal();
    }
    for (const route of routes) {
      const parameters = route.match(path);
      if (!parameters) continue;
      if (route.definition.method !== request.method) continue;
      return invokeRoute(active, request, route, parameters);
    }
    const page = request.method === 'GET' && active.pages.find((entry) => entry.path === path);
    if (page && !isLocalHost(request)) return notLocal();
    if (page) {
      const query = new URL(request.url, 'http://local').searchParams;
      const rendered = await page.render({ stack: active.stack, query });
      return {
        status: rendered.status,
        headers: { 'content-type': rendered.contentType, 'cache-control': 'no-store' },
        body: Buffer.from(rendered.body, 'utf8'),
      };
    }
    // HTTP APIs answer 404 for an unknown method on a known path as for an unknown path.
    return jsonResponse(404, { message: 'Not Found' });
  };

  const server = createServer(async (incoming, response) => {
    try {
      const body = await readBody(incoming, MAX_BODY_BYTES);
      if (!body) {
        writeResponse(response, jsonResponse(413, { message: 'Request Entity Too Large' }));
        return;
      }
      const result = await handle({
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: incoming.headers,
        body,
        sourceIp: incoming.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      });
      writeResponse(response, result);
    } catch (error) {
      backend?.log(`gateway error: ${(error as Error).stack ?? error}`);
      if (!response.headersSent)
        writeResponse(response, jsonResponse(500, { message: 'Internal Server Error' }));
    }
  });
  const host = options.host ?? '127.0.0.1';
  const { port, close } = await listen(server, options.port, host);
  localHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `http://${host}:${port}`,
    port,
    activate(active) {
      backend = active;
    },
    close,
  };
}
