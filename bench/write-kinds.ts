/**
 * What a DynamoDB write is for, read from the command the store sent: the item family from its
 * key (`shared/adapters/dynamodb/table-design.ts`), and for a transfer leg the attributes its
 * update expression names (`shared/webhooks/dynamodb-leg-store.ts`). The bench breaks the writes
 * per event down by these kinds, so the bound on writes is explained by what each write is for.
 */

/** The write kinds of the webhook and notification pipelines (anything else: `other: <family>`). */
export const WRITE_KINDS = [
  'event put',
  'leg status upsert',
  'leg facts upsert',
  'leg claim',
  'leg claim release',
  'leg enrichment save',
  'leg enrichment and failure save',
  'leg failure save',
  'leg neighbour link',
  'leg bill-payment link',
  'payment record upsert',
  'payment record claim',
  'payment record claim release',
  'payment record link save',
  'notification record',
  'delivered marker',
] as const;

export type WriteKind = (typeof WRITE_KINDS)[number] | `other: ${string}`;

const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

/** A key attribute as a string, whether the input is a document (`'x'`) or marshalled (`{ S: 'x' }`). */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const wrapped = (value as { S?: unknown } | undefined)?.S;
  return typeof wrapped === 'string' ? wrapped : '';
}

/** The update expression, the condition and the attribute names an `UpdateItem` input names. */
function updateParts(input: Record<string, unknown>) {
  return {
    expression: String(input.UpdateExpression ?? ''),
    condition: String(input.ConditionExpression ?? ''),
    names: new Set(
      Object.values((input.ExpressionAttributeNames as Record<string, string> | undefined) ?? {}),
    ),
  };
}

function legUpdateKind(input: Record<string, unknown>): WriteKind {
  const { expression, condition, names } = updateParts(input);
  if (expression.startsWith('REMOVE')) return 'leg claim release';
  // A claim's condition names the task's "done" attribute, which its save sets.
  if (condition.includes('attribute_exists')) return 'leg claim';
  if (names.has('enrichedAt')) {
    return names.has('failureFetchedAt')
      ? 'leg enrichment and failure save'
      : 'leg enrichment save';
  }
  if (names.has('failureFetchedAt')) return 'leg failure save';
  if (condition.includes('statusRank')) return 'leg status upsert';
  if (names.has('billPaymentId')) return 'leg bill-payment link';
  if (
    !names.has('accountId') &&
    (names.has('fundingTransferId') || names.has('fundedTransferId'))
  ) {
    return 'leg neighbour link';
  }
  return names.has('statusRank') ? 'leg facts upsert' : 'other: TRANSFER';
}

function paymentRecordKind(input: Record<string, unknown>): WriteKind {
  const { expression, condition, names } = updateParts(input);
  if (expression.startsWith('REMOVE')) return 'payment record claim release';
  if (condition.includes('attribute_exists')) return 'payment record claim';
  return names.has('transferLinkedAt') ? 'payment record link save' : 'payment record upsert';
}

/**
 * The kind of a DynamoDB write, or `undefined` for a command that does not write.
 *
 * @example
 * ```ts
 * dynamodbWriteKind('PutItemCommand', { Item: { pk: 'RESOURCE#t', sk: 'EVENT#e' } }); // 'event put'
 * ```
 */
export function dynamodbWriteKind(
  command: string,
  input: Record<string, unknown>,
): WriteKind | undefined {
  if (!WRITE_COMMANDS.has(command)) return undefined;
  if (command === 'BatchWriteItemCommand' || command === 'TransactWriteItemsCommand') {
    return `other: ${command}`;
  }
  const key = (command === 'PutItemCommand' ? input.Item : input.Key) as
    | Record<string, unknown>
    | undefined;
  const pk = text(key?.pk);
  const sk = text(key?.sk);
  if (sk.startsWith('EVENT#')) return 'event put';
  if (sk === 'TRANSFER') {
    return command === 'UpdateItemCommand' ? legUpdateKind(input) : 'other: TRANSFER';
  }
  if (sk === 'BILL_PAYMENT' || sk === 'MASS_PAYMENT') return paymentRecordKind(input);
  if (pk.startsWith('NOTIFICATIONS#')) return 'notification record';
  if (sk.startsWith('DELIVERED#')) return 'delivered marker';
  return `other: ${pk.split('#')[0] || 'unknown'}${sk && !sk.includes('#') ? `/${sk}` : ''}`;
}
