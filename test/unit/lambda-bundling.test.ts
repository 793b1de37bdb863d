import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS as SDK_DISCOVERY_OPTIONS,
  resolveEndpointDiscoveryConfig as sdkResolveEndpointDiscoveryConfig,
} from '@aws-sdk/middleware-endpoint-discovery';
import { Md5 as SdkMd5, Sha256 as SdkSha256 } from '@smithy/core/checksum';
import { describe, expect, it } from 'vitest';
import { Md5, Sha256, type SourceData } from '../../shared/adapters/lambda-checksum.js';
import {
  NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS,
  resolveEndpointDiscoveryConfig,
} from '../../shared/adapters/lambda-endpoint-discovery.js';

const DYNAMODB_CLIENT = join(process.cwd(), 'node_modules/@aws-sdk/client-dynamodb/dist-es');

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** What a selector answers, or the message it throws. */
function outcome(select: () => unknown): unknown {
  try {
    return select();
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
}

/** The switch's sources in every shape: unset, on, off, empty, both variables. */
const ENVIRONMENTS: Record<string, string | undefined>[] = [
  {},
  { AWS_ENABLE_ENDPOINT_DISCOVERY: 'true' },
  { AWS_ENABLE_ENDPOINT_DISCOVERY: 'false' },
  { AWS_ENABLE_ENDPOINT_DISCOVERY: '0' },
  { AWS_ENABLE_ENDPOINT_DISCOVERY: '' },
  { AWS_ENDPOINT_DISCOVERY_ENABLED: '1' },
  { AWS_ENDPOINT_DISCOVERY_ENABLED: 'false', AWS_ENABLE_ENDPOINT_DISCOVERY: 'true' },
];
const PROFILES: Record<string, string | undefined>[] = [
  {},
  { endpoint_discovery_enabled: 'true' },
  { endpoint_discovery_enabled: '0' },
  { endpoint_discovery_enabled: undefined },
  { endpoint_discovery_enabled: '' },
  { region: 'us-east-1' },
];

describe('Module: lambda-endpoint-discovery (the Lambda bundles\u2019 @aws-sdk/middleware-endpoint-discovery)', () => {
  it('reads the on/off switch from the same variables and config key as the SDK', () => {
    // Act
    const sdk = [
      ...ENVIRONMENTS.map((env) =>
        outcome(() => SDK_DISCOVERY_OPTIONS.environmentVariableSelector(env)),
      ),
      ...PROFILES.map((profile) =>
        outcome(() => SDK_DISCOVERY_OPTIONS.configFileSelector(profile)),
      ),
    ];
    const ours = [
      ...ENVIRONMENTS.map((env) =>
        outcome(() => NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS.environmentVariableSelector(env)),
      ),
      ...PROFILES.map((profile) =>
        outcome(() => NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS.configFileSelector(profile)),
      ),
    ];

    // Assess
    expect(ours).toEqual(sdk);
    expect(ours.slice(0, 4)).toEqual([undefined, true, false, false]);
    expect(NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS.default).toBe(SDK_DISCOVERY_OPTIONS.default);
  });

  it('resolves the client settings as the SDK does, without the endpoint cache nothing reads', async () => {
    for (const endpointDiscoveryEnabled of [true, false, undefined]) {
      // Prepare
      const input = () => ({
        region: 'us-east-1',
        ...(endpointDiscoveryEnabled === undefined ? {} : { endpointDiscoveryEnabled }),
        endpointDiscoveryEnabledProvider: async () => undefined,
      });
      const ctor = { name: 'DescribeEndpointsCommand' };

      // Act
      const { endpointCache, ...sdk } = sdkResolveEndpointDiscoveryConfig(
        input() as unknown as Parameters<typeof sdkResolveEndpointDiscoveryConfig>[0],
        {
          endpointDiscoveryCommandCtor: ctor as never,
        },
      );
      const ours = resolveEndpointDiscoveryConfig(input(), { endpointDiscoveryCommandCtor: ctor });

      // Assess
      expect(endpointCache).toBeDefined();
      expect('endpointCache' in ours).toBe(false);
      expect({
        ...ours,
        endpointDiscoveryEnabled: undefined,
        endpointDiscoveryEnabledProvider: undefined,
      }).toEqual({
        ...sdk,
        endpointDiscoveryEnabled: undefined,
        endpointDiscoveryEnabledProvider: undefined,
      });
      expect(await ours.endpointDiscoveryEnabled()).toBe(await sdk.endpointDiscoveryEnabled());
    }
  });

  it('is never read by a DynamoDB operation: no command adds the endpoint-discovery middleware', async () => {
    // Prepare: the middleware is the only reader of the discovery settings and cache; the
    // client itself only resolves them (DynamoDBClient.js).
    const files = await sources(DYNAMODB_CLIENT);

    // Act
    const readers: string[] = [];
    for (const file of files) {
      if (file.endsWith('/DynamoDBClient.js')) continue;
      const text = await readFile(file, 'utf8');
      if (
        /getEndpointDiscoveryPlugin|endpointCache|isClientEndpointDiscoveryEnabled|endpointDiscoveryCommandCtor|endpointDiscoveryEnabled\b/.test(
          text,
        )
      ) {
        readers.push(file);
      }
    }

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(readers).toEqual([]);
  });
});

/** Inputs of every shape the SDK hashes: text (with non-ASCII), bytes, a view into a buffer. */
const SOURCES: SourceData[] = [
  '',
  'Action=Publish&Message=caf\u00e9',
  new Uint8Array([0, 1, 2, 250, 255]),
  new DataView(new Uint8Array([9, 8, 7, 6, 5, 4]).buffer, 1, 3),
];

/** The SDK's `Checksum` (typed as taking bytes; its signer passes text too). */
type Hasher = { update(data: Uint8Array): void; digest(): Promise<Uint8Array>; reset(): void };

/** Feeds every source, digesting after each, then resets and hashes the first again. */
async function digests(hasher: Hasher): Promise<string[]> {
  const seen: string[] = [];
  for (const source of SOURCES) {
    hasher.update(source as Uint8Array);
    seen.push(Buffer.from(await hasher.digest()).toString('hex'));
  }
  hasher.reset();
  hasher.update(SOURCES[1] as Uint8Array);
  seen.push(Buffer.from(await hasher.digest()).toString('hex'));
  return seen;
}

describe('Class: Sha256 and Md5 (the Lambda bundles\u2019 @smithy/core/checksum)', () => {
  it('hashes every input as the SDK does, updated after each digest and after a reset', async () => {
    // Act
    const [ours, sdk] = await Promise.all([digests(new Sha256()), digests(new SdkSha256())]);
    const [oursMd5, sdkMd5] = await Promise.all([digests(new Md5()), digests(new SdkMd5())]);

    // Assess
    expect(ours).toEqual(sdk);
    expect(ours[0]).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(oursMd5).toEqual(sdkMd5);
    expect(oursMd5[0]).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('signs as the SDK does with a text or a byte key, and refuses an update after an HMAC digest', async () => {
    for (const key of [
      'AWS4secret',
      new Uint8Array([1, 2, 3]),
      new ArrayBuffer(4),
    ] as SourceData[]) {
      // Prepare
      const ours = new Sha256(key);
      const sdk = new SdkSha256(key);

      // Act
      ours.update(SOURCES[1]!);
      sdk.update(SOURCES[1] as Uint8Array);

      // Assess
      expect(Buffer.from(await ours.digest())).toEqual(Buffer.from(await sdk.digest()));
      expect(() => ours.update('more')).toThrow('Attempted to update an already finished hash.');
    }
  });
});
