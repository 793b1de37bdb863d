import { resolve } from 'node:path';
import { ConfigError } from '../../shared/config/errors.js';
import { loadLocalConfig } from './config.js';
import { LocalStackError } from './errors.js';
import { type LocalStack, startLocalStack } from './stack.js';
import { STACK_FILE, writeStackFile } from './stack-file.js';

/**
 * `npm start [-- --persist] [-- --bundled]`: the whole local stack in one process tree; with
 * `--bundled` the functions run from the esbuild bundles `cdk deploy` uploads. Ctrl-C (SIGINT)
 * or SIGTERM stops every part of it, DynamoDB Local's Java child included.
 */
const rootDir = process.cwd();
const flags = process.argv.slice(2);
const persist = flags.includes('--persist');
const bundled = flags.includes('--bundled');

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let stack: LocalStack | undefined;
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n[local] ${signal}: stopping…`);
  await stack?.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  const config = loadLocalConfig(process.env);
  stack = await startLocalStack({
    config,
    rootDir,
    bundled,
    ...(persist ? { persistDir: resolve(rootDir, '.local/dynamodb') } : {}),
  });
  await writeStackFile(resolve(rootDir, STACK_FILE), stack.info);
  const { info } = stack;
  console.log(
    [
      '',
      `Local stack ready in ${(stack.startupMs / 1000).toFixed(1)} s`,
      `  API          ${info.apiUrl}   (GET ${info.apiUrl}/health)`,
      `  API key      ${info.apiKey}   (header x-api-key)`,
      `  Functions    ${bundled ? 'the deployed esbuild bundles (--bundled)' : 'the TypeScript sources'}`,
      `  Dwolla       ${info.dwollaEnvironment} ${info.dwollaApiUrl}`,
      `  DynamoDB     ${info.dynamodbEndpoint}  table ${info.tableName}${persist ? ' (persisted under .local/dynamodb)' : ''}`,
      `  SQS/SNS      ${info.sqsEndpoint}`,
      `  Secrets      ${info.secretsManagerEndpoint}`,
      `  Described in ${STACK_FILE}. Ctrl-C stops everything.`,
      '',
    ].join('\n'),
  );
} catch (error) {
  if (error instanceof ConfigError || error instanceof LocalStackError) fail(error.message);
  throw error;
}
