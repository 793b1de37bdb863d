import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbTableAdapter } from '../adapters/dynamodb/table-adapter.js';
import { keys } from '../adapters/dynamodb/table-design.js';
import type { RefreshLease } from './ports.js';

/**
 * {@link RefreshLease} on the single table (`keys.refreshLease(id)`): a conditional Put that
 * succeeds when no lease exists or the existing one ran out, so a crashed holder blocks the
 * account only until `leaseUntil`. The TTL attribute cleans leftovers.
 *
 * @example
 * ```ts
 * const lease = new DynamoDbRefreshLease({ client: documentClient(), tableName });
 * ```
 */
export class DynamoDbRefreshLease extends DynamoDbTableAdapter implements RefreshLease {
  async acquire(accountId: string, owner: string, until: Date, now: Date): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.refreshLease(accountId),
            owner,
            leaseUntil: until.getTime(),
            expiresAtEpoch: Math.ceil(until.getTime() / 1000) + 3600,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
          ExpressionAttributeValues: { ':now': now.getTime() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(accountId: string, owner: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.refreshLease(accountId),
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      // Our lease ran out and another worker holds it now: theirs to release.
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  }
}
