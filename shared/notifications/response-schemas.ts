import * as z from 'zod/mini';
import type { Readable } from '../http/response-schemas.js';
import { legSchema, transferStatusSchema } from '../transfers/response-schemas.js';
import type { CreatedEndpoint, EndpointView } from './endpoints.js';
import { NOTIFICATION_TYPES } from './notification.js';

/**
 * The bodies of the webhook-endpoints routes and of the notifications sent to apps, as JSON
 * Schema sources for the OpenAPI document; the type check at the end keeps them in step with
 * what the handlers return.
 */

/** An endpoint as `GET /webhook-endpoints` lists it (never its secret). */
const endpointViewSchema = z.strictObject({
  id: z.string(),
  url: z.string(),
  types: z.array(z.enum(NOTIFICATION_TYPES)),
  description: z.nullable(z.string()),
  createdAt: z.string(),
});

/** `POST /webhook-endpoints` 201: the one answer that shows the signing secret (`whsec_…`). */
export const createdEndpointSchema = z.extend(endpointViewSchema, { secret: z.string() });

/** `GET /webhook-endpoints` 200. */
export const endpointListSchema = z.strictObject({ endpoints: z.array(endpointViewSchema) });

/** `POST /webhook-endpoints/{id}/replay` 202: how many notifications were queued again. */
export const replayQueuedSchema = z.strictObject({
  id: z.string(),
  since: z.string(),
  queued: z.number().check(z.int(), z.nonnegative()),
});

/**
 * The body of one notification (Standard Webhooks, https://www.standardwebhooks.com/): its type,
 * when the status was stored, and the leg as `GET /transfers/{id}` shows it (without events) with
 * the status before this one (`null` for the first the app hears of).
 */
export function notificationBodySchema(type: (typeof NOTIFICATION_TYPES)[number]) {
  return z.strictObject({
    type: z.literal(type),
    timestamp: z.string(),
    data: z.extend(legSchema, {
      previousStatus: z.nullable(transferStatusSchema),
    }),
  });
}

const _agree: {
  view: Readable<z.output<typeof endpointViewSchema>>;
  created: Readable<z.output<typeof createdEndpointSchema>>;
} = { view: {} as EndpointView, created: {} as CreatedEndpoint };
void _agree;
