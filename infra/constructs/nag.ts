import { Stack, Validations } from 'aws-cdk-lib';
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

/**
 * How cdk-nag spells a value in a finding id: literal text kept, `{ Ref: X }` as `<X>` and
 * `{ "Fn::GetAtt": [A, B] }` as `<A.B>`, so that an acknowledgement names the exact resource.
 *
 * @example
 * ```ts
 * acknowledgeNag(fn, `AwsSolutions-IAM5[Resource::${nagLabel(arn, fn)}]`, 'names created at runtime');
 * ```
 */
export function nagLabel(value: string, scope: IConstruct): string {
  const render = (part: unknown): string => {
    if (typeof part === 'string') return part;
    const record = (part ?? {}) as Record<string, unknown>;
    if (typeof record.Ref === 'string') return `<${record.Ref}>`;
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${getAtt.join('.')}>`;
    const join = record['Fn::Join'];
    if (Array.isArray(join)) {
      const [separator, parts] = join as [string, unknown[]];
      return parts.map(render).join(separator);
    }
    return JSON.stringify(part);
  };
  return render(Stack.of(scope).resolve(value));
}
