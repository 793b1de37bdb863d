import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EndpointCache as SdkEndpointCache } from '@aws-sdk/endpoint-cache';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
