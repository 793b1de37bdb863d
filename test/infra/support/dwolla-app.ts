import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnResource, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { addDwollaStacks, type DwollaStacks } from '../../../infra/stacks/dwolla-app.js';
import { type ContextKey, readDeploymentSettings } from '../../../infra/stacks/settings.js';

/** The context `cdk.json` gives every `cdk synth`: the feature flags the templates are built with. */
export const CDK_JSON_CONTEXT: Readonly<Record<string, unknown>> = JSON.parse(
  readFileSync(join(process.cwd(), 'cdk.json'), 'utf8'),
).context;

/** A synthesized deployment, as `npx cdk synth` builds it (cdk-nag included). */
export interface SynthesizedDwollaApp extends DwollaStacks {
  readonly app: App;
  readonly assembly: CloudAssembly;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

/**
 * Builds and synthesizes the real app. `bundle: false` skips esbuild (CDK's
 * `aws:cdk:bundling-stacks` context) for tests that only look at one rule.
 */
export function synthDwollaApp(
  context: Partial<Record<ContextKey, string>> = {},
  options: { bundle?: boolean; beforeSynth?: (stacks: DwollaStacks) => void } = {},
): SynthesizedDwollaApp {
  const app = new App({
    context: {
      ...CDK_JSON_CONTEXT,
      ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
  });
  const stacks = addDwollaStacks(
    app,
    readDeploymentSettings((key) => context[key]),
  );
  options.beforeSynth?.(stacks);
  const assembly = app.synth();
  return {
    app,
    assembly,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate: Template.fromStack(stacks.stateless),
  };
}

/** The logical id of a construct's CloudFormation resource. */
export function logicalIdOf(construct: IConstruct): string {
  const resource = (construct.node.defaultChild ?? construct) as CfnResource;
  return (resource.stack as Stack).getLogicalId(resource);
}

/** The validation report CDK writes next to the templates (cdk-nag's findings). */
export function readValidationReport(assembly: CloudAssembly): {
  pluginReports: { pluginName?: string; violations?: unknown[] }[];
} {
  return JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
}
