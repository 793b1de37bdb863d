import type { HookableClient, SdkClientHook } from '../../shared/adapters/sdk-client-hook.js';
import { FUNCTIONS, type FunctionName } from '../definition.js';
import type { EnvironmentValues } from '../function-environment.js';
import {
  functionPermissions,
  type Permission,
  type PermissionResource,
} from '../function-permissions.js';
import { AccessDeniedError } from './errors.js';

import {
  type RequestedAccess,
  type RequestTarget,
  requestedAccess,
  type WireRequest,
} from './requested-access.js';

/** The name a secret id (name or ARN) stands for. */
const secretName = (secretId: string): string =>
  secretId.startsWith('arn:')
    ? secretId.split(':secret:')[1]!.replace(/-[A-Za-z0-9]{6}$/, '')
    : secretId;

function matches(
  resource: PermissionResource,
  target: RequestTarget,
  values: EnvironmentValues,
): boolean {
  switch (resource.kind) {
    case 'table':
      return (
        target.service === 'dynamodb' &&
        target.table === values.tableName &&
        target.index === resource.index
      );
    case 'eventsTopic':
      return target.service === 'sns' && target.topicArn === values.eventsTopicArn;
    case 'queue':
      return target.service === 'sqs' && target.queueUrl === values.queueUrls[resource.queue];
    case 'secret': {
      const id = resource.secret === 'app' ? values.appSecretId : values.webhookSecretId;
      return target.service === 'secretsmanager' && secretName(target.secretId) === id;
    }
    case 'secretPrefix': {
      const prefix =
        resource.secrets === 'accounts' ? values.accountSecretPrefix : values.endpointSecretPrefix;
      return (
        target.service === 'secretsmanager' && secretName(target.secretId).startsWith(`${prefix}/`)
      );
    }
    case 'tokenVaultKey':
      return target.service === 'kms' && target.keyId === values.tokenVault?.kmsKeyId;
  }
}

function describe(target: RequestTarget): string {
  switch (target.service) {
    case 'dynamodb':
      return `table/${target.table}${target.index ? `/index/${target.index}` : ''}`;
    case 'sns':
      return target.topicArn;
    case 'sqs':
      return target.queueUrl;
    case 'secretsmanager':
      return `secret:${target.secretId}`;
    case 'kms':
      return `key/${target.keyId}`;
    case 'unknown':
      return target.description;
  }
}

/**
 * Throws {@link AccessDeniedError} unless one of `permissions` allows `requested`: its action, on
 * its resource, and (for DynamoDB) every partition key it touches starting with one of the
 * permission's leading keys (`ForAllValues:StringLike`, as the CDK grants write it).
 *
 * @example
 * ```ts
 * authorize('transferGet', functionPermissions('transferGet'), values, requestedAccess(request));
 * ```
 */
export function authorize(
  functionName: string,
  permissions: readonly Permission[],
  values: EnvironmentValues,
  requested: readonly RequestedAccess[],
): void {
  for (const access of requested) {
    const onResource = permissions.filter(
      (permission) =>
        permission.actions.includes(access.action) &&
        matches(permission.resource, access.target, values),
    );
    if (onResource.length === 0) {
      throw new AccessDeniedError(
        functionName,
        access.action,
        describe(access.target),
        `no identity-based policy allows the ${access.action} action`,
      );
    }
    const allowed = onResource.some(
      (permission) =>
        !permission.leadingKeys ||
        access.leadingKeys.every((key) =>
          permission.leadingKeys!.some((prefix) => key.startsWith(prefix)),
        ),
    );
    if (!allowed) {
      throw new AccessDeniedError(
        functionName,
        access.action,
        describe(access.target),
        `no identity-based policy allows it on the items ${access.leadingKeys.join(', ')} ` +
          '(dynamodb:LeadingKeys)',
      );
    }
  }
}

/** Options of {@link accessCheckHooks}. */
export interface AccessCheckOptions {
  /** The local resources the permissions name (the functions' environment values). */
  readonly values: EnvironmentValues;
  /** The local stack runs the KMS table vault (its key use is then allowed). */
  readonly kmsTableVault: boolean;
}

/**
 * The SDK client hook of each function (`shared/adapters/sdk-client-hook.ts`): it adds a
 * middleware that refuses, as AWS would, any call the function's definition does not grant.
 * `undefined` for a name the definition does not know.
 *
 * @example
 * ```ts
 * const hookOf = accessCheckHooks({ values, kmsTableVault: false });
 * createLambdaRuntime({ rootDir, environmentOf, clientHookOf: hookOf });
 * ```
 */
export function accessCheckHooks(
  options: AccessCheckOptions,
): (functionName: string) => SdkClientHook | undefined {
  return (functionName) => {
    if (!(functionName in FUNCTIONS)) return undefined;
    const permissions = functionPermissions(functionName as FunctionName, {
      kmsTableVault: options.kmsTableVault,
    });
    const middleware =
      (next: (args: { request: WireRequest }) => Promise<unknown>) =>
      async (args: { request: WireRequest }) => {
        authorize(functionName, permissions, options.values, requestedAccess(args.request));
        return next(args);
      };
    return (client: HookableClient) =>
      client.middlewareStack.add(middleware as never, { step: 'build', name: 'localAccessCheck' });
  };
}
