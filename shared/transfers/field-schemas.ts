import * as z from 'zod/mini';
import '../validation/english.js';

/**
 * The field rules of a `POST /transfers` body and of the `Idempotency-Key` header, each from
 * https://developers.dwolla.com/api-reference/transfers/initiate; `transferRequestSchema`
 * assembles them.
 */

/**
 * Dwolla resource ids are UUIDs (https://developers.dwolla.com/api-reference, every example);
 * accepted in any letter case because Dwolla itself prints them both ways.
 */
export const ID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/**
 * https://developers.dwolla.com/api-reference/transfers/initiate: under 255 characters, only `a-z
 * A-Z 0-9 - . _`.
 */
const CORRELATION_ID = /^[A-Za-z0-9._-]{1,254}$/;

/**
 * A positive amount with at most two decimals, as a string
 * (https://developers.dwolla.com/api-reference/transfers/initiate ("Amount JSON object")).
 */
const AMOUNT_VALUE = /^(0|[1-9]\d*)(\.\d{1,2})?$/;

/** Printable ASCII without spaces, 1–255 characters; a UUID is what Dwolla recommends. */
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;

/**
 * https://developers.dwolla.com/api-reference/transfers/initiate: metadata has at most 10 pairs,
 * each part under 255.
 */
const METADATA_MAX_PAIRS = 10;
const METADATA_MAX_LENGTH = 254;

/** `text` matched literally inside a `RegExp`. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A string that says which field is missing or not a string. */
export function requiredString(what: string) {
  return z.string({
    error: (issue) =>
      issue.input === undefined ? `${what} is required.` : `${what} must be a string.`,
  });
}

/**
 * The `correlationId` rule of https://developers.dwolla.com/api-reference/transfers/initiate,
 * shared by create and search.
 *
 * @example
 * ```ts
 * correlationIdSchema.safeParse('order-42').success; // true
 * ```
 */
export const correlationIdSchema = requiredString('correlationId').check(
  z.regex(CORRELATION_ID, {
    error: 'correlationId must be 1–254 characters of a-z, A-Z, 0-9, "-", "." or "_".',
  }),
);

/**
 * The `Idempotency-Key` header rule: 1–255 printable ASCII characters, no spaces.
 *
 * @example
 * ```ts
 * idempotencyKeySchema.safeParse('d2adcbab-4e4e-430b-9181-ac9346be723a').success; // true
 * ```
 */
export const idempotencyKeySchema = z.string().check(
  z.regex(IDEMPOTENCY_KEY, {
    error: 'Idempotency-Key must be 1–255 printable ASCII characters without spaces.',
  }),
);

/** Dwolla's amount object: a positive USD decimal string, at most 2 decimals. */
export function amountSchema(what: string) {
  return z.strictObject(
    {
      value: requiredString(`${what} value`).check(
        z.refine((value: string) => AMOUNT_VALUE.test(value) && Number(value) > 0, {
          error: `${what} value must be a positive decimal string with at most 2 decimals, e.g. "10.00".`,
        }),
      ),
      currency: requiredString(`${what} currency`).check(
        z.refine((value: string) => value === 'USD', {
          error: `${what} currency must be "USD".`,
        }),
      ),
    },
    { error: (issue) => (issue.input === undefined ? `${what} is required.` : undefined) },
  );
}

/** A HAL link whose `href` matches `pattern`. */
export function hrefSchema(pattern: RegExp, description: string) {
  return z.strictObject(
    {
      href: requiredString('href').check(
        z.regex(pattern, { error: `href must be ${description}.` }),
      ),
    },
    { error: (issue) => (issue.input === undefined ? 'A link is required.' : undefined) },
  );
}

/** Dwolla's metadata: at most 10 string pairs, each part under 255 characters. */
export const metadataSchema = z.record(z.string(), z.unknown()).check(
  z.superRefine((metadata: Record<string, unknown>, ctx) => {
    const entries = Object.entries(metadata);
    if (entries.length > METADATA_MAX_PAIRS) {
      ctx.addIssue({
        code: 'custom',
        message: `metadata may hold at most ${METADATA_MAX_PAIRS} key-value pairs.`,
      });
    }
    for (const [key, value] of entries) {
      if (key.length === 0 || key.length > METADATA_MAX_LENGTH) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `metadata keys must be 1–${METADATA_MAX_LENGTH} characters.`,
        });
      }
      if (typeof value !== 'string' || value.length > METADATA_MAX_LENGTH) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `metadata values must be strings of at most ${METADATA_MAX_LENGTH} characters.`,
        });
      }
    }
  }),
) as unknown as z.ZodMiniType<Record<string, string>>;
