import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbTableAdapter } from '../adapters/dynamodb/table-adapter.js';
import { keys } from '../adapters/dynamodb/table-design.js';
import { DEFAULT_TENANT_ID } from '../tenancy/principal.js';
import type { ConsumeStateResult, OAuthStateStore, PendingAuthorization } from './ports.js';

/**
 * {@link OAuthStateStore} on the single table: `keys.oauthState(sha256(state))` with a TTL.
 * A state is consumed by one conditional `DeleteItem`, so two callbacks racing with the same
 * state cannot both succeed. TTL deletion is lazy (up to days), so expiry is checked in the
 * condition as well.
 *
 * @example
 * ```ts
 * const states = new DynamoDbOAuthStateStore({ client: documentClient(), tableName });
 * ```
 */
export class DynamoDbOAuthStateStore extends DynamoDbTableAdapter implements OAuthStateStore {
  async save(
    stateHash: string,
    authorization: PendingAuthorization,
    expiresAt: Date,
  ): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.oauthState(stateHash),
          scope: authorization.scope,
          returnTo: authorization.returnTo,
          tenantId: authorization.tenantId,
          reference: authorization.reference,
          expiresAt: expiresAt.toISOString(),
          expiresAtEpoch: Math.floor(expiresAt.getTime() / 1000),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async consume(stateHash: string, now: Date): Promise<ConsumeStateResult> {
    try {
      const { Attributes } = await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.oauthState(stateHash),
          ConditionExpression: 'attribute_exists(pk) AND expiresAtEpoch > :now',
          ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const item = Attributes as
        | { scope?: string; returnTo?: string; tenantId?: string; reference?: string }
        | undefined;
      if (!item?.scope) return { outcome: 'unknown' };
      return {
        outcome: 'consumed',
        authorization: {
          scope: item.scope,
          // A state issued before tenants existed was started by the one app there was.
          tenantId: item.tenantId ?? DEFAULT_TENANT_ID,
          ...(item.returnTo === undefined ? {} : { returnTo: item.returnTo }),
          ...(item.reference === undefined ? {} : { reference: item.reference }),
        },
      };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return { outcome: error.Item ? 'expired' : 'unknown' };
      }
      throw error;
    }
  }
}
