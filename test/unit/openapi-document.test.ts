import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '../../infra/definition.js';
import { COMPONENT_SCHEMAS } from '../../infra/openapi/components.js';
import { openApiDocument } from '../../infra/openapi/document.js';
import { OPERATIONS } from '../../infra/openapi/operations.js';
import type { TransferLegItem } from '../../shared/adapters/dynamodb/table-design.js';
import {
  NOTIFICATION_TYPES,
  notificationsForChange,
} from '../../shared/notifications/notification.js';
import { checkedInDocument, openApiChecker } from '../integration/support/openapi-document.js';

// biome-ignore lint/suspicious/noExplicitAny: the test walks a JSON document of any shape
type Json = Record<string, any>;

describe('Document: openapi.json', () => {
  it('is the document the code generates (run `npm run openapi` after changing a route or schema)', () => {
    // Act
    const generated = openApiDocument();

    // Assess
    expect(checkedInDocument()).toEqual(generated);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    // Prepare
    const validator = new Validator();

    // Act
    const result = await validator.validate(openApiDocument());

    // Assess
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every route once, and nothing else', () => {
    // Prepare
    const document = openApiDocument() as Json;

    // Act
    const documented = Object.entries(document.paths as Json).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );

    // Assess
    expect(documented.sort()).toEqual(ROUTES.map(routeKey).sort());
    expect(Object.keys(OPERATIONS).sort()).toEqual(ROUTES.map(routeKey).sort());
    const ids = Object.values(OPERATIONS).map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names the scope of every route behind the API key, and no key for public routes', () => {
    // Prepare
    const document = openApiDocument() as Json;

    for (const route of ROUTES) {
      // Act
      const operation = document.paths[route.path][route.method.toLowerCase()];

      // Assess
      if (route.auth === 'apiKey') {
        const scope = OPERATIONS[routeKey(route)].scope;
        expect(scope, routeKey(route)).toBeDefined();
        expect(operation.security).toEqual([{ apiKey: [scope] }]);
        expect(operation['x-scopes']).toEqual([scope]);
        expect(operation.description).toContain(`scope \`${scope}\``);
        expect(Object.keys(operation.responses)).toEqual(
          expect.arrayContaining(['401', '403', '429', '500']),
        );
      } else {
        expect(operation.security).toEqual([]);
      }
    }
  });

  it('describes the Idempotency-Key header, its answers and the 503 with Retry-After on POST /transfers', () => {
    // Prepare
    const operation = (openApiDocument() as Json).paths['/transfers'].post;

    // Assess
    expect(operation.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
    expect(Object.keys(operation.responses)).toEqual([
      '201',
      '400',
      '401',
      '403',
      '404',
      '409',
      '422',
      '429',
      '500',
      '503',
    ]);
    expect(operation.responses['503'].headers).toHaveProperty('Retry-After');
    expect(operation.responses['409'].headers).toHaveProperty('Retry-After');
    expect(operation.responses['201'].headers).toHaveProperty('Idempotency-Key');
  });

  it('describes every notification type as a webhook with its Standard Webhooks headers', () => {
    // Prepare
    const document = openApiDocument() as Json;

    // Assess
    expect(Object.keys(document.webhooks)).toEqual([...NOTIFICATION_TYPES]);
    for (const type of NOTIFICATION_TYPES) {
      const names = document.webhooks[type].post.parameters.map((p: Json) => p.name);
      expect(names).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
    }
  });

  it('describes the notification bodies the outbox builds, for every status', () => {
    // Prepare
    const checker = openApiChecker(checkedInDocument());
    const item = {
      pk: 'RESOURCE#74c9129b-d14a-e511-80da-0aa34a9b2388',
      sk: 'TRANSFER',
      id: '74c9129b-d14a-e511-80da-0aa34a9b2388',
      statusRank: 0,
      amountValue: '5.00',
      amountCurrency: 'USD',
      correlationId: 'order-42',
      fundingTransferId: 'b5e2e2c3-0000-4000-8000-000000000001',
      failureCode: 'R01',
      failureDescription: 'Insufficient Funds',
      updatedAt: '2026-03-01T10:00:00.000Z',
      tenantId: 'acme',
    };
    const statuses = ['pending', 'processed', 'failed', 'cancelled', 'reclaimed'] as const;

    for (const status of statuses) {
      // Act
      const [notification] = notificationsForChange(
        { ...item, status: 'pending' } as TransferLegItem,
        { ...item, status } as TransferLegItem,
        '2026-01-01T00:00:00.000Z',
      ).concat(notificationsForChange(undefined, { ...item, status } as TransferLegItem, ''));
      const body = JSON.parse(notification!.body);

      // Assess
      const pointer = `/webhooks/${body.type}/post/requestBody/content/application~1json/schema`;
      expect(checker.validate(pointer, body), status).toBeUndefined();
      expect(checker.validate(pointer, { ...body, extra: 1 }), status).toMatch(/additional/);
    }
  });

  it('has examples that are values of their schemas', () => {
    // Prepare
    const document = openApiDocument() as Json;
    const checker = openApiChecker(checkedInDocument());
    let checked = 0;

    for (const [path, item] of Object.entries(document.paths as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) {
        const request = operation.requestBody?.content['application/json'];
        if (request) {
          // Act
          const pointer = request.schema.$ref.slice(1);
          expect(checker.validate(pointer, request.example), `${method} ${path}`).toBeUndefined();
          checked++;
        }
        for (const [status, response] of Object.entries(operation.responses as Json)) {
          const media = response.content?.['application/json'];
          if (media?.example === undefined) continue;
          expect(
            checker.check(
              method,
              path.replace(/\{[^}]+\}/g, 'x'),
              Number(status),
              'application/json',
              media.example,
            ),
          ).toBeUndefined();
          checked++;
        }
      }
    }

    // Assess
    expect(checked).toBeGreaterThan(25);
  });

  it('refuses an answer with a field or a status it does not document', () => {
    // Prepare
    const checker = openApiChecker(checkedInDocument());

    // Act
    const extraField = checker.check('GET', '/health', 200, 'application/json', {
      status: 'ok',
      uptime: 1,
    });
    const extraStatus = checker.check('GET', '/health', 418, 'application/json', {});
    const wrongCode = checker.check('GET', '/transfers/x', 404, 'application/json', {
      code: 'Gone',
      message: 'x',
    });

    // Assess
    expect(extraField).toMatch(/additional properties/);
    expect(extraStatus).toMatch(/not a documented status/);
    expect(wrongCode).toMatch(/GET \/transfers\/\{id\} 404/);
    expect(
      checker.check('GET', '/health', 200, 'application/json', { status: 'ok' }),
    ).toBeUndefined();
  });

  it('takes its schemas from the zod schemas the handlers use', () => {
    // Assess
    const schemas = (openApiDocument() as Json).components.schemas;
    expect(Object.keys(schemas).sort()).toEqual(Object.keys(COMPONENT_SCHEMAS).sort());
    expect(schemas.TransferRequest.required).toEqual(['accountId', '_links', 'amount']);
    expect(schemas.TransferRequest.additionalProperties).toBe(false);
  });
});
