import * as z from 'zod/mini';
import '../validation/english.js';
import { type FieldError, fieldErrorsFromZod } from '../validation/zod-issues.js';
import { TransferValidationError } from './errors.js';
import {
  amountSchema,
  correlationIdSchema,
  escapeRegExp,
  hrefSchema,
  ID,
  idempotencyKeySchema,
  metadataSchema,
  requiredString,
} from './field-schemas.js';

/**
 * Path reported for an invalid `Idempotency-Key` header (API Gateway lower-cases header names).
 *
 * @example
 * ```ts
 * errors.push({ code: 'Invalid', message, path: IDEMPOTENCY_KEY_PATH });
 * ```
 */
export const IDEMPOTENCY_KEY_PATH = '/headers/idempotency-key';

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
