import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { AWS_JSON, listen, readBody, sendJson } from './http-json.js';
import { type Request, SecretsManagerServiceError } from './secrets-manager-request.js';
import { SecretStore } from './secrets-manager-store.js';
import { LOCAL_SESSION_TOKEN } from './stack-environment.js';

/**
 * A small Secrets Manager speaking the real wire protocol (AWS JSON 1.1: `POST /`,
 * `X-Amz-Target: secretsmanager.<Operation>`), so the code that runs locally is the AWS adapter
 * itself, driven by `@aws-sdk/client-secrets-manager`. The operations and their AWS rules live
 * in `secrets-manager-store.ts`. It also answers as the AWS Parameters and Secrets Lambda
 * Extension does (`GET /secretsmanager/get?secretId=`, the session token in
 * `X-Aws-Parameters-Secrets-Token`), for the functions that read a secret through the extension.
 */

const OPERATIONS: Record<
  string,
  (store: SecretStore, request: Request) => Record<string, unknown>
> = {
  CreateSecret: (store, request) => store.createSecret(request),
  GetSecretValue: (store, request) => store.getSecretValue(request),
  PutSecretValue: (store, request) => store.putSecretValue(request),
  UpdateSecret: (store, request) => store.updateSecret(request),
  DescribeSecret: (store, request) => store.describeSecret(request),
  TagResource: (store, request) => store.tagResource(request),
  UntagResource: (store, request) => store.untagResource(request),
  DeleteSecret: (store, request) => store.deleteSecret(request),
  RestoreSecret: (store, request) => store.restoreSecret(request),
  ListSecrets: (store, request) => store.listSecrets(request),
};

/** The extension's route: the `GetSecretValue` JSON of the secret's current version. */
const EXTENSION_PATH = '/secretsmanager/get';

/** A running local Secrets Manager. */
export interface LocalSecretsManager {
  /** Endpoint for `new SecretsManagerClient({ endpoint })`, e.g. `http://127.0.0.1:4510`. */
  readonly endpoint: string;
  /** Its port, where it also answers as the secrets extension (`PARAMETERS_SECRETS_EXTENSION_HTTP_PORT`). */
  readonly port: number;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  sendJson(response, status, body, {
    'content-type': AWS_JSON,
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
}

/**
 * Answers the extension's `GET /secretsmanager/get?secretId=`: 401 without the functions'
 * session token, the Secrets Manager error (400) for a missing secret, else its current value.
 */
function answerAsExtension(
  store: SecretStore,
  url: URL,
  token: string | undefined,
  sessionToken: string,
  response: ServerResponse,
): void {
  if (token !== sessionToken) {
    sendJson(response, 401, { message: 'X-Aws-Parameters-Secrets-Token is missing or wrong.' });
    return;
  }
  try {
    sendJson(response, 200, store.getSecretValue({ SecretId: url.searchParams.get('secretId') }));
  } catch (error) {
    if (!(error instanceof SecretsManagerServiceError)) throw error;
    sendJson(response, 400, { __type: error.type, message: error.message });
  }
}

/**
 * Starts the local Secrets Manager on `127.0.0.1:port` (0 = a random free port). As the secrets
 * extension it accepts only requests carrying `sessionToken` (default: the `AWS_SESSION_TOKEN`
 * the local functions get).
 *
 * @example
 * ```ts
 * const sm = await startSecretsManagerServer({ port: 0 });
 * const client = new SecretsManagerClient({ endpoint: sm.endpoint, region: 'us-east-1' });
 * ```
 */
export async function startSecretsManagerServer(
  options: { port?: number; host?: string; sessionToken?: string } = {},
): Promise<LocalSecretsManager> {
  const store = new SecretStore();
  const sessionToken = options.sessionToken ?? LOCAL_SESSION_TOKEN;
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'GET' && url.pathname === EXTENSION_PATH) {
      const token = request.headers['x-aws-parameters-secrets-token'];
      answerAsExtension(
        store,
        url,
        typeof token === 'string' ? token : undefined,
        sessionToken,
        response,
      );
      return;
    }
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('secretsmanager.') ? target.slice(15) : '';
    const handler = OPERATIONS[operation];
    if (request.method !== 'POST' || !handler) {
      send(
        response,
        400,
        { __type: 'UnknownOperationException', message: `Unsupported operation: ${target}` },
        'UnknownOperationException',
      );
      return;
    }
    try {
      const raw = (await readBody(request))!.toString('utf8');
      const input = (raw.trim() === '' ? {} : JSON.parse(raw)) as Request;
      send(response, 200, handler(store, input));
    } catch (error) {
      if (error instanceof SecretsManagerServiceError) {
        send(response, 400, { __type: error.type, message: error.message }, error.type);
        return;
      }
      const message = error instanceof SyntaxError ? 'Malformed JSON request.' : 'Internal error.';
      const type = error instanceof SyntaxError ? 'SerializationException' : 'InternalServiceError';
      send(response, error instanceof SyntaxError ? 400 : 500, { __type: type, message }, type);
    }
  });
  const host = options.host ?? '127.0.0.1';
  const { port, close } = await listen(server, options.port ?? 0, host);
  return { endpoint: `http://${host}:${port}`, port, close };
}
