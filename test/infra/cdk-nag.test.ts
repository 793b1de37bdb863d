import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  readValidationReport,
  type SynthesizedDwollaApp,
  synthDwollaApp,
} from './support/dwolla-app.js';

const ACKNOWLEDGED = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;

describe('cdk-nag AWS Solutions checks', () => {
  let synthesized: SynthesizedDwollaApp;
  let acknowledgements: { path: string; id: string; reason: string }[];

  beforeAll(() => {
    // Prepare: bundling is skipped, it changes asset hashes only, never a checked property.
    synthesized = synthDwollaApp({}, { bundle: false });
    acknowledgements = synthesized.app.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === ACKNOWLEDGED)
        .flatMap((entry) =>
          Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
            path: construct.node.path,
            id,
            reason,
          })),
        ),
    );
  });

  it('leaves no finding unacknowledged in either stack', () => {
    // Act
    const report = readValidationReport(synthesized.assembly);
    const annotations = [synthesized.stateful, synthesized.stateless].flatMap((stack) => [
      ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ]);

    // Assess
    expect(report.pluginReports.flatMap((plugin) => plugin.violations ?? [])).toEqual([]);
    expect(annotations).toEqual([]);
  });

  it('gives every acknowledgement its rule id and a reason that names the rule', () => {
    // Assess
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledgements) {
      const rule = /AwsSolutions-[A-Z]+\d+/.exec(id)?.[0];
      expect(rule, `${path}: ${id}`).toBeDefined();
      expect(reason.length, `${path}: ${id}`).toBeGreaterThanOrEqual(10);
      expect(reason.startsWith(`${rule}: `), `${path}: ${reason}`).toBe(true);
    }
  });

  it('acknowledges IAM wildcards one resource at a time, never the whole rule', () => {
    // Prepare
    const iam5 = new Set(acknowledgements.filter((a) => a.id.includes('IAM5')).map((a) => a.id));

    // Assess
    expect([...iam5].sort()).toEqual([
      'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:dwolla-serverless/sandbox/accounts/*]',
      'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:dwolla-serverless/sandbox/webhook-endpoints/*]',
    ]);
  });

  it('fails synthesis when a resource breaks a rule and nobody acknowledged it', () => {
    // Act
    const synth = () =>
      synthDwollaApp(
        {},
        {
          bundle: false,
          beforeSynth: ({ stateful }) => {
            new sqs.Queue(stateful, 'QueueWithoutDlq');
          },
        },
      );

    // Assess
    expect(synth).toThrow(/AwsSolutions-SQS3/);
  });
});
