import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/** Fixed logical id of the token secrets' KMS key: replacing it would orphan every secret. */
export const TOKEN_SECRETS_KEY_LOGICAL_ID = 'TokenSecretsKey';

/**
 * The customer-managed key of the token secrets, rotated yearly. Its policy lets the account
 * administer it but use it nobody: each function that reads or writes a pair is named in it
 * by `bindAccountSecrets`. Kept when the stack goes (the secrets it encrypts outlive it).
 *
 * @example
 * ```ts
 * const tokenSecretsKey = createTokenSecretsKey(this);
 * ```
 */
export function createTokenSecretsKey(scope: Construct): kms.Key {
  const key = new kms.Key(scope, TOKEN_SECRETS_KEY_LOGICAL_ID, {
    description: 'dwolla-serverless: encrypts the per-account Dwolla token secrets',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
    policy: new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'KeyAdministration',
          principals: [new iam.AccountRootPrincipal()],
          actions: [
            'kms:Create*',
            'kms:Describe*',
            'kms:Enable*',
            'kms:List*',
            'kms:Put*',
            'kms:Update*',
            'kms:Revoke*',
            'kms:Disable*',
            'kms:Get*',
            'kms:Delete*',
            'kms:TagResource',
            'kms:UntagResource',
            'kms:ScheduleKeyDeletion',
            'kms:CancelKeyDeletion',
          ],
          resources: ['*'],
        }),
      ],
    }),
  });
  (key.node.defaultChild as kms.CfnKey).overrideLogicalId(TOKEN_SECRETS_KEY_LOGICAL_ID);
  return key;
}
