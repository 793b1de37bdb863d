import type { TestProject } from 'vitest/node';
import { loadLocalConfig } from '../../infra/local/config.js';
import { type LocalStack, startLocalStack } from '../../infra/local/stack.js';
import type { LocalStackInfo } from '../../infra/local/stack-file.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The running local stack, started once for the whole integration run. */
    localStack: LocalStackInfo;
  }
}

/**
 * Starts the same local stack as `npm start` once for all integration tests: random ports, a
 * fresh in-memory DynamoDB, the Dwolla simulator, no scheduler, short visibility timeouts.
 * The description is handed to tests with `inject('localStack')` and written nowhere.
 */
let stack: LocalStack | undefined;

export async function setup(project: TestProject): Promise<void> {
  // Hermetic: the developer's own DWOLLA_* / PORT variables must not leak into the tests.
  const config = loadLocalConfig({});
  stack = await startLocalStack({
    config,
    rootDir: process.cwd(),
    port: 0,
    scheduler: false,
    visibilityTimeoutSeconds: 5,
    log: (line) => process.stderr.write(`[local-stack] ${line}\n`),
  });
  project.provide('localStack', stack.info);
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}
