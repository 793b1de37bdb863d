import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Where a single-table adapter reads and writes. */
export interface DynamoDbTableOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/**
 * Base of the adapters on the single table: the document client and the table name, given
 * once to the constructor.
 *
 * @example
 * ```ts
 * export class DynamoDbLegStore extends DynamoDbTableAdapter implements LegStore {}
 * ```
 */
export abstract class DynamoDbTableAdapter {
  protected readonly client: DynamoDBDocumentClient;
  protected readonly tableName: string;

  constructor(options: DynamoDbTableOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }
}
