/**
 * What an AWS SDK request needs from IAM, read from the wire request itself: the action, the
 * resource and, for DynamoDB, the leading keys it touches (`access-check.ts` checks it against
 * the function's grants).
 */

import { TABLE } from '../../shared/adapters/dynamodb/table-design.js';

/** The resource a request names, as read from the request itself. */
export type RequestTarget =
  | { readonly service: 'dynamodb'; readonly table: string; readonly index?: string }
  | { readonly service: 'sns'; readonly topicArn: string }
  | { readonly service: 'sqs'; readonly queueUrl: string }
  | { readonly service: 'secretsmanager'; readonly secretId: string }
  | { readonly service: 'kms'; readonly keyId: string }
  | { readonly service: 'unknown'; readonly description: string };

/** One IAM authorisation a request needs: an action on a resource, with its leading keys. */
export interface RequestedAccess {
  readonly action: string;
  readonly target: RequestTarget;
  /** Partition keys the request touches (DynamoDB only: `dynamodb:LeadingKeys`). */
  readonly leadingKeys: readonly string[];
}

/** The wire request at the SDK's build step: headers and a serialised body. */
export interface WireRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

type Attribute = { S?: string };
type Item = Readonly<Record<string, Attribute | undefined>>;

const pkOf = (item: Item | undefined): string[] => {
  const value = item?.[TABLE.partitionKey]?.S;
  return value === undefined ? [] : [value];
};

const INDEX_PARTITION_KEYS: Readonly<Record<string, string>> = {
  [TABLE.correlationIndex.name]: TABLE.correlationIndex.partitionKey,
  [TABLE.refreshDueIndex.name]: TABLE.refreshDueIndex.partitionKey,
};

/** The partition key value a Query's key condition binds (`pk = :v`, through aliases). */
function queriedKeys(input: Record<string, unknown>): string[] {
  const index = input.IndexName as string | undefined;
  const keyAttribute = index ? INDEX_PARTITION_KEYS[index] : TABLE.partitionKey;
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, Attribute>;
  const expression = String(input.KeyConditionExpression ?? '');
  const keys: string[] = [];
  for (const match of expression.matchAll(/(#?[\w]+)\s*=\s*(:[\w]+)/g)) {
    const attribute = names[match[1]!] ?? match[1]!;
    const value = values[match[2]!]?.S;
    if (attribute === keyAttribute && value !== undefined) keys.push(value);
  }
  return keys;
}

const TRANSACT_ACTIONS: Readonly<Record<string, string>> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};

function dynamoDbAccess(operation: string, input: Record<string, unknown>): RequestedAccess[] {
  const table = String(input.TableName ?? '');
  const on = (action: string, tableName: string, leadingKeys: string[], index?: string) => ({
    action: `dynamodb:${action}`,
    target: { service: 'dynamodb' as const, table: tableName, ...(index ? { index } : {}) },
    leadingKeys,
  });
  switch (operation) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [on(operation, table, pkOf(input.Key as Item))];
    case 'PutItem':
      return [on(operation, table, pkOf(input.Item as Item))];
    case 'Query':
      return [on(operation, table, queriedKeys(input), input.IndexName as string | undefined)];
    case 'BatchGetItem':
      return Object.entries(input.RequestItems as Record<string, { Keys: Item[] }>).map(
        ([name, request]) => on(operation, name, request.Keys.flatMap(pkOf)),
      );
    case 'BatchWriteItem':
      return Object.entries(
        input.RequestItems as Record<
          string,
          Array<{ PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }>
        >,
      ).map(([name, requests]) =>
        on(
          operation,
          name,
          requests.flatMap((request) =>
            pkOf(request.PutRequest?.Item ?? request.DeleteRequest?.Key),
          ),
        ),
      );
    case 'TransactWriteItems':
    case 'TransactGetItems':
      // Each item of a transaction is authorised by its own item action.
      return (input.TransactItems as Array<Record<string, Record<string, unknown>>>).flatMap(
        (entry) =>
          Object.entries(entry).map(([kind, item]) =>
            on(
              TRANSACT_ACTIONS[kind] ?? kind,
              String(item.TableName ?? ''),
              pkOf((item.Key ?? item.Item) as Item),
            ),
          ),
      );
    default:
      return [on(operation, table, [])];
  }
}

const BATCH_ACTIONS: Readonly<Record<string, string>> = {
  SendMessageBatch: 'SendMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
  PublishBatch: 'Publish',
};

/**
 * What a request needs authorised, read from the request the SDK is about to send (JSON
 * protocols name the operation in `x-amz-target`; SNS's query protocol in the form body).
 *
 * @example
 * ```ts
 * requestedAccess({ headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem' }, body: '{…}' });
 * ```
 */
export function requestedAccess(request: WireRequest): RequestedAccess[] {
  const targetHeader = Object.entries(request.headers).find(
    ([name]) => name.toLowerCase() === 'x-amz-target',
  )?.[1];
  const body =
    typeof request.body === 'string'
      ? request.body
      : request.body instanceof Uint8Array
        ? new TextDecoder().decode(request.body)
        : '';
  if (targetHeader) {
    const [prefix, operation = ''] = targetHeader.split('.');
    const input = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
    const action = BATCH_ACTIONS[operation] ?? operation;
    if (prefix?.startsWith('DynamoDB_')) return dynamoDbAccess(operation, input);
    if (prefix === 'AmazonSQS') {
      const queueUrl = String(input.QueueUrl ?? input.QueueName ?? '');
      return [{ action: `sqs:${action}`, target: { service: 'sqs', queueUrl }, leadingKeys: [] }];
    }
    if (prefix === 'secretsmanager') {
      const secretId = String(input.SecretId ?? input.Name ?? '');
      return [
        {
          action: `secretsmanager:${action}`,
          target: { service: 'secretsmanager', secretId },
          leadingKeys: [],
        },
      ];
    }
    if (prefix === 'TrentService') {
      const keyId = String(input.KeyId ?? '');
      return [{ action: `kms:${action}`, target: { service: 'kms', keyId }, leadingKeys: [] }];
    }
  }
  const form = new URLSearchParams(body);
  const operation = form.get('Action') ?? '';
  if (form.has('TopicArn')) {
    return [
      {
        action: `sns:${BATCH_ACTIONS[operation] ?? operation}`,
        target: { service: 'sns', topicArn: form.get('TopicArn')! },
        leadingKeys: [],
      },
    ];
  }
  return [
    {
      action: operation || targetHeader || 'unknown',
      target: { service: 'unknown', description: targetHeader ?? (operation || 'a request') },
      leadingKeys: [],
    },
  ];
}
