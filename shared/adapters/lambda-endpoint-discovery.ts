/**
 * The DynamoDB client's endpoint-discovery configuration in the Lambda bundles. The CDK bundling
 * (`LAMBDA_BUNDLING` in `infra/constructs/dwolla-function.ts`) aliases
 * `@aws-sdk/middleware-endpoint-discovery` to this module. The DynamoDB client resolves its
 * discovery settings at construction, and only the discovery middleware, which an operation adds
 * when its model asks for discovery, ever reads them; none of DynamoDB's operations does
 * (`test/unit/lambda-bundling.test.ts` checks every command of the client). So the settings are
 * resolved as the SDK resolves them, without building the endpoint cache that nothing reads
 * (the SDK's is a `mnemonist` LRU cache: about 8 KB minified with this module's own code). This module exports no
 * `getEndpointDiscoveryPlugin`: an SDK update whose operation needed discovery would fail to
 * bundle rather than run without it. Outside a bundle (local runner, tests) the SDK's own
 * module is used.
 *
 * @example
 * ```ts
 * // esbuild: { alias: { '@aws-sdk/middleware-endpoint-discovery': 'shared/adapters/lambda-endpoint-discovery.ts' } }
 * ```
 */

/** The variables and config-file key the SDK reads discovery's on/off switch from. */
const ENV_ENDPOINT_DISCOVERY = ['AWS_ENABLE_ENDPOINT_DISCOVERY', 'AWS_ENDPOINT_DISCOVERY_ENABLED'];
const CONFIG_ENDPOINT_DISCOVERY = 'endpoint_discovery_enabled';

/** The SDK's reading of a switch's value: anything but `false` and `0` turns discovery on. */
const isOn = (value: string | undefined) => value !== 'false' && value !== '0';

/** Where the on/off switch is read from, as the SDK's `NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS`. */
export const NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS = {
  environmentVariableSelector: (env: Record<string, string | undefined>): boolean | undefined => {
    const name = ENV_ENDPOINT_DISCOVERY.find((candidate) => candidate in env);
    if (name === undefined) return undefined;
    if (env[name] === '') {
      throw Error(`Environment variable ${name} can't be empty of undefined, got ""`);
    }
    return isOn(env[name]);
  },
  configFileSelector: (profile: Record<string, string | undefined>): boolean | undefined => {
    if (!(CONFIG_ENDPOINT_DISCOVERY in profile)) return undefined;
    const value = profile[CONFIG_ENDPOINT_DISCOVERY];
    if (value === undefined) {
      throw Error(
        `Shared config entry ${CONFIG_ENDPOINT_DISCOVERY} can't be undefined, got "undefined"`,
      );
    }
    return isOn(value);
  },
  default: undefined,
};

/** What the client passes in: its options and the `endpointDiscoveryEnabledProvider` of its runtime config. */
export interface EndpointDiscoveryInput {
  endpointDiscoveryEnabled?: boolean;
  endpointDiscoveryEnabledProvider: () => Promise<boolean | undefined>;
}

/**
 * The SDK's `resolveEndpointDiscoveryConfig` without the `endpointCache` it would build.
 *
 * @example
 * ```ts
 * const config = resolveEndpointDiscoveryConfig(input, { endpointDiscoveryCommandCtor: DescribeEndpointsCommand });
 * ```
 */
export function resolveEndpointDiscoveryConfig<T extends EndpointDiscoveryInput>(
  input: T,
  { endpointDiscoveryCommandCtor }: { endpointDiscoveryCommandCtor: unknown },
) {
  const { endpointDiscoveryEnabled, endpointDiscoveryEnabledProvider } = input;
  return Object.assign(input, {
    endpointDiscoveryCommandCtor,
    endpointDiscoveryEnabled:
      endpointDiscoveryEnabled !== undefined
        ? () => Promise.resolve(endpointDiscoveryEnabled)
        : endpointDiscoveryEnabledProvider,
    isClientEndpointDiscoveryEnabled: endpointDiscoveryEnabled !== undefined,
  });
}
