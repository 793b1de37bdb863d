import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayRequestAuthorizerEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../shared/api-keys/index.js';

const ddb = mockClient(DynamoDBDocumentClient);
let handler: (event: APIGatewayRequestAuthorizerEventV2, context: Context) => Promise<unknown>;

function authorizerEvent(headers: Record<string, string>): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:us-east-1:000000000000:api/$default/GET/accounts/{accountId}',
    identitySource: [headers['x-api-key'] ?? ''],
    routeKey: 'GET /accounts/{accountId}',
    rawPath: '/accounts/a',
    rawQueryString: '',
    headers,
  } as unknown as APIGatewayRequestAuthorizerEventV2;
}

describe('Function: api-key-authorizer', () => {
  beforeAll(async () => {
    process.env.TABLE_NAME = 'app-table';
    process.env.AWS_REGION = 'us-east-1';
    ({ handler } = await import('../../functions/api-key-authorizer.js'));
  });

  beforeEach(() => {
    ddb.reset();
  });

  it('answers a simple response carrying the key’s tenant, id, name and scopes', async () => {
    // Prepare
    const key = 'dsk_the-valid-key';
    ddb.on(GetCommand).resolves({
      Item: {
        keyHash: hashApiKey(key),
        keyId: 'key_0123456789abcdef0123',
        name: 'ci',
        tenantId: 'acme',
        scopes: ['accounts:read', 'transfers:read'],
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    });

    // Act
    const result = await handler(authorizerEvent({ 'x-api-key': key }), {} as Context);

    // Assess
    expect(result).toEqual({
      isAuthorized: true,
      context: {
        tenantId: 'acme',
        keyId: 'key_0123456789abcdef0123',
        keyName: 'ci',
        scopes: 'accounts:read transfers:read',
      },
    });
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: 'app-table',
      Key: { pk: `API_KEY#${hashApiKey(key)}`, sk: 'API_KEY' },
    });
  });

  it.each([
    ['a revoked key', 'dsk_revoked', { revokedAt: '2026-01-02T00:00:00.000Z' }],
    ['an expired key', 'dsk_expired', { expiresAt: '2026-01-02T00:00:00.000Z' }],
    ['an unknown key', 'dsk_unknown', undefined],
  ])('answers isAuthorized false for %s', async (_case, key, ended) => {
    // Prepare: the stored key was revoked or expired yesterday, or there is none
    const item = {
      keyHash: hashApiKey(key),
      name: 'ci',
      tenantId: 'acme',
      createdAt: '2026-01-01T00:00:00.000Z',
      ...ended,
    };
    ddb.on(GetCommand).resolves(ended ? { Item: item } : {});

    // Act
    const result = await handler(authorizerEvent({ 'x-api-key': key }), {} as Context);

    // Assess
    expect(result).toEqual({ isAuthorized: false });
  });

  it('answers isAuthorized false without a lookup when the header is missing', async () => {
    // Act
    const result = await handler(authorizerEvent({}), {} as Context);

    // Assess
    expect(result).toEqual({ isAuthorized: false });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });
});
