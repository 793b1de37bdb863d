import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import type { Route } from '../http/route.js';
import '../validation/english.js';
import { parseJsonBody } from '../http/error-handler.js';
import { ValidationHttpError } from '../http/errors.js';
import { json } from '../http/responses.js';
import { requireScope } from '../tenancy/principal.js';
import { fieldErrorsFromZod } from '../validation/zod-issues.js';
import { type EndpointsApi, NOTIFICATION_RETENTION_DAYS } from './endpoints.js';
import { EndpointNotFoundError } from './errors.js';
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

function parse<T>(schema: z.ZodMiniType<T>, event: APIGatewayProxyEventV2): T {
  const parsed = schema.safeParse(parseJsonBody(event), { reportInput: true });
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
 * export const handler = httpHandler(webhookEndpointsRoute({ api }));
 * ```
 */
export function webhookEndpointsRoute(deps: { api: EndpointsApi; now?: () => Date }): Route {
  const now = deps.now ?? (() => new Date());
  return async function webhookEndpoints(event) {
    const { tenantId } = requireScope(event, 'webhooks:manage');
    const endpointId = event.pathParameters?.id ?? '';
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
        throw new EndpointNotFoundError(endpointId);
    }
  };
}
