import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import type { Route } from '../http/route.js';
import '../validation/english.js';
import { parseJsonBody } from '../http/error-handler.js';
import { fieldErrorsFromZod, HttpError, ValidationHttpError } from '../http/errors.js';
import { json } from '../http/responses.js';
import { requireScope } from '../tenancy/principal.js';
import {
  type EndpointsApi,
  MAX_ENDPOINTS_PER_TENANT,
  NOTIFICATION_RETENTION_DAYS,
} from './endpoints.js';
import { EndpointLimitError, EndpointNotFoundError, EndpointUrlError } from './errors.js';
import { NOTIFICATION_TYPES } from './notification.js';

/** Body of `POST /webhook-endpoints`. */
export const createEndpointSchema = z.strictObject({
  url: z.string().check(z.minLength(1), z.maxLength(2048)),
  types: z.optional(
    z
      .array(
        z.enum(NOTIFICATION_TYPES, { error: `Must be one of ${NOTIFICATION_TYPES.join(', ')}.` }),
      )
      .check(z.minLength(1)),
  ),
  description: z.optional(z.string().check(z.maxLength(256))),
});

/** Body of `POST /webhook-endpoints/{id}/replay`. */
export const replayRequestSchema = z.strictObject({
  since: z.iso.datetime({ offset: true, error: 'Must be an ISO-8601 date and time.' }),
});

const notFound = () =>
  new HttpError(404, { code: 'NotFound', message: 'Webhook endpoint not found.' });

/**
 * Maps the endpoints API's errors to HTTP: a refused URL or the endpoint limit is Dwolla's
 * `ValidationError` with the path, an unknown (or another tenant's) endpoint is 404.
 *
 * @example
 * ```ts
 * try { … } catch (error) { throw toHttpError(error); }
 * ```
 */
export function toHttpError(error: unknown): unknown {
  if (error instanceof EndpointUrlError) {
    return new ValidationHttpError([{ code: 'Invalid', message: error.message, path: '/url' }]);
  }
  if (error instanceof EndpointLimitError) {
    return new ValidationHttpError([
      {
        code: 'MaxNumberReached',
        message: `A tenant has at most ${MAX_ENDPOINTS_PER_TENANT} webhook endpoints.`,
        path: '/',
      },
    ]);
  }
  if (error instanceof EndpointNotFoundError) return notFound();
  return error;
}

function parse<T>(schema: z.ZodMiniType<T>, event: APIGatewayProxyEventV2): T {
  const parsed = schema.safeParse(parseJsonBody(event));
  if (!parsed.success) throw new ValidationHttpError(fieldErrorsFromZod(parsed.error));
  return parsed.data;
}

/**
 * The four `webhook-endpoints` routes (scope `webhooks:manage`), dispatched on the route key:
 * `POST /webhook-endpoints` → 201 with the secret (the only time it is shown),
 * `GET /webhook-endpoints` → the caller's endpoints, `DELETE /webhook-endpoints/{id}` → 204,
 * `POST /webhook-endpoints/{id}/replay` `{since}` → 202.
 *
 * @example
 * ```ts
 * export const handler = middy(webhookEndpointsRoute({ api })).use(httpErrorHandler());
 * ```
 */
export function webhookEndpointsRoute(deps: { api: EndpointsApi; now?: () => Date }): Route {
  const now = deps.now ?? (() => new Date());
  return async function webhookEndpoints(event) {
    const { tenantId } = requireScope(event, 'webhooks:manage');
    const endpointId = event.pathParameters?.id ?? '';
    try {
      switch (event.routeKey) {
        case 'POST /webhook-endpoints':
          return json(201, await deps.api.create(tenantId, parse(createEndpointSchema, event)));
        case 'GET /webhook-endpoints':
          return json(200, { endpoints: await deps.api.list(tenantId) });
        case 'DELETE /webhook-endpoints/{id}':
          await deps.api.remove(tenantId, endpointId);
          return { statusCode: 204, body: '' };
        case 'POST /webhook-endpoints/{id}/replay': {
          const since = new Date(parse(replayRequestSchema, event).since);
          const oldest = now().getTime() - NOTIFICATION_RETENTION_DAYS * 86_400_000;
          if (since.getTime() < oldest) {
            throw new ValidationHttpError([
              {
                code: 'Invalid',
                message: `Notifications are kept ${NOTIFICATION_RETENTION_DAYS} days.`,
                path: '/since',
              },
            ]);
          }
          const queued = await deps.api.replay(tenantId, endpointId, since);
          return json(202, { id: endpointId, since: since.toISOString(), queued });
        }
        default:
          throw notFound();
      }
    } catch (error) {
      throw toHttpError(error);
    }
  };
}
