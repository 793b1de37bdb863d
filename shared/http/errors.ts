import type * as z from 'zod/mini';

/**
 * One entry of Dwolla's `_embedded.errors`
 * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/errors).
 */
export interface FieldError {
  readonly code: string;
  readonly message: string;
  /** JSON pointer, e.g. `/amount/value`. */
  readonly path: string;
}

/**
 * An error that knows its HTTP status and its public body. Only the edge turns it into a
 * response; 5xx bodies never carry internal detail.
 *
 * @example
 * ```ts
 * throw new HttpError(404, { code: 'NotFound', message: 'Transfer not found.' });
 * ```
 */
export class HttpError extends Error {
  constructor(
    public readonly statusCode: number,
    public readonly body: {
      code: string;
      message: string;
      _embedded?: { errors: FieldError[] };
    } & Record<string, unknown>,
    public readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(body.message, options);
    this.name = 'HttpError';
  }
}

/**
 * Dwolla's `ValidationError` shape: 400 with one entry per offending field.
 *
 * @example
 * ```ts
 * throw new ValidationHttpError([{ code: 'Invalid', message: 'Must be USD.', path: '/amount/currency' }]);
 * ```
 */
export class ValidationHttpError extends HttpError {
  constructor(errors: FieldError[]) {
    super(400, {
      code: 'ValidationError',
      message: `Validation error(s) present. See embedded errors list for more details.`,
      _embedded: { errors },
    });
    this.name = 'ValidationHttpError';
  }
}

/** JSON pointer of a zod issue path (`['amount','value']` → `/amount/value`). */
export function toJsonPointer(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '/';
  return `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/**
 * Converts zod issues into Dwolla-style field errors.
 *
 * @example
 * ```ts
 * const parsed = schema.safeParse(body);
 * if (!parsed.success) throw new ValidationHttpError(fieldErrorsFromZod(parsed.error));
 * ```
 */
export function fieldErrorsFromZod(error: {
  readonly issues: readonly z.core.$ZodIssue[];
}): FieldError[] {
  return error.issues.map((issue) => ({
    code: issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : 'Invalid',
    message: issue.message,
    path: toJsonPointer(issue.path),
  }));
}
