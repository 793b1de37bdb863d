/**
 * What an `UpdateItem` input's `SET` clause writes, placeholders resolved: `{ attribute: value }`.
 * Accepts only plain `#name = :value` assignments, so an `if_not_exists` or arithmetic clause
 * fails the test instead of being read as a plain write.
 *
 * @example
 * ```ts
 * expect(setAttributes(call.args[0].input)).toEqual({ state: 'created', lockUntil: 0 });
 * ```
 */
export function setAttributes(input: {
  UpdateExpression?: string | undefined;
  ExpressionAttributeNames?: Record<string, string> | undefined;
  ExpressionAttributeValues?: Record<string, unknown> | undefined;
}): Record<string, unknown> {
  const match = /^SET (.+)$/.exec(input.UpdateExpression ?? '');
  if (!match?.[1]) throw new Error(`not a SET expression: ${input.UpdateExpression}`);
  const written: Record<string, unknown> = {};
  for (const clause of match[1].split(', ')) {
    const [name, value, ...rest] = clause.split(' = ');
    if (!name || !value || rest.length > 0 || !value.startsWith(':')) {
      throw new Error(`not a plain assignment: ${clause}`);
    }
    const attribute = input.ExpressionAttributeNames?.[name];
    if (attribute === undefined) throw new Error(`unbound name ${name}`);
    if (!input.ExpressionAttributeValues || !(value in input.ExpressionAttributeValues)) {
      throw new Error(`unbound value ${value}`);
    }
    written[attribute] = input.ExpressionAttributeValues[value];
  }
  return written;
}
