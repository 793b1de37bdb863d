/**
 * The Lambda bundles as `cdk deploy` uploads them, built with the construct's own settings: run
 * by `npm start -- --bundled` and measured by `npm run bench`.
 */

import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { LAMBDA_BUNDLING, PROJECT_ROOT } from '../constructs/dwolla-function.js';
import { FUNCTIONS, type FunctionDefinition, type FunctionName } from '../definition.js';
import type { LocalConfig } from './config.js';
import { LocalStackError } from './errors.js';

/** Size of one bundle: the minified `.mjs` Lambda would load, and its gzip. */
export interface BundleSize {
  readonly file: string;
  readonly minifiedBytes: number;
  readonly gzipBytes: number;
}

/**
 * Bundles one entry file exactly as the CDK `DwollaFunction` construct does (the same
 * `LAMBDA_BUNDLING` settings), into `outfile`, and measures it.
 *
 * @example
 * ```ts
 * const size = await bundleEntry('functions/webhook-intake.ts', 'bench/.tmp/webhookIntake.mjs');
 * ```
 */
export async function bundleEntry(entry: string, outfile: string): Promise<BundleSize> {
  await build({
    entryPoints: [resolve(PROJECT_ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    format: LAMBDA_BUNDLING.format,
    target: LAMBDA_BUNDLING.target,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    banner: { js: LAMBDA_BUNDLING.banner },
    external: [...LAMBDA_BUNDLING.external],
    define: { ...LAMBDA_BUNDLING.define },
    alias: { ...LAMBDA_BUNDLING.alias },
    logLevel: 'error',
  });
  const code = await readFile(outfile);
  return { file: outfile, minifiedBytes: code.byteLength, gzipBytes: gzipSync(code).byteLength };
}

/**
 * Bundles every function of `FUNCTIONS` into `outDir/<name>.mjs` (in parallel, esbuild is fast).
 *
 * @example
 * ```ts
 * const sizes = await bundleFunctions('bench/.tmp');
 * sizes.webhookIntake.minifiedBytes;
 * ```
 */
export async function bundleFunctions(outDir: string): Promise<Record<FunctionName, BundleSize>> {
  await mkdir(outDir, { recursive: true });
  const names = Object.keys(FUNCTIONS) as FunctionName[];
  const sizes = await Promise.all(
    names.map((name) => bundleEntry(FUNCTIONS[name].entry, join(outDir, `${name}.mjs`))),
  );
  return Object.fromEntries(names.map((name, index) => [name, sizes[index]!])) as Record<
    FunctionName,
    BundleSize
  >;
}

/**
 * The definition's functions with their entries replaced by the deployed bundles. The bundles
 * carry the Secrets Manager token vault only (`LAMBDA_BUNDLING.define`), as deployed.
 */
export async function bundledFunctions(
  config: LocalConfig,
  log: (line: string) => void,
): Promise<{ dir: string; functions: Record<FunctionName, FunctionDefinition> }> {
  if (config.TOKEN_VAULT !== 'secrets-manager') {
    throw new LocalStackError(
      `--bundled runs the deployed bundles, which are built for the secrets-manager token vault; ` +
        `unset TOKEN_VAULT (now ${config.TOKEN_VAULT}) or run the sources.`,
    );
  }
  const startedAt = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'dwolla-serverless-bundles-'));
  const sizes = await bundleFunctions(dir);
  log(`bundled ${Object.keys(sizes).length} functions into ${dir} in ${Date.now() - startedAt} ms`);
  const functions = Object.fromEntries(
    (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [
      name,
      { ...FUNCTIONS[name], entry: sizes[name].file },
    ]),
  ) as Record<FunctionName, FunctionDefinition>;
  return { dir, functions };
}
