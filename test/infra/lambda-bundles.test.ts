import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleSize, bundleFunctions } from '../../infra/local/bundles.js';

/** What `LAMBDA_BUNDLING.alias` replaces: a bundle that still contains one has lost its alias. */
const ALIASED_AWAY = [
  'node_modules/@aws-sdk/credential-provider-node/',
  'node_modules/@aws-sdk/middleware-endpoint-discovery/',
  // Reached only through the discovery middleware: its LRU endpoint cache.
  'node_modules/@aws-sdk/endpoint-cache/',
  'node_modules/mnemonist/',
  'node_modules/@smithy/core/dist-es/submodules/checksum/',
];

describe('LAMBDA_BUNDLING', () => {
  let outDir: string;
  let sizes: Record<string, BundleSize>;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'dwolla-bundles-'));
    sizes = await bundleFunctions(outDir);
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('bundles every function without the SDK modules it aliases to Lambda-only ones', async () => {
    for (const [name, size] of Object.entries(sizes)) {
      // Act
      const map = JSON.parse(await readFile(`${size.file}.map`, 'utf8')) as { sources: string[] };

      // Assess
      const aliased = map.sources.filter((source) =>
        ALIASED_AWAY.some((path) => source.includes(path)),
      );
      expect({ name, aliased }).toEqual({ name, aliased: [] });
      if (name !== 'health' && name !== 'openapi') {
        expect(
          map.sources.some((source) => source.endsWith('shared/adapters/lambda-checksum.ts')),
        ).toBe(true);
      }
    }
  });
});
