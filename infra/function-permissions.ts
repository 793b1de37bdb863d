/**
 * Each function's permissions, derived from its definition (`FunctionAccess` and the queues it
 * consumes) in one place: the CDK grants (`infra/constructs/dwolla-function.ts`) take their
 * action lists from here, and the local runner's access check (`infra/local/access-check.ts`)
 * refuses any call these do not allow, so a missing grant fails under `npm start` as in AWS.
 */

import { KEY_PREFIX } from '../shared/adapters/dynamodb/table-design.js';
import {
  type AccountSecretAction,
  FUNCTIONS,
  type FunctionAccess,
  type FunctionName,
  type ItemAction,
  type QueueName,
} from './definition.js';
import { consumedQueues } from './function-environment.js';

/** What each secret action is on the table vault's item (`DynamoDbKmsTokenVault`). */
const TABLE_VAULT_ACTIONS: Readonly<Record<AccountSecretAction, readonly ItemAction[]>> = {
  read: ['GetItem'],
  write: ['UpdateItem', 'PutItem'],
  restore: ['UpdateItem'],
  delete: ['UpdateItem'],
};

/**
 * The table vault's item actions for a function's secret actions: what the local check and the
 * CDK grant both allow on `ACCOUNT#` items when `TOKEN_VAULT=kms-table`.
 *
 * @example
 * ```ts
 * tableVaultActions(['read', 'write']); // ['GetItem', 'UpdateItem', 'PutItem']
 * ```
 */
export function tableVaultActions(access: readonly AccountSecretAction[]): ItemAction[] {
  return [...new Set(access.flatMap((action) => TABLE_VAULT_ACTIONS[action]))];
}

/** Secrets Manager actions per account-secret access (`AccountSecretAction`). */
export const ACCOUNT_SECRET_ACTIONS: Readonly<Record<AccountSecretAction, readonly string[]>> = {
  read: ['secretsmanager:GetSecretValue'],
  // CreateSecret carries the account-id tag, which needs TagResource too.
  write: [
    'secretsmanager:CreateSecret',
    'secretsmanager:PutSecretValue',
    'secretsmanager:TagResource',
  ],
  restore: ['secretsmanager:RestoreSecret'],
  delete: ['secretsmanager:DeleteSecret'],
};

/**
 * Secrets Manager actions on the per-endpoint notification secrets: `manage` is create, tag and
 * delete — never read, so the endpoints API cannot read a secret back.
 */
export const ENDPOINT_SECRET_ACTIONS: Readonly<Record<'manage' | 'read', readonly string[]>> = {
  read: ['secretsmanager:GetSecretValue'],
  manage: [
    'secretsmanager:CreateSecret',
    'secretsmanager:TagResource',
    'secretsmanager:DeleteSecret',
  ],
};

/** What `ISecret.grantRead` allows on one secret. */
export const SECRET_READ_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:DescribeSecret',
] as const;

/** What `IQueue.grantSendMessages` and an SQS event source allow on one queue. */
export const QUEUE_SEND_ACTIONS = [
  'sqs:SendMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
] as const;
export const QUEUE_CONSUME_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueUrl',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
] as const;

/** The resource a permission names, by its role in the system (each deployment has its own). */
export type PermissionResource =
  | { readonly kind: 'table'; readonly index?: string }
  | { readonly kind: 'eventsTopic' }
  | { readonly kind: 'queue'; readonly queue: QueueName }
  | { readonly kind: 'secret'; readonly secret: 'app' | 'webhook' }
  | { readonly kind: 'secretPrefix'; readonly secrets: 'accounts' | 'endpoints' }
  | { readonly kind: 'tokenVaultKey' };

/**
 * Some actions on one resource; on the table, only on the items whose partition key starts with
 * one of `leadingKeys` (`dynamodb:LeadingKeys`).
 */
export interface Permission {
  readonly actions: readonly string[];
  readonly resource: PermissionResource;
  readonly leadingKeys?: readonly string[];
}

/**
 * The permissions of one function. `kmsTableVault` adds what the KMS table vault needs (a local
 * and benchmark choice: the deployed bundles use the Secrets Manager vault).
 *
 * @example
 * ```ts
 * functionPermissions('transferGet'); // [{ actions: ['dynamodb:Query'], resource: { kind: 'table' }, leadingKeys: ['RESOURCE#'] }]
 * ```
 */
export function functionPermissions(
  name: FunctionName,
  options: { readonly kmsTableVault?: boolean } = {},
): Permission[] {
  const access: FunctionAccess = FUNCTIONS[name].access;
  const permissions: Permission[] = [];
  for (const grant of access.table ?? []) {
    permissions.push({
      actions: grant.actions.map((action) => `dynamodb:${action}`),
      resource: grant.index ? { kind: 'table', index: grant.index } : { kind: 'table' },
      leadingKeys: grant.keys.map((family) => KEY_PREFIX[family]),
    });
  }
  if (access.publishEvents) {
    permissions.push({ actions: ['sns:Publish'], resource: { kind: 'eventsTopic' } });
  }
  for (const queue of access.sendTo ?? []) {
    permissions.push({ actions: QUEUE_SEND_ACTIONS, resource: { kind: 'queue', queue } });
  }
  for (const [queue] of consumedQueues(name)) {
    permissions.push({ actions: QUEUE_CONSUME_ACTIONS, resource: { kind: 'queue', queue } });
  }
  if (access.appSecret) {
    permissions.push({ actions: SECRET_READ_ACTIONS, resource: { kind: 'secret', secret: 'app' } });
  }
  if (access.webhookSecret) {
    permissions.push({
      actions: SECRET_READ_ACTIONS,
      resource: { kind: 'secret', secret: 'webhook' },
    });
  }
  if (access.accountSecrets) {
    permissions.push({
      actions: access.accountSecrets.flatMap((action) => ACCOUNT_SECRET_ACTIONS[action]),
      resource: { kind: 'secretPrefix', secrets: 'accounts' },
    });
    if (options.kmsTableVault) {
      permissions.push({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resource: { kind: 'tokenVaultKey' },
      });
      // The table vault keeps the sealed pair at `ACCOUNT#<id>` / `TOKENS`: the same actions on
      // that item as the vault's adapter uses for each secret action.
      permissions.push({
        actions: tableVaultActions(access.accountSecrets).map((action) => `dynamodb:${action}`),
        resource: { kind: 'table' },
        leadingKeys: [KEY_PREFIX.account],
      });
    }
  }
  if (access.endpointSecrets) {
    permissions.push({
      actions: ENDPOINT_SECRET_ACTIONS[access.endpointSecrets],
      resource: { kind: 'secretPrefix', secrets: 'endpoints' },
    });
  }
  return permissions;
}
