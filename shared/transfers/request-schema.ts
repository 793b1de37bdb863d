import * as z from 'zod/mini';
import '../validation/english.js';
import { type FieldError, fieldErrorsFromZod } from '../validation/zod-issues.js';
import { TransferValidationError } from './errors.js';

/**
 * Dwolla resource ids are UUIDs (https://developers.dwolla.com/api-reference, every example);
 * accepted in any letter case because Dwolla itself prints them both ways.
 */
const ID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

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

/**
 * Path reported for an invalid `Idempotency-Key` header (API Gateway lower-cases header names).
 *
 * @example
 * ```ts
 * errors.push({ code: 'Invalid', message, path: IDEMPOTENCY_KEY_PATH });
 * ```
 */
export const IDEMPOTENCY_KEY_PATH = '/headers/idempotency-key';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function requiredString(what: string) {
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
const correlationIdSchema = requiredString('correlationId').check(
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
const idempotencyKeySchema = z.string().check(
  z.regex(IDEMPOTENCY_KEY, {
    error: 'Idempotency-Key must be 1–255 printable ASCII characters without spaces.',
  }),
);

function amountSchema(what: string) {
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

function hrefSchema(pattern: RegExp, description: string) {
  return z.strictObject(
    {
      href: requiredString('href').check(
        z.regex(pattern, { error: `href must be ${description}.` }),
      ),
    },
    { error: (issue) => (issue.input === undefined ? 'A link is required.' : undefined) },
  );
}

const metadataSchema = z.record(z.string(), z.unknown()).check(
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

/**
 * Builds the `POST /transfers` body schema for the configured Dwolla API host. It mirrors
 * Dwolla's request (https://developers.dwolla.com/api-reference/transfers/initiate) plus our
 * `accountId`: the source is a funding source of that host; the destination a funding source, an
 * account or a `mailto:` address ("Source and destination types"); fees charge an account
 * ("Facilitator fee").
 *
 * @example
 * ```ts
 * const schema = transferRequestSchema('https://api-sandbox.dwolla.com');
 * const parsed = schema.safeParse(body);
 * ```
 */
export function transferRequestSchema(dwollaApiUrl: string) {
  const base = dwollaApiUrl.replace(/\/+$/, '');
  const host = escapeRegExp(base);
  const fundingSource = new RegExp(`^${host}/funding-sources/${ID}$`);
  const account = new RegExp(`^${host}/accounts/${ID}$`);
  const destination = new RegExp(
    `^(${host}/(funding-sources|accounts)/${ID}|mailto:[^\\s@]+@[^\\s@]+\\.[^\\s@]+)$`,
  );

  return z.strictObject(
    {
      accountId: requiredString('accountId').check(
        z.regex(new RegExp(`^${ID}$`), {
          error: 'accountId must be the id of a connected Dwolla account.',
        }),
      ),
      _links: z.strictObject(
        {
          source: hrefSchema(fundingSource, `a funding source of ${base}`),
          destination: hrefSchema(
            destination,
            `a funding source or account of ${base}, or a mailto: address`,
          ),
        },
        { error: (issue) => (issue.input === undefined ? '_links is required.' : undefined) },
      ),
      amount: amountSchema('amount'),
      correlationId: z.optional(correlationIdSchema),
      metadata: z.optional(metadataSchema),
      fees: z.optional(
        z.array(
          z.strictObject({
            _links: z.strictObject(
              { 'charge-to': hrefSchema(account, `an account of ${base}`) },
              { error: (issue) => (issue.input === undefined ? '_links is required.' : undefined) },
            ),
            amount: amountSchema('fee amount'),
          }),
        ),
      ),
    },
    { error: 'The request body must be a JSON object.' },
  );
}

/** A `POST /transfers` body that passed {@link transferRequestSchema}. */
export type TransferRequest = z.output<ReturnType<typeof transferRequestSchema>>;

/** A validated `POST /transfers`: the body and the key it is sent under. */
export interface CreateTransferInput {
  readonly request: TransferRequest;
  readonly idempotencyKey: string;
  /** True when the caller sent no `Idempotency-Key` and one was generated. */
  readonly generatedKey: boolean;
}

/**
 * Validates a `POST /transfers` body and its optional `Idempotency-Key` header together, so the
 * caller learns every problem at once; generates a UUID key when the header is absent.
 * Throws a {@link TransferValidationError} before anything is stored or sent.
 *
 * @example
 * ```ts
 * const input = parseCreateTransfer(schema, body, event.headers['idempotency-key'], randomUUID);
 * ```
 */
export function parseCreateTransfer(
  schema: ReturnType<typeof transferRequestSchema>,
  body: unknown,
  idempotencyKeyHeader: string | undefined,
  newKey: () => string,
): CreateTransferInput {
  const errors: FieldError[] = [];
  const parsed = schema.safeParse(body, { reportInput: true });
  if (!parsed.success) errors.push(...fieldErrorsFromZod(parsed.error));
  if (
    idempotencyKeyHeader !== undefined &&
    !idempotencyKeySchema.safeParse(idempotencyKeyHeader).success
  ) {
    errors.push({
      code: 'Invalid',
      message: 'Idempotency-Key must be 1–255 printable ASCII characters without spaces.',
      path: IDEMPOTENCY_KEY_PATH,
    });
  }
  if (!parsed.success || errors.length > 0) throw new TransferValidationError(errors);
  return {
    request: parsed.data,
    idempotencyKey: idempotencyKeyHeader ?? newKey(),
    generatedKey: idempotencyKeyHeader === undefined,
  };
}

/**
 * Validates the `correlationId` query parameter of `GET /transfers` with the same rule as the
 * body field; throws a {@link TransferValidationError} on `/correlationId`.
 *
 * @example
 * ```ts
 * const correlationId = parseCorrelationIdQuery(event.queryStringParameters?.correlationId);
 * ```
 */
export function parseCorrelationIdQuery(value: string | undefined): string {
  const parsed = correlationIdSchema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new TransferValidationError(fieldErrorsFromZod(parsed.error, ['correlationId']));
}
