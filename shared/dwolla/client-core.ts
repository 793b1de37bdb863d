import type * as z from 'zod/mini';
import type { DwollaApi } from '../ports/dwolla-api.js';
import type { Metrics } from '../ports/observability.js';
import { describeIssues } from '../validation/zod-issues.js';
import { DwollaApiError, DwollaResponseError } from './errors.js';
import { parseErrorBody, parseJson } from './hal.js';
import {
  createDwollaTransport,
  type DwollaFetch,
  type DwollaHttpResponse,
  type OnDwollaRequest,
} from './http.js';
import { parseRetryAfterSeconds, type RetryPolicy, resolveRetryPolicy } from './retry.js';

/**
 * Configuration of {@link buildDwollaClient} and `createDwollaClient`.
 *
 * @example
 * ```ts
 * const config: DwollaClientConfig = { apiUrl: 'https://api-sandbox.dwolla.com', retry: { totalBudgetMs: 3_000 } };
 * ```
 */
export interface DwollaClientConfig {
  /** `DWOLLA_API_URL`, e.g. `https://api-sandbox.dwolla.com`. */
  readonly apiUrl: string;
  /** Sends each attempt (tests pass a fake); `NodeHttpHandler` when absent. */
  readonly fetch?: DwollaFetch;
  readonly retry?: Partial<RetryPolicy>;
  readonly onRequest?: OnDwollaRequest;
  /** Counts Dwolla's throttles and failures per attempt (`DwollaThrottled`, `DwollaErrors`). */
  readonly metrics?: Metrics;
}

/** What every operation is built on: the transport, Dwolla's errors and response validation. */
export interface DwollaCore {
  /** The API base URL without a trailing slash. */
  readonly apiUrl: string;
  /** Sends one request (with retries when it is repeatable); rejects on a non-2xx answer. */
  call(
    token: string,
    method: 'GET' | 'POST',
    path: string,
    options?: { query?: URLSearchParams; body?: string; idempotencyKey?: string },
  ): Promise<DwollaHttpResponse>;
  /** `GET` and the JSON body. */
  getJson(token: string, path: string, query?: URLSearchParams): Promise<unknown>;
  /** Validates a response; a mismatch is a `DwollaResponseError` naming the fields. */
  parse<T>(schema: z.ZodMiniType<T>, method: string, path: string, value: unknown): T;
}

/** One resource operation, built on the core. */
export type DwollaOperation<K extends keyof DwollaApi> = (core: DwollaCore) => DwollaApi[K];

// https://developers.dwolla.com/api-reference.
const HAL_JSON = 'application/vnd.dwolla.v1.hal+json';

/**
 * A client with only the operations given, so a bundle carries only their code and schemas.
 * Every call takes the bearer token to use (an account's or the application's), retries what is
 * safe to retry, and validates what Dwolla answers.
 *
 * @example
 * ```ts
 * const dwolla = buildDwollaClient({ apiUrl: config.DWOLLA_API_URL }, { getTransfer, getTransferFailure });
 * const transfer = await dwolla.getTransfer(accessToken, transferId);
 * ```
 */
export function buildDwollaClient<K extends keyof DwollaApi>(
  config: DwollaClientConfig,
  operations: { readonly [P in K]: DwollaOperation<P> },
): Pick<DwollaApi, K> {
  const core = createDwollaCore(config);
  const client: Partial<Pick<DwollaApi, K>> = {};
  for (const name of Object.keys(operations) as K[]) client[name] = operations[name](core);
  return client as Pick<DwollaApi, K>;
}

function createDwollaCore(config: DwollaClientConfig): DwollaCore {
  const apiUrl = config.apiUrl.replace(/\/+$/, '');
  const transport = createDwollaTransport({
    policy: resolveRetryPolicy(config.retry),
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
    ...(config.onRequest === undefined ? {} : { onRequest: config.onRequest }),
    ...(config.metrics === undefined ? {} : { metrics: config.metrics }),
  });

  async function call(
    token: string,
    method: 'GET' | 'POST',
    path: string,
    options: { query?: URLSearchParams; body?: string; idempotencyKey?: string } = {},
  ): Promise<DwollaHttpResponse> {
    const query = options.query?.toString();
    const response = await transport.send({
      method,
      url: `${apiUrl}${path}${query ? `?${query}` : ''}`,
      path,
      headers: {
        Accept: HAL_JSON,
        Authorization: `Bearer ${token}`,
        ...(options.body === undefined ? {} : { 'Content-Type': HAL_JSON }),
        ...(options.idempotencyKey === undefined
          ? {}
          : { 'Idempotency-Key': options.idempotencyKey }),
      },
      ...(options.body === undefined ? {} : { body: options.body }),
      // https://developers.dwolla.com/docs/api-reference/api-fundamentals/idempotency-key:
      // only a keyed POST may be sent twice.
      repeatable: method === 'GET' || options.idempotencyKey !== undefined,
      retryConflict: options.idempotencyKey !== undefined,
    });
    if (response.status >= 200 && response.status < 300) return response;
    throw toApiError(method, path, response);
  }

  return {
    apiUrl,
    call,
    async getJson(token, path, query) {
      const response = await call(token, 'GET', path, query === undefined ? {} : { query });
      return parseJson(response.text);
    },
    parse(schema, method, path, value) {
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        throw new DwollaResponseError(method, path, describeIssues(parsed.error));
      }
      return parsed.data;
    },
  };
}

function toApiError(method: string, path: string, response: DwollaHttpResponse): DwollaApiError {
  const body = parseErrorBody(response.status, response.text);
  const retryAfterSeconds = parseRetryAfterSeconds(response.headers.get('retry-after'), Date.now());
  return new DwollaApiError(
    response.status,
    body.code,
    body.message,
    body.errors,
    response.headers.get('x-request-id') ?? undefined,
    method,
    path,
    {
      retryable: response.retryable,
      attempts: response.attempts,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    },
  );
}
