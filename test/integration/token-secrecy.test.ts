import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  SQSEvent,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/definition.js';
import { lambdaContext } from '../../infra/local/lambda-runtime.js';
import { createAccountTokens } from '../../shared/accounts/account-tokens.js';
import { ENV } from '../../shared/config/env-names.js';
import { createDwollaClient } from '../../shared/dwolla/index.js';
import { DEFAULT_TENANT_ID, SCOPES, toAuthorizerContext } from '../../shared/tenancy/principal.js';
import { decideAtSimulator } from '../support/simulator.js';
import { inProcessFunctionEnv, localAwsClients, stackInfo } from './support/local-stack.js';
import { expireSimulatorTokens, returnToUrl, simulatorUrl } from './support/oauth.js';
import { pretendRefreshExpiresIn, tokenLifecycle } from './support/token-lifecycle.js';

/**
 * Runs the account functions in this process (as the local runtime and Lambda do: same modules,
 * environment read at import) so that everything they log can be captured and searched for the
 * token strings they handled.
 */

const captured: string[] = [];
const originalWrites = { stdout: process.stdout.write, stderr: process.stderr.write };

function capture(stream: NodeJS.WriteStream, original: typeof process.stdout.write) {
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    captured.push(
      typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'),
    );
    return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
  }) as typeof process.stdout.write;
}

function httpEvent(input: {
  method: string;
  path: string;
  body?: string;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${input.method} ${input.path}`,
    rawPath: input.path,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    ...(input.body === undefined ? {} : { body: input.body }),
    ...(input.query ? { queryStringParameters: input.query } : {}),
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    // What the authorizer puts on an app route for the local key (tenant default, every scope).
    requestContext: {
      http: { method: input.method, path: input.path },
      authorizer: {
        lambda: toAuthorizerContext({
          tenantId: DEFAULT_TENANT_ID,
          keyId: 'key_0123456789abcdef0123',
          keyName: 'local',
          scopes: SCOPES,
        }),
      },
    },
  } as unknown as APIGatewayProxyEventV2;
}

/** Imports an entry file as the local runtime does and returns its handler with a Lambda context. */
async function load<E, R>(name: keyof typeof FUNCTIONS): Promise<(event: E) => Promise<R>> {
  const entry = `../../${FUNCTIONS[name].entry.replace(/\.ts$/, '')}.ts`;
  const module = (await import(/* @vite-ignore */ entry)) as {
    handler: (event: E, context: Context) => Promise<R>;
  };
  return (event) => module.handler(event, lambdaContext(name, FUNCTIONS[name], Date.now()));
}

beforeAll(() => {
  const info = stackInfo();
  Object.assign(process.env, inProcessFunctionEnv(), {
    AWS_ENDPOINT_URL_SQS: info.sqsEndpoint,
    [ENV.tokenRefreshQueueUrl]: info.queueUrls.tokenRefresh,
    [ENV.dwollaAuthorizeUrl]: info.dwollaAuthorizeUrl,
    [ENV.dwollaClientAuth]: 'basic',
    [ENV.oauthRedirectUri]: `${info.apiUrl}/oauth/callback`,
    [ENV.oauthReturnUrlAllowlist]: `${info.apiUrl}/`,
    [ENV.tokenRefreshWindowDays]: '15',
  });
  capture(process.stdout, originalWrites.stdout);
  capture(process.stderr, originalWrites.stderr);
});

afterAll(() => {
  process.stdout.write = originalWrites.stdout;
  process.stderr.write = originalWrites.stderr;
});

describe('Token secrecy', () => {
  it('no issued token, code or state appears in the logs, the responses or any table item', async () => {
    // Prepare
    type Http = [APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2];
    const authorize = await load<Http[0], Http[1]>('oauthAuthorize');
    const callback = await load<Http[0], Http[1]>('oauthCallback');
    const accountGet = await load<Http[0], Http[1]>('accountGet');
    const worker = await load<SQSEvent, unknown>('tokenRefreshWorker');
    const { vault, ...parts } = tokenLifecycle();
    const secrets = new Set<string>();
    const responses: string[] = [];
    const remember = async (accountId: string) => {
      for (const pair of [await vault.get(accountId), await vault.getPrevious(accountId)]) {
        if (pair) secrets.add(pair.accessToken).add(pair.refreshToken);
      }
    };

    // Act: connect, read, refresh on demand, refresh on schedule, then lose the refresh token.
    const started = await authorize(
      httpEvent({
        method: 'POST',
        path: '/oauth/authorize',
        body: JSON.stringify({ returnTo: returnToUrl() }),
      }),
    );
    responses.push(JSON.stringify(started));
    const { authorizeUrl, state } = JSON.parse(String(started.body)) as {
      authorizeUrl: string;
      state: string;
    };
    const back = await decideAtSimulator(authorizeUrl);
    const code = back.searchParams.get('code')!;
    secrets.add(code);
    const connected = await callback(
      httpEvent({
        method: 'GET',
        path: '/oauth/callback',
        query: Object.fromEntries(back.searchParams),
      }),
    );
    responses.push(JSON.stringify(connected));
    const accountId = new URL(String(connected.headers?.location)).searchParams.get('accountId')!;
    await remember(accountId);
    responses.push(
      JSON.stringify(
        await accountGet(
          httpEvent({
            method: 'GET',
            path: `/accounts/${accountId}`,
            pathParameters: { accountId },
          }),
        ),
      ),
    );

    await expireSimulatorTokens(accountId, 'access');
    const dwolla = createDwollaClient({ apiUrl: simulatorUrl() });
    await createAccountTokens({ vault, ...parts }).withAccountToken(accountId, (token) =>
      dwolla.searchTransfers(token, { owner: { accountId }, correlationId: 'none' }),
    );
    await remember(accountId);

    await pretendRefreshExpiresIn(accountId, 5);
    const sqsEvent = (id: string) =>
      ({
        Records: [{ messageId: id, body: JSON.stringify({ accountId }) }],
      }) as unknown as SQSEvent;
    responses.push(JSON.stringify(await worker(sqsEvent('m-1'))));
    await remember(accountId);

    await expireSimulatorTokens(accountId, 'both');
    await pretendRefreshExpiresIn(accountId, 5);
    responses.push(JSON.stringify(await worker(sqsEvent('m-2'))));
    await remember(accountId);

    const items: unknown[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await localAwsClients().ddb.send(
        new ScanCommand({ TableName: stackInfo().tableName, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);

    // Assess: the capture works (it saw the lifecycle's log lines) and holds no secret.
    const logs = captured.join('');
    expect(logs).toContain('account connected');
    expect(logs).toContain('account token refreshed');
    expect(logs).toContain('refresh token rejected by Dwolla');
    expect(secrets.size).toBeGreaterThanOrEqual(7);
    const table = JSON.stringify(items);
    expect(table).toContain(accountId);
    const everything = { logs, table, responses: responses.join('\n') };
    for (const secret of secrets) {
      for (const [where, text] of Object.entries(everything)) {
        expect(text.includes(secret), `a token or code was found in ${where}`).toBe(false);
      }
    }
    // The state is the authorize answer's own content; it is stored only as a hash.
    expect(logs.includes(state), 'the state was found in the logs').toBe(false);
    expect(table.includes(state), 'the state was found in the table').toBe(false);
  });
});
