import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  ApiKeyError,
  apiKeyView,
  createApiKey,
  DynamoDbApiKeyStore,
  InvalidApiKeyArgumentError,
  KEY_ID_PATTERN,
  validateNewApiKey,
  validateTenantId,
} from '../../shared/api-keys/index.js';
import { systemClock } from '../../shared/ports/clock.js';
import { parseArgs, stackFilePath } from './cli-args.js';
import { LocalStackError } from './errors.js';
import { readStackFile } from './stack-file.js';

/**
 * `npm run apikey -- create|list|revoke`: the app API key lifecycle. Without `--table` it works
 * on the running local stack (`.local/stack.json`); with `--table` on that DynamoDB table in
 * AWS, with the default credential chain. Every argument is checked before anything is
 * written; a bad one ends the run with one line naming it and exit code 2.
 *
 * ```sh
 * npm run apikey -- create <name> --tenant <tenantId> [--scopes a,b] [--expires-in-days N] [--json] [--table <t>]
 * npm run apikey -- list [--tenant <tenantId>] [--json] [--table <t>]
 * npm run apikey -- revoke <keyId> [--table <t>]
 * ```
 */

const OPTIONS: Record<string, readonly string[]> = {
  create: ['tenant', 'scopes', 'expires-in-days', 'json', 'table', 'stack-file'],
  list: ['tenant', 'json', 'table', 'stack-file'],
  revoke: ['table', 'stack-file'],
};

/** A bad command line: printed as one line, nothing written. */
class UsageError extends Error {}

function checkOptions(command: string, options: Record<string, string>, positional: string[]) {
  const allowed = OPTIONS[command];
  if (!allowed)
    throw new UsageError(`Unknown command "${command ?? ''}": use create, list or revoke.`);
  for (const name of Object.keys(options)) {
    if (!allowed.includes(name)) throw new UsageError(`Unknown option --${name} for ${command}.`);
  }
  const expected = command === 'list' ? 1 : 2;
  if (positional.length > expected) {
    throw new UsageError(`Unexpected argument "${positional[expected]}".`);
  }
  for (const name of ['table', 'tenant', 'scopes', 'expires-in-days', 'stack-file']) {
    if (options[name] === 'true') throw new UsageError(`Option --${name} needs a value.`);
  }
}

async function openStore(options: Record<string, string>) {
  if (options.table) {
    const dynamodb = new DynamoDBClient({});
    return { dynamodb, tableName: options.table };
  }
  const stack = await readStackFile(stackFilePath(options));
  const dynamodb = new DynamoDBClient({
    endpoint: stack.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { dynamodb, tableName: stack.tableName };
}

async function main(): Promise<void> {
  const { positional, options } = parseArgs(process.argv.slice(2));
  const [command, subject] = positional;
  checkOptions(command ?? '', options, positional);
  const json = options.json === 'true';

  // Everything is validated before the table is opened.
  let create: ReturnType<typeof validateNewApiKey> | undefined;
  if (command === 'create') {
    if (!subject) throw new UsageError('Missing argument <name>.');
    if (options.tenant === undefined) throw new UsageError('Missing option --tenant <tenantId>.');
    const days = options['expires-in-days'];
    create = validateNewApiKey({
      name: subject,
      tenantId: options.tenant,
      ...(options.scopes === undefined
        ? {}
        : { scopes: options.scopes.split(',').map((scope) => scope.trim()) }),
      ...(days === undefined ? {} : { expiresInDays: /^\d+$/.test(days) ? Number(days) : NaN }),
    });
  }
  if (command === 'list' && options.tenant !== undefined) validateTenantId(options.tenant);
  if (command === 'revoke' && !(subject && KEY_ID_PATTERN.test(subject))) {
    throw new InvalidApiKeyArgumentError(
      'keyId',
      'use the id shown by create or list (key_ + 20 hex)',
    );
  }

  const { dynamodb, tableName } = await openStore(options);
  const store = new DynamoDbApiKeyStore({
    client: DynamoDBDocumentClient.from(dynamodb),
    tableName,
  });
  try {
    if (create) {
      const { key, record } = await createApiKey(store, systemClock, create);
      if (json) {
        console.log(
          JSON.stringify({
            key,
            keyId: record.keyId,
            name: record.name,
            tenantId: record.tenantId,
            scopes: record.scopes,
            expiresAt: record.expiresAt ?? null,
          }),
        );
        return;
      }
      console.log(
        `Created API key "${record.name}" (${record.keyId}) of tenant ${record.tenantId} in table ${tableName}: scopes ${record.scopes.join(' ')}; expires ${record.expiresAt ?? 'never'}.`,
      );
      console.log(
        'It is shown this once; only its SHA-256 hash is stored. Send it as header x-api-key:',
      );
      console.log(key);
      return;
    }
    if (command === 'list') {
      const records = (await store.list(options.tenant)).map((record) =>
        apiKeyView(record, systemClock.now()),
      );
      if (json) {
        console.log(JSON.stringify(records));
        return;
      }
      for (const r of records) {
        console.log(
          `${r.keyId}  ${r.tenantId}  ${r.name}  ${r.state}  ${r.scopes.join(',')}  created ${r.createdAt}  expires ${r.expiresAt ?? 'never'}`,
        );
      }
      return;
    }
    const revoked = await store.revoke(subject!, systemClock.now().toISOString());
    console.log(
      `Revoked API key "${revoked.name}" (${revoked.keyId}) of tenant ${revoked.tenantId} at ${revoked.revokedAt}; it stops working within a minute.`,
    );
  } finally {
    dynamodb.destroy();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof InvalidApiKeyArgumentError) {
    console.error(error.message);
    process.exit(2);
  }
  if (error instanceof LocalStackError || error instanceof ApiKeyError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
