import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EndpointCache as SdkEndpointCache } from '@aws-sdk/endpoint-cache';
import { Md5 as SdkMd5, Sha256 as SdkSha256 } from '@smithy/core/checksum';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Md5, Sha256, type SourceData } from '../../shared/adapters/lambda-checksum.js';
import { EndpointCache } from '../../shared/adapters/lambda-endpoint-cache.js';

const DYNAMODB_CLIENT = join(process.cwd(), 'node_modules/@aws-sdk/client-dynamodb/dist-es');

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The same calls on a cache, recorded: what each read answered. */
function script(cache: SdkEndpointCache | EndpointCache): unknown[] {
  const seen: unknown[] = [];
  cache.set('a', [{ Address: 'a.example', CachePeriodInMinutes: 1 }]);
  cache.set('b', [{ Address: 'b.example', CachePeriodInMinutes: 10 }]);
  seen.push(cache.getEndpoint('a'), cache.has('b'), cache.get('b'));
  cache.set('c', [{ Address: 'c.example', CachePeriodInMinutes: 10 }]);
  // Capacity 2: 'b' was read after 'a', so 'a' is the least recently used and goes.
  seen.push(cache.has('a'), cache.getEndpoint('b'), cache.getEndpoint('c'));
  vi.advanceTimersByTime(2 * 60 * 1000);
  cache.set('d', [{ Address: 'd.example', CachePeriodInMinutes: 1 }]);
  seen.push(cache.get('d'));
  vi.advanceTimersByTime(61 * 1000);
  seen.push(cache.get('d'), cache.has('d'), cache.getEndpoint('c'));
  cache.delete('c');
  seen.push(cache.has('c'), cache.getEndpoint('c'));
  cache.clear();
  seen.push(cache.has('d'), cache.get('c'));
  return seen;
}

describe('Class: EndpointCache (the Lambda bundles\u2019 @aws-sdk/endpoint-cache)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers every read as the SDK cache does: expiry, emptying and least-recently-used eviction', () => {
    // Act
    const sdk = script(new SdkEndpointCache(2));
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const ours = script(new EndpointCache(2));

    // Assess
    expect(ours).toEqual(sdk);
    expect(ours[0]).toBe('a.example');
    expect(ours[3]).toBe(false);
  });

  it('is never read by a DynamoDB operation: no command adds the endpoint-discovery middleware', async () => {
    // Prepare: the middleware is the cache's only reader; the client only builds the cache.
    const files = await sources(DYNAMODB_CLIENT);

    // Act
    const readers: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      if (/getEndpointDiscoveryPlugin|endpointCache/.test(text)) readers.push(file);
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
