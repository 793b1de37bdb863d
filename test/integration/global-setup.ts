import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadLocalConfig } from '../../infra/local/config.js';
import { type LocalStack, startLocalStack } from '../../infra/local/stack.js';
import type { LocalStackInfo } from '../../infra/local/stack-file.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The running local stack, started once for the whole integration run. */
    localStack: LocalStackInfo;
    /** Folder where each test file writes how many answers it checked against openapi.json. */
    openApiCountDir: string;
  }
}

/**
 * Starts the same local stack as `npm start` once for all integration tests: random ports, a
 * fresh in-memory DynamoDB, the Dwolla simulator, no scheduler, short visibility timeouts.
 * The description is handed to tests with `inject('localStack')` and written nowhere. The
 * `bundled` project gets a stack of its own that runs the deployed esbuild bundles
 * (`npm start -- --bundled`).
 */
/**
 * One stack of each kind per vitest process, shared by every project using it (`integration`,
 * `browser`): the functions run in-process and are imported once per module URL, so a second
 * sources stack in the same process would run the first one's modules. The bundles are other
 * modules, so the bundled stack is one of its own. Each project's setup file is loaded
 * separately, hence `globalThis` rather than a module variable.
 */
type StackKind = 'sources' | 'bundled';
const shared = globalThis as typeof globalThis & {
  __dwollaLocalStacks?: Partial<
    Record<StackKind, { stack: Promise<LocalStack>; users: number; openApiCountDir: string }>
  >;
};

let kind: StackKind = 'sources';

export async function setup(project: TestProject): Promise<void> {
  kind = project.name === 'bundled' ? 'bundled' : 'sources';
  shared.__dwollaLocalStacks ??= {};
  const stacks = shared.__dwollaLocalStacks;
  // Hermetic: the developer's own DWOLLA_* / PORT variables must not leak into the tests.
  stacks[kind] ??= {
    stack: startLocalStack({
      config: loadLocalConfig({}),
      rootDir: process.cwd(),
      port: 0,
      scheduler: false,
      visibilityTimeoutSeconds: 5,
      bundled: kind === 'bundled',
      // Every notification attempt a second apart: a dead-lettered one within ~10 s.
      notificationRetryDelaysSeconds: [1, 1, 1, 1, 1, 1, 1],
      log: (line) =>
        process.stderr.write(`[local-stack${kind === 'bundled' ? ' bundled' : ''}] ${line}\n`),
    }),
    users: 0,
    openApiCountDir: mkdtempSync(join(tmpdir(), 'openapi-answers-')),
  };
  const entry = stacks[kind]!;
  entry.users++;
  project.provide('localStack', (await entry.stack).info);
  project.provide('openApiCountDir', entry.openApiCountDir);
}

/** The total of every test file's count of answers checked against the document. */
function totalValidatedAnswers(dir: string): number {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.count'))
    .reduce((sum, name) => sum + Number(readFileSync(join(dir, name), 'utf8')), 0);
}

export async function teardown(): Promise<void> {
  const entry = shared.__dwollaLocalStacks?.[kind];
  if (!entry) return;
  entry.users--;
  if (entry.users > 0) return;
  delete shared.__dwollaLocalStacks![kind];
  const validated = totalValidatedAnswers(entry.openApiCountDir);
  process.stderr.write(
    `[openapi] ${validated} answers of app routes matched openapi.json (${kind})\n`,
  );
  rmSync(entry.openApiCountDir, { recursive: true, force: true });
  await (await entry.stack).stop();
}
