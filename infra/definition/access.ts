/** What a function may touch: the grants the CDK app and the local access check derive. */

import type { KeyFamily, TABLE } from '../../shared/adapters/dynamodb/table-design.js';
import type { QueueName } from './queues.js';

/** A DynamoDB item action a function may use (its `dynamodb:` IAM action). */
export type ItemAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem';

/**
 * Some DynamoDB actions on the items whose partition key starts with one of `keys`
 * (`KEY_PREFIX` of the table design; `dynamodb:LeadingKeys` in IAM), on the table or on one
 * index (whose partition keys are then the ones named).
 */
export interface TableGrant {
  readonly keys: readonly KeyFamily[];
  readonly actions: readonly ItemAction[];
  readonly index?: (typeof TABLE)['correlationIndex' | 'refreshDueIndex']['name'];
}

/** What a function may do with the per-account token secrets (`<prefix>/<accountId>`). */
export type AccountSecretAction = 'read' | 'write' | 'restore' | 'delete';

/** Which shared resources a function touches; the CDK app turns each into the narrowest grant. */
export interface FunctionAccess {
  /** DynamoDB: item families and actions, one IAM statement each. */
  readonly table?: readonly TableGrant[];
  /** Publishes to the events topic. */
  readonly publishEvents?: boolean;
  /** Sends to these queues (names from {@link QUEUES}). */
  readonly sendTo?: readonly QueueName[];
  /** Reads the Dwolla app credentials secret. */
  readonly appSecret?: boolean;
  /** Reads the webhook signing secret. */
  readonly webhookSecret?: boolean;
  /**
   * Per-account token secrets: `read` (GetSecretValue), `write` (CreateSecret, PutSecretValue,
   * TagResource), `restore` (RestoreSecret), `delete` (DeleteSecret with a recovery window).
   */
  readonly accountSecrets?: readonly AccountSecretAction[];
  /**
   * Per-endpoint signing secrets of the app notifications: `manage` creates and deletes them
   * (never reads), `read` reads them (the delivery function only).
   */
  readonly endpointSecrets?: 'manage' | 'read';
}
