import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TOKEN_VAULT_CONTEXT_PURPOSE } from '../../shared/accounts/dynamodb-kms-token-vault.js';
import type { TokenVaultName } from '../../shared/config/runtime.js';
import type {
  AccountSecretAction,
  FunctionDefinition,
  ItemAction,
  TableGrant,
} from '../definition.js';
import { ACCOUNT_SECRET_ACTIONS, ENDPOINT_SECRET_ACTIONS } from '../function-permissions.js';
import { grantKeyUse, grantSecretsUnder, grantTableItems } from './function-grants.js';
import { acknowledgeNag } from './nag.js';

/** The repository root: entry paths in `infra/definition.ts` are relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Powertools service name and metrics namespace shared by every function. */
export const POWERTOOLS = { serviceName: 'dwolla-serverless', namespace: 'DwollaServerless' };

/** The expression the bundling replaces with the deployed vault (see `shared/accounts/aws.ts`). */
const BUNDLED_TOKEN_VAULT = 'process.env.DWOLLA_BUNDLED_TOKEN_VAULT';

/**
 * The esbuild settings of every Lambda bundle, in one place: the construct below passes them to
 * `NodejsFunction` and `bench/bundles.ts` to esbuild's API, so the measured bundles are the
 * deployed ones. ESM, minified, Node 22, the AWS SDK bundled and resolved from its ESM build
 * (`mainFields`) so it tree-shakes. Size rules, each safe only because this is Lambda:
 * - `alias`: the SDK's default credential chain becomes the environment provider
 *   (`shared/adapters/lambda-credential-provider.ts`): Lambda always sets the role's credentials
 *   in the environment, and the other providers bring the STS/SSO clients (~120 KB).
 *   The DynamoDB client's endpoint-discovery settings are resolved without the LRU endpoint
 *   cache (`mnemonist`) that only the discovery middleware reads, which no DynamoDB operation
 *   adds (`shared/adapters/lambda-endpoint-discovery.ts`, ~8 KB with the cache). The clients' SHA-256 (and
 *   SQS's MD5) become the `node:crypto` hashes without the SDK's pure-JavaScript fallbacks,
 *   which only a runtime without `node:crypto` would use (`shared/adapters/lambda-checksum.ts`, ~3-4 KB). Each
 *   replacement is checked against the SDK's own in `test/unit/lambda-bundling.test.ts`, and
 *   `test/infra/lambda-bundles.test.ts` fails if a bundle contains an aliased module again.
 * - `external`: `@smithy/core/event-streams` is only `import()`ed for event-stream operations,
 *   which none of our services (DynamoDB, SQS, SNS, Secrets Manager) has (~15 KB).
 * - `define`: the token vault is a deploy-time choice, baked in so a bundle carries only that
 *   vault's SDK client (the KMS client is ~27 KB; `shared/accounts/aws.ts`).
 *
 * @example
 * ```ts
 * const external = [...LAMBDA_BUNDLING.external]; // as `bench/bundles.ts` passes them to esbuild
 * ```
 */
export const LAMBDA_BUNDLING = {
  minify: true,
  sourceMap: true,
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  // The bundle is ESM; packages that still call `require` (some AWS SDK internals) need one.
  banner:
    "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  external: ['@smithy/core/event-streams'],
  define: { [BUNDLED_TOKEN_VAULT]: JSON.stringify('secrets-manager') },
  alias: {
    '@aws-sdk/credential-provider-node': `${PROJECT_ROOT}shared/adapters/lambda-credential-provider.ts`,
    '@aws-sdk/middleware-endpoint-discovery': `${PROJECT_ROOT}shared/adapters/lambda-endpoint-discovery.ts`,
    '@smithy/core/checksum': `${PROJECT_ROOT}shared/adapters/lambda-checksum.ts`,
  },
} as const;

/**
 * The AWS Parameters and Secrets Lambda Extension of the functions whose definition sets
 * `secretsExtension` (`shared/adapters/secrets-extension-client.ts` reads through it). Its cache
 * is off: the function keeps its own cache, whose rules (the webhook secret re-read at most once
 * a minute after a signature mismatch, a placeholder value never kept) a second cache with its
 * own TTL would break.
 */
const SECRETS_EXTENSION = lambda.ParamsAndSecretsLayerVersion.fromVersion(
  lambda.ParamsAndSecretsVersions.V1_0_103,
  { cacheEnabled: false },
);

/** Props of {@link DwollaFunction}: one entry of `FUNCTIONS` in `infra/definition.ts`. */
export interface DwollaFunctionProps {
  readonly definition: FunctionDefinition;
  /** Its variables, as `functionEnvironment` (`infra/function-environment.ts`) derives them. */
  readonly environment?: Readonly<Record<string, string>>;
  /** The deployed token vault, baked into the bundle (default `secrets-manager`). */
  readonly tokenVault?: TokenVaultName;
}

/**
 * The project's one Lambda function construct: Node 22 on arm64, X-Ray active tracing, a log
 * group kept one year (retained), esbuild bundle (ESM, minified, source maps, AWS SDK bundled), and an
 * execution role that starts with nothing but writing its own logs. Every other permission is
 * added by a `bind*` helper; the environment comes from the function's definition.
 *
 * @example
 * ```ts
 * const fn = new DwollaFunction(this, 'TransferGet', { definition: FUNCTIONS.transferGet });
 * fn.bindTable(table, 'read');
 * ```
 */
export class DwollaFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: DwollaFunctionProps) {
    super(scope, id);
    const { definition } = props;

    // Kept a year and never deleted with the stack: the logs are the audit trail.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: logs only to this function's group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: `${PROJECT_ROOT}${definition.entry}`,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      description: definition.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: definition.memoryMb,
      timeout: Duration.seconds(definition.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      ...(definition.secretsExtension ? { paramsAndSecrets: SECRETS_EXTENSION } : {}),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: POWERTOOLS.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: POWERTOOLS.namespace,
        ...props.environment,
      },
      bundling: {
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: LAMBDA_BUNDLING.sourceMap,
        format: OutputFormat.ESM,
        target: LAMBDA_BUNDLING.target,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        banner: LAMBDA_BUNDLING.banner,
        externalModules: [...LAMBDA_BUNDLING.external],
        define: {
          ...LAMBDA_BUNDLING.define,
          [BUNDLED_TOKEN_VAULT]: JSON.stringify(props.tokenVault ?? 'secrets-manager'),
        },
        esbuildArgs: {
          '--alias': Object.entries(LAMBDA_BUNDLING.alias).map(([from, to]) => `${from}=${to}`),
        },
        bundleAwsSDK: true,
        forceDockerBundling: false,
        logLevel: LogLevel.WARNING,
      },
    });

    acknowledgeNag(
      this,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray active tracing needs xray:PutTraceSegments and ' +
        'xray:PutTelemetryRecords, which support no resource-level permission (Resource *).',
    );
    acknowledgeNag(
      this,
      'AwsSolutions-L1',
      'the project pins Node.js 22 (the runtime its code and tests target); ' +
        'moving to a newer runtime is a deliberate upgrade, not a drift.',
    );
  }

  /**
   * Grants DynamoDB item actions, one statement per grant: only the actions named, on the table
   * or on one named index (no `index/*` wildcard), and only on the items whose partition key
   * starts with the grant's key prefixes (`dynamodb:LeadingKeys`).
   *
   * @example
   * ```ts
   * fn.bindTable(table, [{ keys: ['account'], actions: ['GetItem'] }]);
   * ```
   */
  bindTable(table: ITable, grants: readonly TableGrant[]): this {
    grantTableItems(this, table, grants);
    return this;
  }

  /**
   * Grants what the table token vault needs (`TOKEN_VAULT=kms-table`): its actions on the
   * account items (`ACCOUNT#`), and `kms:Decrypt` / `kms:GenerateDataKey` on the token key only
   * for this vault's encryption context, in the role policy and in the key policy.
   *
   * @example
   * ```ts
   * fn.bindTableTokenVault(table, tokenKey, ['UpdateItem', 'PutItem', 'GetItem']);
   * ```
   */
  bindTableTokenVault(table: ITable, key: kms.IKey, actions: readonly ItemAction[]): this {
    this.bindTable(table, [{ keys: ['account'], actions }]);
    grantKeyUse(this, key, {
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      conditions: {
        StringEquals: { 'kms:EncryptionContext:purpose': TOKEN_VAULT_CONTEXT_PURPOSE },
      },
      sidPrefix: 'TokenVault',
    });
    return this;
  }

  /**
   * Grants `sqs:SendMessage` (and the key use it implies) on one queue.
   *
   * @example
   * ```ts
   * fn.bindQueueSend(tokenRefreshQueue);
   * ```
   */
  bindQueueSend(queue: IQueue): this {
    queue.grantSendMessages(this.function);
    return this;
  }

  /**
   * Grants `sns:Publish` on the events topic and the use of its key that publishing to an
   * encrypted topic needs (through SNS only).
   *
   * @example
   * ```ts
   * fn.bindTopicPublish(eventsTopic, eventsKey);
   * ```
   */
  bindTopicPublish(topic: ITopic, key: kms.IKey): this {
    const stack = Stack.of(this);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sns.${stack.region}.amazonaws.com` } },
      }),
    );
    return this;
  }

  /**
   * Grants `GetSecretValue`/`DescribeSecret` on one secret.
   *
   * @example
   * ```ts
   * fn.bindSecretRead(webhookSecret);
   * ```
   */
  bindSecretRead(secret: ISecret): this {
    secret.grantRead(this.function);
    return this;
  }

  /**
   * Grants the named actions on the per-account token secrets `<prefix>/*`. They are created at
   * runtime (one per connected account), so the grant is a name pattern. A function that reads
   * or writes a pair also gets the key use it needs on `key` (through Secrets Manager only); the
   * key's own policy names the same roles.
   *
   * @example
   * ```ts
   * fn.bindAccountSecrets('dwolla-serverless/accounts', ['read', 'write'], tokenSecretsKey);
   * ```
   */
  bindAccountSecrets(prefix: string, access: readonly AccountSecretAction[], key: kms.IKey): this {
    grantSecretsUnder(
      this,
      prefix,
      access.flatMap((action) => ACCOUNT_SECRET_ACTIONS[action]),
      { what: 'the per-account Dwolla token secrets', createdWhen: 'an account connects' },
    );
    const keyActions = [
      ...(access.includes('read') || access.includes('write') ? ['kms:Decrypt'] : []),
      ...(access.includes('write') ? ['kms:GenerateDataKey'] : []),
    ];
    if (keyActions.length > 0) {
      grantKeyUse(this, key, {
        actions: keyActions,
        conditions: {
          StringEquals: {
            'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com`,
          },
        },
        sidPrefix: 'TokenSecrets',
      });
    }
    return this;
  }

  /**
   * Grants access to the per-endpoint notification secrets `<prefix>/*`. `manage` is create,
   * tag and delete — never read, so the endpoints API cannot read a secret back; `read` is the
   * delivery function's `GetSecretValue`.
   *
   * @example
   * ```ts
   * fn.bindEndpointSecrets('dwolla-serverless/webhook-endpoints', 'read');
   * ```
   */
  bindEndpointSecrets(prefix: string, access: 'manage' | 'read'): this {
    grantSecretsUnder(this, prefix, [...ENDPOINT_SECRET_ACTIONS[access]], {
      what: 'the per-endpoint notification signing secrets',
      createdWhen: 'an app registers an endpoint',
    });
    return this;
  }

  /**
   * Sets a plain environment variable (no grant).
   *
   * @example
   * ```ts
   * fn.setEnv('DWOLLA_API_URL', 'https://api-sandbox.dwolla.com');
   * ```
   */
  setEnv(name: string, value: string): this {
    this.function.addEnvironment(name, value);
    return this;
  }
}
