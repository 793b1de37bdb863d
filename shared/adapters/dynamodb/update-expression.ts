/**
 * An `UpdateItem` expression assembled clause by clause, every attribute behind a `#name` and
 * every value behind a `:name`, so an attribute name is never a reserved word and a value never
 * part of the expression text. Conditions borrow its placeholders with {@link name} and
 * {@link value}.
 *
 * @example
 * ```ts
 * const update = new UpdateExpression().set('status', 'processed').setIfNotExists('created', now);
 * await client.send(new UpdateCommand({ TableName, Key, ...update.input() }));
 * ```
 */
export class UpdateExpression {
  readonly #sets: string[] = [];
  readonly #removes: string[] = [];
  readonly #names: Record<string, string> = {};
  readonly #values: Record<string, unknown> = {};

  /** `#attribute = :attribute`. */
  set(attribute: string, value: unknown): this {
    this.#sets.push(`${this.name(attribute)} = ${this.value(attribute, value)}`);
    return this;
  }

  /** `#attribute = if_not_exists(#attribute, :attribute)`: the first value written stays. */
  setIfNotExists(attribute: string, value: unknown): this {
    const name = this.name(attribute);
    this.#sets.push(`${name} = if_not_exists(${name}, ${this.value(attribute, value)})`);
    return this;
  }

  /** `REMOVE #attribute`. */
  remove(attribute: string): this {
    this.#removes.push(this.name(attribute));
    return this;
  }

  /** The `#name` placeholder of `attribute`, for a condition on the same item. */
  name(attribute: string): string {
    this.#names[`#${attribute}`] = attribute;
    return `#${attribute}`;
  }

  /** The `:key` placeholder bound to `value`, for a condition on the same item. */
  value(key: string, value: unknown): string {
    this.#values[`:${key}`] = value;
    return `:${key}`;
  }

  /** The expression text: `SET …` then `REMOVE …`. */
  toString(): string {
    const clauses: string[] = [];
    if (this.#sets.length > 0) clauses.push(`SET ${this.#sets.join(', ')}`);
    if (this.#removes.length > 0) clauses.push(`REMOVE ${this.#removes.join(', ')}`);
    return clauses.join(' ');
  }

  /**
   * The `UpdateCommand` fields of this expression (no `ExpressionAttributeValues` when there is no
   * value, which DynamoDB refuses as empty).
   */
  input(): {
    UpdateExpression: string;
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  } {
    return {
      UpdateExpression: this.toString(),
      ExpressionAttributeNames: { ...this.#names },
      ...(Object.keys(this.#values).length === 0
        ? {}
        : { ExpressionAttributeValues: { ...this.#values } }),
    };
  }
}
