/**
 * The narrow IAM grants behind `DwollaFunction`'s `bind*` helpers: each adds statements to
 * the function's own role (and, for a customer-managed key, to the key's policy) naming only
 * the actions, resources and conditions the function's definition asks for.
 */

import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { KEY_PREFIX } from '../../shared/adapters/dynamodb/table-design.js';
import type { TableGrant } from '../definition.js';
import { acknowledgeNag, nagLabel } from './nag.js';

/** The construct a grant is for (it names the statements and the nag acknowledgements) and its role. */
export type GrantTarget = Construct & { readonly role: iam.Role };

/**
 * DynamoDB item actions, one statement per grant: on the table or one named index, only on
 * the items whose partition key starts with the grant's key prefixes (`dynamodb:LeadingKeys`).
 *
 * @example
 * ```ts
 * grantTableItems(fn, table, [{ keys: ['account'], actions: ['GetItem'] }]);
 * ```
 */
export function grantTableItems(
  target: GrantTarget,
  table: ITable,
  grants: readonly TableGrant[],
): void {
  for (const grant of grants) {
    target.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: grant.actions.map((action) => `dynamodb:${action}`),
        resources: [grant.index ? `${table.tableArn}/index/${grant.index}` : table.tableArn],
        conditions: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': grant.keys.map((family) => `${KEY_PREFIX[family]}*`),
          },
        },
      }),
    );
  }
}

/**
 * The use of a customer-managed key under `conditions`, granted on both sides: in the role's
 * policy and in the key's own policy (statement id `<sidPrefix><construct id>`), since a key
 * policy that does not name the role would refuse it.
 *
 * @example
 * ```ts
 * grantKeyUse(fn, key, { actions: ['kms:Decrypt'], conditions, sidPrefix: 'TokenVault' });
 * ```
 */
export function grantKeyUse(
  target: GrantTarget,
  key: kms.IKey,
  use: { actions: string[]; conditions: Record<string, unknown>; sidPrefix: string },
): void {
  target.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: use.actions,
      resources: [key.keyArn],
      conditions: use.conditions,
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: `${use.sidPrefix}${target.node.id}`,
      principals: [new iam.ArnPrincipal(target.role.roleArn)],
      actions: use.actions,
      resources: ['*'],
      conditions: use.conditions,
    }),
  );
}

/**
 * Secrets Manager actions on the secrets named `<prefix>/*`, which the functions create at
 * runtime: a name pattern, acknowledged to cdk-nag with what the secrets are and when they are
 * created (so their names cannot be known at deploy time).
 *
 * @example
 * ```ts
 * grantSecretsUnder(fn, 'dwolla-serverless/accounts', ['secretsmanager:GetSecretValue'], {
 *   what: 'the per-account Dwolla token secrets',
 *   createdWhen: 'an account connects',
 * });
 * ```
 */
export function grantSecretsUnder(
  target: GrantTarget,
  prefix: string,
  actions: string[],
  secrets: { what: string; createdWhen: string },
): void {
  const pattern = `${prefix}/*`;
  const arn = Stack.of(target).formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: pattern,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  target.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [arn] }));
  acknowledgeNag(
    target,
    `AwsSolutions-IAM5[Resource::${nagLabel(arn, target)}]`,
    `${pattern} names ${secrets.what}, created at runtime when ${secrets.createdWhen}; ` +
      'their names are not known at deploy time.',
  );
}
