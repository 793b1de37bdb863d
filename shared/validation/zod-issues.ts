import type * as z from 'zod/mini';

/**
 * The one translation of zod issues into what a caller or an operator reads: Dwolla-style field
 * errors for requests and payloads, `"/pointer: message"` lines for Dwolla's own answers, and
 * `NAME reason` lines for the environment. None of them repeats the offending value.
 */

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

/** What {@link fieldErrorsFromZod} reads of a zod error. */
export interface ZodIssues {
  readonly issues: readonly z.core.$ZodIssue[];
}

/**
 * JSON pointer of a zod issue path (`['amount','value']` → `/amount/value`).
 *
 * @example
 * ```ts
 * toJsonPointer(['_links', 'source', 'href']); // '/_links/source/href'
 * ```
 */
function toJsonPointer(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '/';
  return `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/**
 * Converts zod issues into Dwolla-style field errors: `Required` for a missing value, `Invalid`
 * for a wrong one, and `NotAllowed` at its own path for a field the request may not have (rather
 * than at its parent object). `prefix` places the issues of a value validated on its own, such as
 * a query parameter. Parse with `{ reportInput: true }`: without the input zod gives, a wrong
 * value cannot be told from a missing one.
 *
 * @example
 * ```ts
 * const parsed = schema.safeParse(body, { reportInput: true });
 * if (!parsed.success) throw new ValidationHttpError(fieldErrorsFromZod(parsed.error));
 * ```
 */
export function fieldErrorsFromZod(
  error: ZodIssues,
  prefix: readonly PropertyKey[] = [],
): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        code: 'NotAllowed',
        message: `"${key}" is not a field of this request.`,
        path: toJsonPointer([...path, key]),
      }));
    }
    return [
      {
        code: issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : 'Invalid',
        message: issue.message,
        path: toJsonPointer(path),
      },
    ];
  });
}

/**
 * zod issues as `"/json/pointer: message"` lines, without the offending values.
 *
 * @example
 * ```ts
 * describeIssues(result.error); // ['/status: Invalid option']
 * ```
 */
export function describeIssues(error: ZodIssues): string[] {
  return fieldErrorsFromZod(error).map(({ path, message }) => `${path}: ${message}`);
}

/**
 * zod issues of an environment schema as `NAME reason` lines: `is required` for a variable that is
 * not set, zod's message otherwise. Never the variable's value.
 *
 * @example
 * ```ts
 * throw new ConfigError(environmentProblems(result.error, process.env)); // ['TABLE_NAME is required']
 * ```
 */
export function environmentProblems(
  error: ZodIssues,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  return error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const missing = issue.code === 'invalid_type' && env[name] === undefined;
    return `${name} ${missing ? 'is required' : issue.message}`;
  });
}
