/**
 * A reader of an item's optional string attributes: the value when it is a string,
 * `undefined` otherwise (absent, or of another type).
 *
 * @example
 * ```ts
 * const text = itemText(item);
 * const correlationId = text('correlationId');
 * ```
 */
export function itemText(item: Record<string, unknown>): (name: string) => string | undefined {
  return (name) => {
    const value = item[name];
    return typeof value === 'string' ? value : undefined;
  };
}
