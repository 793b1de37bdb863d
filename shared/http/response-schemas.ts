import * as z from 'zod/mini';
import type { FieldError } from '../validation/zod-issues.js';

/**
 * The bodies every route can answer with when something is wrong, as JSON Schema sources for
 * the OpenAPI document (`infra/openapi`). Strict objects: a field the handlers add without
 * describing it here fails the integration tests that check answers against the document.
 */

/** One entry of `_embedded.errors`: what was wrong and where (a JSON pointer into the request). */
export const fieldErrorSchema = z.strictObject({
  code: z.string(),
  message: z.string(),
  path: z.string(),
});

/**
 * An error body with a code among `codes` (any code when none are given, as Dwolla's own): Dwolla's error shape
 * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/errors), `_embedded.errors`
 * naming each offending field, and `reason` for a reauthorization.
 *
 * @example
 * ```ts
 * const forbidden = errorBodySchema(['Forbidden']);
 * ```
 */
export function errorBodySchema(codes?: readonly [string, ...string[]]) {
  return z.strictObject({
    code: codes ? z.enum(codes) : z.string(),
    message: z.string(),
    _embedded: z.optional(z.strictObject({ errors: z.array(fieldErrorSchema) })),
    reason: z.optional(z.string()),
  });
}

/** Dwolla's `ValidationError` (400): one `_embedded.errors` entry per offending field. */
export const validationErrorSchema = z.strictObject({
  code: z.literal('ValidationError'),
  message: z.string(),
  _embedded: z.strictObject({ errors: z.array(fieldErrorSchema) }),
});

/** API Gateway's own answers (no key, a refused key, an unknown route): `{ message }`. */
export const gatewayMessageSchema = z.strictObject({ message: z.string() });

/**
 * `T` with its array properties read-only: the shape handlers' types use, so a compile-time
 * check can say "every value the handler builds is a value of the schema".
 */
export type Readable<T> = {
  readonly [K in keyof T]: T[K] extends (infer E)[] ? readonly E[] : T[K];
};

// The handlers build field errors as `FieldError`; the schema must accept every one of them.
const _fieldErrorAgrees: z.output<typeof fieldErrorSchema> = {} as FieldError;
void _fieldErrorAgrees;
