/**
 * The value of a header, whatever the case of its name; `undefined` when absent. API Gateway HTTP
 * APIs and the local gateway lower-case header names already; a handler invoked directly (a test,
 * a script) may not, and this lookup answers the same for both without a header-normalizing
 * middleware in every bundle.
 *
 * @example
 * ```ts
 * headerValue({ 'Idempotency-Key': 'order-1001' }, 'idempotency-key'); // 'order-1001'
 * ```
 */
export function headerValue(
  headers: Readonly<Record<string, string | undefined>> | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}
