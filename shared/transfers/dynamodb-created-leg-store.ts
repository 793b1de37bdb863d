import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbTableAdapter } from '../adapters/dynamodb/table-adapter.js';
import { keys } from '../adapters/dynamodb/table-design.js';
import { UpdateExpression } from '../adapters/dynamodb/update-expression.js';
import { STATUS_RANK } from '../domain/transfer.js';
import type { CreatedLeg, CreatedLegStore } from './ports.js';

/**
 * {@link CreatedLegStore} on the single table: the one write `POST /transfers` makes to a leg,
 * apart from the reads, so its bundle carries nothing else. The leg item is shared with the
 * webhook pipeline, so the write is an `UpdateItem` that only fills what is missing
 * (`if_not_exists`) and never lowers the status.
 *
 * @example
 * ```ts
 * const transfers = new DynamoDbCreatedLegStore({ client: documentClient(), tableName });
 * ```
 */
export class DynamoDbCreatedLegStore extends DynamoDbTableAdapter implements CreatedLegStore {
  async recordCreated(leg: CreatedLeg): Promise<void> {
    const now = leg.now.toISOString();
    const expression = new UpdateExpression()
      .set('id', leg.id)
      // The initiating account and its tenant own the leg, whatever a webhook of the other
      // party's account said first: the final owner does not depend on arrival order.
      .set('accountId', leg.accountId)
      .set('tenantId', leg.tenantId)
      .set('initiatedBy', leg.initiatedBy)
      .setIfNotExists('amountValue', leg.amount.value)
      .setIfNotExists('amountCurrency', leg.amount.currency)
      .setIfNotExists('sourceUrl', leg.sourceUrl)
      .setIfNotExists('destinationUrl', leg.destinationUrl)
      .set('idempotencyKey', leg.idempotencyKey)
      // The `transfer_created` webhook may have been processed before Dwolla's 201 reached us.
      .setIfNotExists('status', 'pending')
      .setIfNotExists('statusRank', STATUS_RANK.pending)
      .setIfNotExists('created', now)
      .set('updatedAt', now);
    if (leg.correlationId !== undefined) {
      const gsi = keys.correlationGsi(leg.tenantId, leg.correlationId, now, leg.id);
      expression
        .setIfNotExists('correlationId', leg.correlationId)
        .set('gsi1pk', gsi.gsi1pk)
        .setIfNotExists('gsi1sk', gsi.gsi1sk);
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.transfer(leg.id),
        ...expression.input(),
      }),
    );
  }
}
