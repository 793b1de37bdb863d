import { describe, expect, it } from 'vitest';
import {
  compileRoute,
  fromProxyResultV2,
  isTextContentType,
  toAuthorizerEventV2,
  toProxyEventV2,
} from '../../infra/local/gateway-events.js';
import { principalFromEvent } from '../../shared/tenancy/principal.js';

const route = compileRoute({
  method: 'POST',
  path: '/transfers/{id}/cancel',
  function: 'transferCancel',
  auth: 'apiKey',
});

function request(body = Buffer.alloc(0), headers: Record<string, string> = {}) {
  return {
    method: 'POST',
    url: '/transfers/t-1/cancel?reason=dup',
    headers: { host: '127.0.0.1:3000', ...headers },
    body,
    sourceIp: '127.0.0.1',
  };
}

describe('Local gateway events', () => {
  it('matches a route path and decodes its parameters', () => {
    // Act
    const matched = route.match('/transfers/a%2Fb/cancel');
    const other = route.match('/transfers/a/b/cancel');

    // Assess
    expect(matched).toEqual({ id: 'a/b' });
    expect(other).toBeUndefined();
  });

  it('treats JSON, XML and text as text and everything else (or nothing) as binary', () => {
    // Assess
    expect(isTextContentType('application/json; charset=utf-8')).toBe(true);
    expect(isTextContentType('application/vnd.dwolla.v1.hal+json')).toBe(true);
    expect(isTextContentType('text/html')).toBe(true);
    expect(isTextContentType('application/octet-stream')).toBe(false);
    expect(isTextContentType('application/x-www-form-urlencoded')).toBe(false);
    expect(isTextContentType(undefined)).toBe(false);
  });

  it('leaves out body and isBase64Encoded stays false when there is no body', () => {
    // Act
    const event = toProxyEventV2(request(), route, { id: 't-1' });

    // Assess
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext.routeKey).toBe('POST /transfers/{id}/cancel');
    expect(event.requestContext.stage).toBe('$default');
  });

  it('passes the authorizer context under requestContext.authorizer.lambda, where routes read the principal', () => {
    // Prepare
    const context = {
      tenantId: 'acme',
      keyId: 'key_0123456789abcdef0123',
      keyName: 'local',
      scopes: 'transfers:read transfers:write',
    };

    // Act
    const event = toProxyEventV2(request(), route, { id: 't-1' }, context);

    // Assess
    expect(
      (event.requestContext as unknown as { authorizer: { lambda: unknown } }).authorizer.lambda,
    ).toEqual(context);
    expect(principalFromEvent(event)).toEqual({
      tenantId: 'acme',
      keyId: 'key_0123456789abcdef0123',
      keyName: 'local',
      scopes: ['transfers:read', 'transfers:write'],
    });
  });

  it('builds the REQUEST authorizer event with the x-api-key value as identity source', () => {
    // Act
    const event = toAuthorizerEventV2(
      request(Buffer.alloc(0), { 'x-api-key': 'k' }),
      route,
      { id: 't-1' },
      'x-api-key',
    );

    // Assess
    expect(event.type).toBe('REQUEST');
    expect(event.identitySource).toEqual(['k']);
    expect(event.routeKey).toBe('POST /transfers/{id}/cancel');
    expect(event.queryStringParameters).toEqual({ reason: 'dup' });
  });

  it('turns a result without statusCode into a 200 JSON response', () => {
    // Act
    const response = fromProxyResultV2({ hello: 'world' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body.toString()).toBe('{"hello":"world"}');
  });

  it('keeps a structured result: status, lower-cased headers, cookies, base64 body', () => {
    // Act
    const response = fromProxyResultV2({
      statusCode: 302,
      headers: { Location: 'https://example.test/' },
      cookies: ['s=1'],
      body: Buffer.from('hi').toString('base64'),
      isBase64Encoded: true,
    });

    // Assess
    expect(response.status).toBe(302);
    expect(response.headers).toEqual({ location: 'https://example.test/', 'set-cookie': ['s=1'] });
    expect(response.body.toString()).toBe('hi');
  });
});
