import { NOTIFICATION_TYPES } from '../../shared/notifications/notification.js';
import { IDEMPOTENCY_KEY_PATH } from '../../shared/transfers/request-schema.js';
import { AUTHORIZER, ROUTES, type RouteDefinition, routeKey } from '../definition.js';
import { componentSchemas, notificationComponent } from './components.js';
import { API_KEY_ANSWERS, GATEWAY_ANSWERS } from './operation-parts.js';
import {
  OPERATIONS,
  type OperationDescription,
  type ParameterDescription,
  type ResponseDescription,
} from './operations.js';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function parameter(name: string, where: 'path' | 'query', description: ParameterDescription) {
  return {
    name,
    in: where,
    required: where === 'path' || description.required === true,
    description: description.description,
    schema: {
      type: 'string',
      ...(description.pattern ? { pattern: description.pattern } : {}),
    },
    ...(description.example ? { example: description.example } : {}),
  };
}

function content(response: ResponseDescription): Json | undefined {
  const { body } = response;
  if (body === undefined) return undefined;
  if (body === 'html') return { 'text/html; charset=utf-8': { schema: { type: 'string' } } };
  if (body === 'document') {
    return {
      'application/json': {
        schema: { type: 'object', required: ['openapi', 'info', 'paths'] },
      },
    };
  }
  const schema = body.length === 1 ? ref(body[0]!) : { anyOf: body.map(ref) };
  return {
    'application/json': {
      schema,
      ...(response.example === undefined ? {} : { example: response.example }),
    },
  };
}

function response(description: ResponseDescription): Json {
  const body = content(description);
  return {
    description: description.description,
    ...(description.headers
      ? {
          headers: Object.fromEntries(
            description.headers.map((name) => [name, { $ref: `#/components/headers/${name}` }]),
          ),
        }
      : {}),
    ...(body ? { content: body } : {}),
  };
}

function operation(route: RouteDefinition, described: OperationDescription): Json {
  const answers = {
    ...GATEWAY_ANSWERS,
    ...(route.auth === 'apiKey' ? API_KEY_ANSWERS : {}),
    ...described.responses,
  };
  const parameters = [
    ...Object.entries(described.pathParameters ?? {}).map(([name, p]) =>
      parameter(name, 'path', p),
    ),
    ...Object.entries(described.queryParameters ?? {}).map(([name, p]) =>
      parameter(name, 'query', p),
    ),
    ...(described.idempotencyKey ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
  ];
  const scopes = described.scope ? [described.scope] : [];
  return {
    operationId: described.operationId,
    summary: described.summary,
    description:
      route.auth === 'apiKey'
        ? `${described.description}\n\nNeeds an API key with scope \`${described.scope}\`.`
        : `${described.description}\n\nPublic: no API key.`,
    tags: [described.tag],
    security: route.auth === 'apiKey' ? [{ apiKey: scopes }] : [],
    ...(route.auth === 'apiKey' ? { 'x-scopes': scopes } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(described.requestBody
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref(described.requestBody.schema),
                example: described.requestBody.example,
              },
            },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(answers)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([status, answer]) => [status, response(answer)]),
    ),
  };
}

function notificationWebhook(type: (typeof NOTIFICATION_TYPES)[number]): Json {
  const header = (name: string, description: string, example: string) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: { type: 'string' },
    example,
  });
  return {
    post: {
      operationId: `notify${notificationComponent(type).replace(/Notification$/, '')}`,
      summary: `A transfer leg became ${type.split('.')[1]}`,
      description:
        "Sent to each endpoint subscribed to this type, signed as Standard Webhooks (https://www.standardwebhooks.com/): verify `webhook-signature` with the endpoint's secret over `webhook-id.webhook-timestamp.body`. Delivered at least once, retried with backoff for about 28 hours on a non-2xx answer or a timeout (10 s); deduplicate by `webhook-id`, which stays the same on every retry and replay.",
      tags: ['Notifications'],
      parameters: [
        header(
          'webhook-id',
          'Stable id of this notification (one leg and status).',
          `msg_74c9129b-d14a-e511-80da-0aa34a9b2388_${type.split('.')[1]}`,
        ),
        header('webhook-timestamp', 'Unix seconds of this attempt.', '1767323045'),
        header(
          'webhook-signature',
          'Space-separated `v1,<base64 HMAC-SHA256>` signatures.',
          'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
        ),
      ],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: ref(notificationComponent(type)) } },
      },
      responses: {
        '2XX': { description: 'Received: no retry.' },
        default: { description: 'Not received: retried with backoff.' },
      },
    },
  };
}

/**
 * The OpenAPI 3.1 document of the API, built from the route table of `infra/definition.ts`, the
 * operation descriptions keyed by its routes and the zod schemas the handlers use. Deterministic:
 * the same code gives the same document (`npm run openapi` writes it to `openapi.json`).
 *
 * @example
 * ```ts
 * const document = openApiDocument();
 * document.paths['/transfers'].post.operationId; // 'createTransfer'
 * ```
 */
export function openApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const route of ROUTES as readonly RouteDefinition[]) {
    const described = OPERATIONS[routeKey(route) as keyof typeof OPERATIONS];
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route, described);
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'dwolla-serverless',
      version: '1.0.0',
      summary: 'Connect Dwolla accounts, initiate transfers, follow transfer chains.',
      description:
        "Apps connect their users' Dwolla accounts through OAuth, initiate transfers and read the transfer chains Dwolla's webhooks build, each app (tenant) with its own API keys and scopes. Errors follow Dwolla's shape: `code`, `message` and, for a `ValidationError`, `_embedded.errors[]` with the JSON pointer `path` of each offending field. Transfer status changes are sent to the app's endpoints (see `webhooks`).",
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/', description: 'The API this document is served by.' }],
    tags: [
      { name: 'Accounts', description: 'Connecting Dwolla accounts through OAuth.' },
      { name: 'Transfers', description: 'Initiating, reading and cancelling transfers.' },
      { name: 'Webhook endpoints', description: 'Where the app receives notifications.' },
      { name: 'Notifications', description: 'What the app receives (outbound webhooks).' },
      { name: 'Dwolla', description: 'Routes only Dwolla calls.' },
      { name: 'System', description: 'Liveness and this document.' },
    ],
    paths,
    webhooks: Object.fromEntries(
      NOTIFICATION_TYPES.map((type) => [type, notificationWebhook(type)]),
    ),
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: AUTHORIZER.identityHeader,
          description:
            "An API key of the app's tenant (`npm run apikey`); each operation names the scope it needs in `x-scopes`: accounts:read, accounts:write, transfers:read, transfers:write, webhooks:manage.",
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: `Makes the request safe to retry for 24 hours (https://developers.dwolla.com/docs/api-reference/api-fundamentals/idempotency-key): 1–255 printable ASCII characters, a UUID recommended. Generated when absent; an invalid one is a \`ValidationError\` at \`${IDEMPOTENCY_KEY_PATH}\`.`,
          schema: { type: 'string', pattern: '^[\\x21-\\x7E]{1,255}$' },
          example: 'd2adcbab-4e4e-430b-9181-ac9346be723a',
        },
      },
      headers: {
        'Retry-After': {
          description: 'Seconds to wait before retrying.',
          schema: { type: 'string', pattern: '^[0-9]+$' },
        },
        'Idempotency-Key': {
          description:
            'The key the transfer was created under (the generated one when none was sent).',
          schema: { type: 'string' },
        },
        Location: { description: 'Where the browser goes next.', schema: { type: 'string' } },
      },
    },
  };
}
