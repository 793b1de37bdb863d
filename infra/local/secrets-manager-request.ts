/**
 * Reading a local Secrets Manager request: its JSON input, its string fields and tags, and the
 * error the SDK expects when one is wrong.
 */

/** A Secrets Manager error as the SDK expects it: `__type` and `message`, status 400. */
export class SecretsManagerServiceError extends Error {
  constructor(
    public readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'SecretsManagerServiceError';
  }
}

/** An operation's JSON input. */
export type Request = Record<string, unknown>;

/**
 * A string field of the request, `undefined` when absent.
 *
 * @example
 * ```ts
 * optionalString({ Description: 'x' }, 'Description'); // 'x'
 * ```
 */
export function optionalString(request: Request, field: string): string | undefined {
  const value = request[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new SecretsManagerServiceError('InvalidParameterException', `${field} must be a string.`);
  }
  return value;
}

/**
 * A string field the operation needs: `InvalidParameterException` when absent or empty.
 *
 * @example
 * ```ts
 * requiredString({ SecretId: 'app' }, 'SecretId'); // 'app'
 * ```
 */
export function requiredString(request: Request, field: string): string {
  const value = optionalString(request, field);
  if (!value) {
    throw new SecretsManagerServiceError('InvalidParameterException', `${field} is required.`);
  }
  return value;
}

/**
 * The request's `Tags` as key/value pairs (none when absent).
 *
 * @example
 * ```ts
 * tagsOf({ Tags: [{ Key: 'tenant', Value: 'acme' }] }); // [['tenant', 'acme']]
 * ```
 */
export function tagsOf(request: Request): Array<[string, string]> {
  const tags = request.Tags;
  if (!Array.isArray(tags)) return [];
  return tags.map((tag: { Key?: unknown; Value?: unknown }) => [
    String(tag.Key),
    String(tag.Value ?? ''),
  ]);
}
