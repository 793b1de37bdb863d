import { request } from 'node:http';
import type { SecretStringReader } from '../ports/secret-reader.js';
import { SecretsExtensionError } from './errors.js';

/** The extension's port when `PARAMETERS_SECRETS_EXTENSION_HTTP_PORT` is unset. */
export const SECRETS_EXTENSION_DEFAULT_PORT = 2773;

/** Options of {@link SecretsExtensionClient}; the defaults are Lambda's. */
export interface SecretsExtensionClientOptions {
  /** Default: `PARAMETERS_SECRETS_EXTENSION_HTTP_PORT` (the CDK layer sets it), else 2773. */
  readonly port?: number;
  /** Default: the execution role's `AWS_SESSION_TOKEN`, read at each call as the SDK does. */
  readonly sessionToken?: () => string | undefined;
  /**
   * How long a read may take before it fails (default 3 s): a hung extension must not hold the
   * intake past Dwolla's 10-second deadline, and the caller's cache keeps the secrets it has.
   */
  readonly timeoutMs?: number;
}

/**
 * Reads Secrets Manager secrets through the AWS Parameters and Secrets Lambda Extension, a layer
 * that answers `GET /secretsmanager/get?secretId=` on localhost with the `GetSecretValue` JSON
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html).
 * A function reading a secret this way bundles no Secrets Manager SDK client (about 32 KB of the
 * webhook intake's bundle). The extension calls Secrets Manager with the function's role, and
 * requires the role's session token in `X-Aws-Parameters-Secrets-Token`. The layer is deployed
 * with its cache off (`infra/constructs/dwolla-function.ts`), so each read reaches Secrets
 * Manager and the caller's own cache alone decides when a secret is read again.
 *
 * @example
 * ```ts
 * const secrets = new SecretsExtensionClient();
 * const text = await secrets.getSecretString('dwolla-serverless/webhook');
 * ```
 */
export class SecretsExtensionClient implements SecretStringReader {
  readonly #baseUrl: string;
  readonly #sessionToken: () => string | undefined;
  readonly #timeoutMs: number;

  constructor(options: SecretsExtensionClientOptions = {}) {
    const port =
      options.port ??
      Number(process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT || SECRETS_EXTENSION_DEFAULT_PORT);
    this.#baseUrl = `http://localhost:${port}`;
    this.#sessionToken = options.sessionToken ?? (() => process.env.AWS_SESSION_TOKEN);
    this.#timeoutMs = options.timeoutMs ?? 3000;
  }

  async getSecretString(secretId: string): Promise<string | undefined> {
    const url = `${this.#baseUrl}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`;
    let answer: { status: number; text: string };
    try {
      answer = await get(
        url,
        { 'X-Aws-Parameters-Secrets-Token': this.#sessionToken() ?? '' },
        this.#timeoutMs,
      );
    } catch (error) {
      throw new SecretsExtensionError(secretId, undefined, { cause: error });
    }
    // An error body is the extension's or Secrets Manager's text, and a JSON error would quote
    // the secret: neither is kept.
    if (answer.status < 200 || answer.status > 299) {
      throw new SecretsExtensionError(secretId, answer.status);
    }
    let output: { SecretString?: unknown };
    try {
      output = JSON.parse(answer.text) as { SecretString?: unknown };
    } catch {
      throw new SecretsExtensionError(secretId, answer.status);
    }
    return typeof output.SecretString === 'string' ? output.SecretString : undefined;
  }
}

/**
 * One GET with `node:http` rather than `fetch`: the intake makes no other `fetch`, and Node
 * loads `fetch`'s HTTP client (undici) on first use, tens of milliseconds on a cold start.
 */
function get(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { headers, signal: AbortSignal.timeout(timeoutMs) },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}
