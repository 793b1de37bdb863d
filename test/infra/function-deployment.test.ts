import type { Policy } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionDefinition, type FunctionName } from '../../infra/definition.js';
import { type EnvironmentValues, functionEnvironment } from '../../infra/function-environment.js';
import { functionPermissions } from '../../infra/function-permissions.js';
import { logicalIdOf, type SynthesizedDwollaApp, synthDwollaApp } from './support/dwolla-app.js';

const NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** Any values: only which variables a function gets is compared (the CDK app sets the KMS key). */
const VALUES: EnvironmentValues = {
  tableName: 't',
  tokenRefreshWindowDays: '15',
  eventsTopicArn: 'a',
  queueUrls: {
    eventStore: 'q',
    transferChain: 'q',
    paymentRecords: 'q',
    tokenRefresh: 'q',
    notifications: 'q',
  },
  appSecretId: 's',
  webhookSecretId: 's',
  dwolla: {
    apiUrl: 'u',
    tokenUrl: 'u',
    authorizeUrl: 'u',
    clientAuth: 'basic',
    oauthRedirectUri: 'u',
    oauthReturnUrlAllowlist: '',
  },
  accountSecretPrefix: 'p',
  accountSecretKmsKeyId: 'k',
  endpointSecretPrefix: 'p',
  notificationRetryDelaysSeconds: '1',
};

/** What every function gets from the construct itself, whatever its definition. */
const CONSTRUCT_VARIABLES = [
  'NODE_OPTIONS',
  'POWERTOOLS_METRICS_NAMESPACE',
  'POWERTOOLS_SERVICE_NAME',
];

/** What the Parameters and Secrets Lambda Extension's layer adds (`secretsExtension`). */
const SECRETS_EXTENSION_VARIABLES = [
  'PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED',
  'PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE',
  'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT',
  'PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL',
  'PARAMETERS_SECRETS_EXTENSION_MAX_CONNECTIONS',
  'SECRETS_MANAGER_TIMEOUT_MILLIS',
  'SECRETS_MANAGER_TTL',
  'SSM_PARAMETER_STORE_TIMEOUT_MILLIS',
  'SSM_PARAMETER_STORE_TTL',
];

/** Actions a role gets besides its definition's: logs, tracing, key use through a service, the table stream. */
const PLATFORM_ACTION =
  /^(logs|xray|kms):|^dynamodb:(DescribeStream|GetRecords|GetShardIterator|ListStreams)$/;

describe('Deployed functions and their definitions', () => {
  let synthesized: SynthesizedDwollaApp;
  let resources: Record<
    string,
    {
      Properties: {
        Environment?: { Variables: Record<string, string> };
        PolicyDocument?: { Statement: { Action: string | string[] }[] };
      };
    }
  >;

  beforeAll(() => {
    // Prepare: templates only (no esbuild): the environment and the grants are what is compared.
    synthesized = synthDwollaApp({}, { bundle: false });
    resources = synthesized.statelessTemplate.toJSON().Resources;
  });

  it.each(NAMES)('gives %s exactly the environment its definition derives', (name) => {
    // Prepare
    const fn = synthesized.stateless.functions[name].function;

    // Act
    const variables = Object.keys(resources[logicalIdOf(fn)]!.Properties.Environment!.Variables);

    // Assess
    expect(variables.sort()).toEqual(
      [
        ...Object.keys(functionEnvironment(name, VALUES)),
        ...CONSTRUCT_VARIABLES,
        ...((FUNCTIONS[name] as FunctionDefinition).secretsExtension
          ? SECRETS_EXTENSION_VARIABLES
          : []),
      ].sort(),
    );
  });

  it.each(NAMES)(
    'grants %s exactly the actions its derived permissions name (the local check enforces the same)',
    (name) => {
      // Prepare
      const policy = synthesized.stateless.functions[name].role.node.findChild('DefaultPolicy');
      const statements =
        resources[logicalIdOf(policy as Policy)]!.Properties.PolicyDocument!.Statement;

      // Act
      const granted = new Set(
        statements
          .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
          .filter((a) => !PLATFORM_ACTION.test(a)),
      );
      const derived = new Set(
        functionPermissions(name).flatMap((permission) => permission.actions),
      );

      // Assess
      expect([...granted].sort()).toEqual([...derived].sort());
    },
  );
});
