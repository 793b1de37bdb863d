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

/**
 * Stack names (and construct ids) of a stage: `DwollaStateful-sandbox`, `DwollaStateless-sandbox`.
 * CloudFormation updates a stack of the same name in place, so a stage without its own names
 * would overwrite another one deployed in the account.
 *
 * @example
 * ```ts
 * stackNames('production').stateful; // 'DwollaStateful-production'
 * ```
 */
export function stackNames(stage: string): { stateful: string; stateless: string } {
  return { stateful: `DwollaStateful-${stage}`, stateless: `DwollaStateless-${stage}` };
}

/**
 * Root of every Secrets Manager name; a stage's secrets live under `dwolla-serverless/<stage>/`.
 *
 * @example
 * ```ts
 * `${SECRET_NAME_ROOT}/sandbox/accounts`; // the sandbox stage's account token secrets
 * ```
 */
export const SECRET_NAME_ROOT = 'dwolla-serverless';

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
  const names = stackNames(settings.stage);
  const stateful = new DwollaStatefulStack(app, names.stateful, {
    env,
    description: `dwolla-serverless ${settings.stage} data (Dwolla ${settings.dwollaEnvironment}): table, events topic, queues, secrets`,
    secretNamePrefix: `${SECRET_NAME_ROOT}/${settings.stage}`,
    terminationProtection: true,
  });
  const stateless = new DwollaStatelessStack(app, names.stateless, {
    env,
    description: `dwolla-serverless ${settings.stage} code (Dwolla ${settings.dwollaEnvironment}): HTTP API, functions, schedules, alarms`,
    stateful: stateful.resources,
    settings,
  });

  Tags.of(app).add('project', 'dwolla-serverless');
  Tags.of(app).add('dwolla-environment', settings.dwollaEnvironment);
  Tags.of(app).add('stage', settings.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless };
}
