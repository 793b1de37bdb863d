import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag AWS Solutions finding on `scope` (and the constructs under it).
 * `finding` is the rule id, with the finding in brackets for granular rules
 * (`AwsSolutions-IAM5[Resource::*]`); the reason is prefixed with the rule so that every
 * acknowledgement in the assembly says which rule it answers and why.
 *
 * @example
 * ```ts
 * acknowledgeNag(secret, 'AwsSolutions-SMG4', 'the Dwolla key is rotated in the Dwolla dashboard');
 * ```
 */
export function acknowledgeNag(scope: IConstruct, finding: string, reason: string): void {
  const rule = finding.replace(/\[.*$/, '');
  Validations.of(scope).acknowledge({
    id: `AwsSolutions::${finding}`,
    reason: `${rule}: ${reason}`,
  });
}
