import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import * as z from 'zod';
import { TOKEN_VAULTS } from '../../shared/config/runtime.js';
import { StackFileError } from './errors.js';

const queueUrls = z.record(z.string(), z.string());

const stackInfoSchema = z.object({
  apiUrl: z.string(),
  apiKey: z.string(),
  dynamodbEndpoint: z.string(),
  sqsEndpoint: z.string(),
  snsEndpoint: z.string(),
  secretsManagerEndpoint: z.string(),
  kmsEndpoint: z.string(),
  /** Where the functions keep token pairs (`TOKEN_VAULT`). */
  tokenVault: z.enum(TOKEN_VAULTS),
  /** The local KMS key the table vault seals pairs under. */
  tokenKmsKeyId: z.string(),
  tableName: z.string(),
  topicArn: z.string(),
  /** By queue name (`eventStore`, …) and by DLQ (`eventStoreDlq`, …). */
  queueUrls,
  dwollaEnvironment: z.enum(['simulator', 'sandbox', 'production']),
  dwollaApiUrl: z.string(),
  dwollaTokenUrl: z.string(),
  dwollaAuthorizeUrl: z.string(),
  simulatorUrl: z.string().optional(),
  appSecretId: z.string(),
  webhookSecretId: z.string(),
  accountSecretPrefix: z.string(),
  /** Base URL of the built-in notification receiver's inboxes (`<base>/<name>`). */
  notificationReceiverUrl: z.string(),
  pid: z.number().int(),
  startedAt: z.string(),
});

/**
 * What a running local stack publishes about itself: written to `.local/stack.json` by
 * `npm start`, handed to the integration tests by `test/integration/global-setup.ts`, and given
 * to local pages. It holds the local app API key (a local-only secret) and nothing else secret.
 */
export type LocalStackInfo = z.infer<typeof stackInfoSchema>;

/** Default location of the stack description, relative to the project root. */
export const STACK_FILE = '.local/stack.json';

/**
 * Writes the stack description (owner-only permissions: it holds the local API key).
 *
 * @example
 * ```ts
 * await writeStackFile(resolve(root, STACK_FILE), stack.info);
 * ```
 */
export async function writeStackFile(path: string, info: LocalStackInfo): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
}

/**
 * Reads and validates the stack description, or throws a `StackFileError` saying to start one.
 *
 * @example
 * ```ts
 * const { apiUrl } = await readStackFile();
 * ```
 */
export async function readStackFile(
  path = resolve(process.cwd(), STACK_FILE),
): Promise<LocalStackInfo> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    throw new StackFileError(path, 'not found', { cause: error });
  }
  const parsed = stackInfoSchema.safeParse(JSON.parse(raw));
  if (!parsed.success)
    throw new StackFileError(path, 'unexpected content', { cause: parsed.error });
  return parsed.data;
}
