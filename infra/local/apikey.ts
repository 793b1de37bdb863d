import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApiKeyError, createApiKey, DynamoDbApiKeyStore } from '../../shared/api-keys/index.js';
import { systemClock } from '../../shared/ports/clock.js';
import { parseArgs, stackFilePath } from './cli-args.js';
import { LocalStackError } from './errors.js';
import { readStackFile } from './stack-file.js';

/**
 * `npm run apikey -- create <name> [--table <name>]`: creates an app API key, stores only its
 * SHA-256 hash, and prints the key once. Without `--table` it writes to the running local
 * stack (`.local/stack.json`); with `--table` to that DynamoDB table in AWS, with the default
 * credential chain.
 */
const USAGE = 'Usage: npm run apikey -- create <name> [--table <tableName>] [--stack-file <path>]';

async function main(): Promise<void> {
  const { positional, options } = parseArgs(process.argv.slice(2));
  const [command, name] = positional;
  if (command !== 'create' || !name) {
    console.error(USAGE);
    process.exit(2);
  }
  let dynamodb: DynamoDBClient;
  let tableName: string;
  if (options.table) {
    dynamodb = new DynamoDBClient({});
    tableName = options.table;
  } else {
    const stack = await readStackFile(stackFilePath(options));
    dynamodb = new DynamoDBClient({
      endpoint: stack.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    tableName = stack.tableName;
  }
  const store = new DynamoDbApiKeyStore({
    client: DynamoDBDocumentClient.from(dynamodb),
    tableName,
  });
  const { key, record } = await createApiKey(store, systemClock, name);
  dynamodb.destroy();
  console.log(`Created API key "${record.name}" in table ${tableName} (${record.createdAt}).`);
  console.log(
    'It is shown this once; only its SHA-256 hash is stored. Send it as header x-api-key:',
  );
  console.log(key);
}

main().catch((error: unknown) => {
  if (error instanceof LocalStackError || error instanceof ApiKeyError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
