import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  APIGatewayRequestAuthorizerEventV2,
} from 'aws-lambda';
import type { RouteDefinition } from '../../infra/definition.js';

/** A compiled route: the definition plus a matcher for its `{param}` path. */
export interface CompiledRoute {
  readonly definition: RouteDefinition;
  readonly routeKey: string;
  match(path: string): Record<string, string> | undefined;
}

/**
 * Compiles an API Gateway route path (`/transfers/{id}/cancel`, `{proxy+}`) into a matcher.
 *
 * @example
 * ```ts
 * compileRoute(route).match('/transfers/abc'); // { id: 'abc' }
 * ```
 */
export function compileRoute(definition: RouteDefinition): CompiledRoute {
  const names: string[] = [];
  const pattern = definition.path
    .split('/')
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)(\+)?\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]!);
      return param[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  const regex = new RegExp(`^${pattern}$`);
  return {
    definition,
    routeKey: `${definition.method} ${definition.path}`,
    match(path) {
      const found = regex.exec(path);
      if (!found) return undefined;
      return Object.fromEntries(
        names.map((name, index) => [name, decodeURIComponent(found[index + 1]!)]),
      );
    },
  };
}

/**
 * Whether API Gateway hands a body over as text. HTTP APIs base64-encode every body whose
 * content type is not text (JSON, XML, JavaScript, `text/*`); a body without a content type is
 * treated as binary too.
 *
 * @example
 * ```ts
 * isTextContentType('application/json; charset=utf-8'); // true
 * ```
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type.endsWith('+xml') ||
    type === 'application/javascript'
  );
}

/** The parts of an HTTP request the event builders need. */
export interface GatewayRequest {
  readonly method: string;
  /** Path and query as received, e.g. `/transfers?correlationId=a`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
}

/** Headers lower-cased, repeated values joined by commas, cookies left out (payload 2.0). */
function eventHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'cookie') continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return result;
}

function queryParameters(search: URLSearchParams): Record<string, string> | undefined {
  const result: Record<string, string> = {};
  for (const key of new Set(search.keys())) result[key] = search.getAll(key).join(',');
  return Object.keys(result).length > 0 ? result : undefined;
}

function requestContext(request: GatewayRequest, path: string, routeKey: string) {
  const now = new Date();
  const host = String(request.headers.host ?? 'localhost');
  return {
    accountId: '000000000000',
    apiId: 'local',
    domainName: host,
    domainPrefix: host.split('.')[0] ?? host,
    http: {
      method: request.method,
      path,
      protocol: 'HTTP/1.1',
      sourceIp: request.sourceIp,
      userAgent: String(request.headers['user-agent'] ?? ''),
    },
    requestId: randomUUID(),
    routeKey,
    stage: '$default',
    time: now.toUTCString(),
    timeEpoch: now.getTime(),
  };
}

function splitUrl(url: string): { path: string; rawQueryString: string } {
  const index = url.indexOf('?');
  return index < 0
    ? { path: url, rawQueryString: '' }
    : { path: url.slice(0, index), rawQueryString: url.slice(index + 1) };
}

/**
 * The API Gateway HTTP API payload 2.0 event for a request: lower-cased headers, cookies,
 * query string, path parameters, and the raw body byte for byte (base64 when not text).
 *
 * @example
 * ```ts
 * const event = toProxyEventV2(request, route, { id: 'abc' }, { tenantId: 'default', keyId: 'key_…', keyName: 'local', scopes: 'accounts:read …' });
 * ```
 */
export function toProxyEventV2(
  request: GatewayRequest,
  route: CompiledRoute,
  pathParameters: Record<string, string>,
  authorizerContext?: Record<string, unknown>,
): APIGatewayProxyEventV2 {
  const { path, rawQueryString } = splitUrl(request.url);
  const headers = eventHeaders(request.headers);
  const cookieHeader = request.headers.cookie;
  const cookies = cookieHeader ? cookieHeader.split(/;\s*/).filter(Boolean) : undefined;
  const query = queryParameters(new URLSearchParams(rawQueryString));
  const hasBody = request.body.length > 0;
  const isBase64Encoded = hasBody && !isTextContentType(headers['content-type']);
  const event = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: path,
    rawQueryString,
    headers,
    requestContext: {
      ...requestContext(request, path, route.routeKey),
      ...(authorizerContext ? { authorizer: { lambda: authorizerContext } } : {}),
    },
    isBase64Encoded,
    ...(cookies ? { cookies } : {}),
    ...(query ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    ...(hasBody
      ? { body: isBase64Encoded ? request.body.toString('base64') : request.body.toString('utf8') }
      : {}),
  };
  return event as APIGatewayProxyEventV2;
}

/**
 * The payload 2.0 REQUEST authorizer event API Gateway sends before an `apiKey` route.
 *
 * @example
 * ```ts
 * const event = toAuthorizerEventV2(request, route, {}, 'x-api-key');
 * ```
 */
export function toAuthorizerEventV2(
  request: GatewayRequest,
  route: CompiledRoute,
  pathParameters: Record<string, string>,
  identityHeader: string,
): APIGatewayRequestAuthorizerEventV2 {
  const { path, rawQueryString } = splitUrl(request.url);
  const headers = eventHeaders(request.headers);
  const query = queryParameters(new URLSearchParams(rawQueryString));
  const cookieHeader = request.headers.cookie;
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:us-east-1:000000000000:local/$default/${route.definition.method}${route.definition.path}`,
    identitySource: [headers[identityHeader] ?? ''],
    routeKey: route.routeKey,
    rawPath: path,
    rawQueryString,
    cookies: cookieHeader ? cookieHeader.split(/;\s*/).filter(Boolean) : [],
    headers,
    queryStringParameters: query ?? {},
    requestContext: requestContext(request, path, route.routeKey),
    pathParameters,
    stageVariables: {},
  } as APIGatewayRequestAuthorizerEventV2;
}

/** An HTTP response ready to write. */
export interface GatewayResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

/**
 * Turns a handler's result into the HTTP response API Gateway would send (payload 2.0 format
 * rules: a result without `statusCode` is a 200 JSON body; `isBase64Encoded` bodies are decoded;
 * `cookies` become `set-cookie` headers).
 *
 * @example
 * ```ts
 * fromProxyResultV2({ statusCode: 201, body: '{}' }).status; // 201
 * ```
 */
export function fromProxyResultV2(result: unknown): GatewayResponse {
  const structured =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : undefined;
  if (!structured) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(body, 'utf8'),
    };
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) {
    headers[name.toLowerCase()] = String(value);
  }
  if (structured.cookies && structured.cookies.length > 0)
    headers['set-cookie'] = structured.cookies;
  const raw = structured.body ?? '';
  return {
    status: structured.statusCode ?? 200,
    headers,
    body: structured.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8'),
  };
}
