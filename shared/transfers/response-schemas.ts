import * as z from 'zod/mini';
import type { TransferLeg } from '../domain/transfer.js';
import type { Readable } from '../http/response-schemas.js';
import type { Leg } from './leg-view.js';
import type { TransferSearchResult } from './read-transfers.js';

/**
 * The bodies of the Transfers API's successful answers, as JSON Schema sources for the OpenAPI
 * document. `CreatedTransfer` and `CancelledTransfer` are derived from their schemas; the type
 * check at the end keeps the others in step with the types the handlers return;
 * strict objects make the integration tests fail on a field the document does not describe.
 */

/** A leg's status (https://developers.dwolla.com/docs/api-reference/transfers). */
export const transferStatusSchema = z.enum([
  'pending',
  'processed',
  'failed',
  'cancelled',
  'reclaimed',
]);

/** Who called: tenant, key id and key name (never the key). */
export const actorSchema = z.strictObject({
  tenantId: z.string(),
  keyId: z.string(),
  keyName: z.string(),
});

/** A leg as the API shows it, without its events (search results, notifications' `data`). */
export const legSchema = z.strictObject({
  id: z.string(),
  status: transferStatusSchema,
  tenantId: z.optional(z.string()),
  amount: z.optional(z.strictObject({ value: z.string(), currency: z.string() })),
  correlationId: z.optional(z.string()),
  created: z.optional(z.string()),
  accountId: z.optional(z.string()),
  links: z.strictObject({
    fundingTransfer: z.optional(z.string()),
    fundedTransfer: z.optional(z.string()),
    billPayment: z.optional(z.string()),
    source: z.optional(z.string()),
    destination: z.optional(z.string()),
  }),
  failure: z.optional(z.strictObject({ code: z.string(), description: z.string() })),
  initiatedBy: z.optional(actorSchema),
  cancelledBy: z.optional(actorSchema),
  cancelledAt: z.optional(z.string()),
});

/** One Dwolla event recorded against a leg. */
const legEventSchema = z.strictObject({
  id: z.string(),
  topic: z.string(),
  created: z.string(),
});

/** `GET /transfers/{id}`: the leg with its events. */
export const transferLegSchema = z.extend(legSchema, { events: z.array(legEventSchema) });

/** `GET /transfers?correlationId=`: the legs of a chain in chain order. */
export const transferSearchResultSchema = z.strictObject({
  correlationId: z.string(),
  total: z.number().check(z.int(), z.nonnegative()),
  transfers: z.array(legSchema),
});

/** `POST /transfers` 201, the same for the first answer and every replay. */
export const createdTransferSchema = z.strictObject({
  id: z.string(),
  status: z.literal('pending'),
  correlationId: z.optional(z.string()),
  location: z.string(),
  idempotencyKey: z.string(),
});

/** `POST /transfers/{id}/cancel` 200. */
export const cancelledTransferSchema = z.strictObject({
  id: z.string(),
  status: z.literal('cancelled'),
});

// Every value the handlers build must be a value of its schema.
const _agree: {
  leg: Readable<z.output<typeof legSchema>>;
  transfer: Readable<z.output<typeof transferLegSchema>>;
  search: Readable<z.output<typeof transferSearchResultSchema>>;
} = {
  leg: {} as Leg,
  transfer: {} as TransferLeg,
  search: {} as TransferSearchResult,
};
void _agree;
