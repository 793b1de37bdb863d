import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { FUNCTIONS, type FunctionAccess, type FunctionName } from '../definition.js';
import { type EnvironmentValues, functionEnvironment } from '../function-environment.js';
import { tableVaultActions } from '../function-permissions.js';
import type { DeploymentSettings } from '../stacks/settings.js';
import type { StatefulResources } from '../stacks/stateful-stack.js';
import { DwollaFunction } from './dwolla-function.js';
import { pascal } from './names.js';

/** Every function of the definition, by name. */
export type DwollaFunctions = Readonly<Record<FunctionName, DwollaFunction>>;

/** Props of {@link createFunctions}. */
export interface DwollaFunctionsProps {
  readonly stateful: StatefulResources;
  readonly settings: DeploymentSettings;
  /** The values their environment variables are derived from (`functionEnvironment`). */
  readonly values: EnvironmentValues;
  /** Encrypts the per-account token secrets (or the table vault's token pairs). */
  readonly tokenSecretsKey: kms.IKey;
  /** Powertools service name: the `service` dimension of every metric. */
  readonly serviceName: string;
}

/**
 * One {@link DwollaFunction} per entry of `FUNCTIONS`, created in `scope` under its pascal-cased
 * name (`TransferGet`), each granted exactly the access its definition declares.
 *
 * @example
 * ```ts
 * const functions = createFunctions(this, { stateful, settings, values, tokenSecretsKey, serviceName });
 * ```
 */
export function createFunctions(scope: Construct, props: DwollaFunctionsProps): DwollaFunctions {
  return Object.fromEntries(
    (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => {
      const definition = FUNCTIONS[name];
      const fn = new DwollaFunction(scope, pascal(name), {
        definition,
        tokenVault: props.settings.tokenVault,
        environment: {
          POWERTOOLS_SERVICE_NAME: props.serviceName,
          ...functionEnvironment(name, props.values),
        },
      });
      grantAccess(fn, definition.access, props);
      return [name, fn];
    }),
  ) as Record<FunctionName, DwollaFunction>;
}

/** Turns a function's declared access into its `bind*` grants, the narrowest of each. */
function grantAccess(fn: DwollaFunction, access: FunctionAccess, props: DwollaFunctionsProps) {
  const { stateful, settings, tokenSecretsKey } = props;
  if (access.table) fn.bindTable(stateful.table, access.table);
  if (access.publishEvents) fn.bindTopicPublish(stateful.eventsTopic, stateful.eventsKey);
  for (const queueName of access.sendTo ?? []) {
    fn.bindQueueSend(stateful.queues[queueName].queue);
  }
  if (access.appSecret) fn.bindSecretRead(stateful.appSecret);
  if (access.webhookSecret) fn.bindSecretRead(stateful.webhookSecret);
  if (access.accountSecrets && settings.tokenVault === 'kms-table') {
    fn.bindTableTokenVault(
      stateful.table,
      tokenSecretsKey,
      tableVaultActions(access.accountSecrets),
    );
  } else if (access.accountSecrets) {
    fn.bindAccountSecrets(stateful.accountSecretPrefix, access.accountSecrets, tokenSecretsKey);
  }
  if (access.endpointSecrets) {
    fn.bindEndpointSecrets(stateful.endpointSecretPrefix, access.endpointSecrets);
  }
}
