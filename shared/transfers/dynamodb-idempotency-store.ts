import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbTableAdapter } from '../adapters/dynamodb/table-adapter.js';
import { keys } from '../adapters/dynamodb/table-design.js';
import { UpdateExpression } from '../adapters/dynamodb/update-expression.js';
import type { DwollaErrorBody } from './errors.js';
import { newIdempotencyRecord } from './idempotency-record.js';
import type { AcquireResult, IdempotencyRecord, IdempotencyStore } from './ports.js';

/**
 * Dwolla honours an idempotency key for 24 h
 * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/idempotency-key); ours
 * lives 48 h so a replay inside Dwolla's window always finds its record.
 *
 * @example
 * ```ts
 * const expiresAtEpoch = Math.floor(Date.now() / 1000) + IDEMPOTENCY_TTL_SECONDS;
 * ```
 */
const IDEMPOTENCY_TTL_SECONDS = 48 * 3600;

/** The stored item (`keys.idempotency(key)`); `expiresAtEpoch` is the table's TTL attribute. */
interface IdempotencyItem extends IdempotencyRecord {
  readonly pk: string;
  readonly sk: string;
  readonly expiresAtEpoch: number;
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

function toRecord(item: IdempotencyItem): IdempotencyRecord {
  const { pk: _pk, sk: _sk, expiresAtEpoch: _ttl, ...record } = item;
  return record;
}

/**
 * {@link IdempotencyStore} on the single table, one record per tenant and key
 * (`keys.idempotency(tenantId, key)`): two tenants' equal keys are two requests. The lease is a conditional write: of concurrent
 * identical requests exactly one creates (or takes over) the record; the others read it.
 * Expired items count as absent, because DynamoDB deletes TTL'd items lazily.
 *
 * @example
 * ```ts
 * const store = new DynamoDbIdempotencyStore({ client: documentClient(), tableName });
 * ```
 */
export class DynamoDbIdempotencyStore extends DynamoDbTableAdapter implements IdempotencyStore {
  async acquire(input: Parameters<IdempotencyStore['acquire']>[0]): Promise<AcquireResult> {
    const nowMs = input.now.getTime();
    const nowEpoch = Math.floor(nowMs / 1000);
    let existing = await this.#read(input.tenantId, input.idempotencyKey, nowEpoch);
    // Each round loses at most one race to a write that changed the record: bounded.
    for (let round = 0; round < 3; round++) {
      try {
        if (!existing) return { acquired: true, record: await this.#create(input, nowEpoch) };
        const free = existing.state === 'in_progress' && existing.lockUntil <= nowMs;
        if (!free || existing.requestHash !== input.requestHash) {
          return { acquired: false, record: existing };
        }
        return { acquired: true, record: await this.#takeOver(input, nowMs) };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        existing = await this.#read(input.tenantId, input.idempotencyKey, nowEpoch);
      }
    }
    if (!existing) throw new Error('Idempotency record vanished while being acquired.');
    return { acquired: false, record: existing };
  }

  async markCreated(
    tenantId: string,
    idempotencyKey: string,
    result: { transferId: string; location: string },
  ): Promise<void> {
    await this.#settle(tenantId, idempotencyKey, {
      state: 'created',
      transferId: result.transferId,
      location: result.location,
    });
  }

  async markFailed(
    tenantId: string,
    idempotencyKey: string,
    failure: { status: number; body: DwollaErrorBody },
  ): Promise<void> {
    await this.#settle(tenantId, idempotencyKey, { state: 'failed_permanently', failure });
  }

  /** Writes the request's final state and outcome, and frees its lock. */
  async #settle(
    tenantId: string,
    idempotencyKey: string,
    outcome: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    const update = new UpdateExpression();
    for (const [attribute, value] of Object.entries(outcome)) update.set(attribute, value);
    update.set('lockUntil', 0);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.idempotency(tenantId, idempotencyKey),
        ...update.input(),
      }),
    );
  }

  async release(tenantId: string, idempotencyKey: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.idempotency(tenantId, idempotencyKey),
          UpdateExpression: 'SET #lockUntil = :free',
          ConditionExpression: '#state = :inProgress',
          ExpressionAttributeNames: { '#state': 'state', '#lockUntil': 'lockUntil' },
          ExpressionAttributeValues: { ':free': 0, ':inProgress': 'in_progress' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async #read(
    tenantId: string,
    idempotencyKey: string,
    nowEpoch: number,
  ): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.idempotency(tenantId, idempotencyKey),
        ConsistentRead: true,
      }),
    );
    const item = Item as IdempotencyItem | undefined;
    if (!item || item.expiresAtEpoch <= nowEpoch) return undefined;
    return toRecord(item);
  }

  async #create(
    input: Parameters<IdempotencyStore['acquire']>[0],
    nowEpoch: number,
  ): Promise<IdempotencyRecord> {
    const record = newIdempotencyRecord(input);
    const item: IdempotencyItem = {
      ...keys.idempotency(input.tenantId, input.idempotencyKey),
      ...record,
      expiresAtEpoch: nowEpoch + IDEMPOTENCY_TTL_SECONDS,
    };
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
        ExpressionAttributeNames: { '#ttl': 'expiresAtEpoch' },
        ExpressionAttributeValues: { ':now': nowEpoch },
      }),
    );
    return record;
  }

  async #takeOver(
    input: Parameters<IdempotencyStore['acquire']>[0],
    nowMs: number,
  ): Promise<IdempotencyRecord> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.idempotency(input.tenantId, input.idempotencyKey),
        UpdateExpression: 'SET #lockUntil = :until',
        ConditionExpression: '#state = :inProgress AND #hash = :hash AND #lockUntil <= :now',
        ExpressionAttributeNames: {
          '#lockUntil': 'lockUntil',
          '#state': 'state',
          '#hash': 'requestHash',
        },
        ExpressionAttributeValues: {
          ':until': nowMs + input.leaseMs,
          ':inProgress': 'in_progress',
          ':hash': input.requestHash,
          ':now': nowMs,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toRecord(Attributes as IdempotencyItem);
  }
}
