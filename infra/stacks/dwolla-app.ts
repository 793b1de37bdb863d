import { type App, type Environment, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { DeploymentSettings } from './settings.js';
import { DwollaStatefulStack } from './stateful-stack.js';
import { DwollaStatelessStack } from './stateless-stack.js';

/** The two stacks of one deployment. */
export interface DwollaStacks {
  readonly stateful: DwollaStatefulStack;
  readonly stateless: DwollaStatelessStack;
}

/** Stack names (and construct ids) of a deployment. */
export const STACK_NAMES = { stateful: 'DwollaStateful', stateless: 'DwollaStateless' } as const;

/**
 * Adds the stateful and stateless stacks to `app`, joined by typed props, tags them, and
 * registers cdk-nag's AWS Solutions checks: synthesis fails on any finding that was not
 * acknowledged with a reason.
 *
 * @example
 * ```ts
 * const app = new App();
 * addDwollaStacks(app, readDeploymentSettings((key) => app.node.tryGetContext(key)));
 * app.synth();
 * ```
 */
export function addDwollaStacks(
  app: App,
  settings: DeploymentSettings,
  env?: Environment,
): DwollaStacks {
  const stateful = new DwollaStatefulStack(app, STACK_NAMES.stateful, {
    env,
    description: 'dwolla-serverless data: table, events topic, queues, secrets',
    secretNamePrefix: settings.secretNamePrefix,
    terminationProtection: true,
  });
  const stateless = new DwollaStatelessStack(app, STACK_NAMES.stateless, {
    env,
    description: 'dwolla-serverless code: HTTP API, functions, schedules, alarms',
    stateful: stateful.resources,
    settings,
  });

  Tags.of(app).add('project', 'dwolla-serverless');
  Tags.of(app).add('dwolla-environment', settings.dwollaEnvironment);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless };
}
