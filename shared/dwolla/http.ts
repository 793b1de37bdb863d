import type { Metrics } from '../ports/observability.js';
import { DwollaNetworkError } from './errors.js';
import { defaultDwollaFetch } from './node-http-fetch.js';
import {
  backoffDelayMs,
  parseRetryAfterSeconds,
  RETRYABLE_STATUSES,
  type RetryPolicy,
} from './retry.js';

/**
 * What the instrumentation hook sees of one HTTP attempt: never a header, a body or a query
 * string, so no token, code or secret can leak through it.
 */
export interface DwollaRequestInfo {
  readonly method: string;
  /** URL path without the query string, e.g. `/transfers/abc`. */
  readonly path: string;
  /** HTTP status, or `0` when the attempt failed without a response (network, timeout). */
  readonly status: number;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

/** Called once per HTTP attempt (the benchmark counts Dwolla calls with it). */
export type OnDwollaRequest = (info: DwollaRequestInfo) => void;

/** Counted for each attempt Dwolla answered `429 Too Many Requests` (the dashboard graphs it). */
export const DWOLLA_THROTTLED_METRIC = 'DwollaThrottled';

/** Counted for each attempt answered 5xx or not answered at all (network error, timeout). */
export const DWOLLA_ERRORS_METRIC = 'DwollaErrors';

/** One logical call; the transport may send it several times. */
export interface DwollaHttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  /** Path shown to `onRequest` and used in error messages. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The exact bytes to send, identical on every attempt. */
  readonly body?: string;
  /**
   * May this request be sent more than once? True for GETs, for POSTs that carry an
   * `Idempotency-Key`
   * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/idempotency-key),
   * and for token grants that Dwolla answers the same way twice.
   */
  readonly repeatable: boolean;
  /**
   * Retry a `409 Conflict`: with an `Idempotency-Key` it means "the original request is still
   * processing"
   * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/idempotency-key).
   */
  readonly retryConflict?: boolean;
}

/** What the transport asks of one attempt; the global `fetch` accepts it as it is. */
export interface DwollaFetchInit {
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** A redirect would carry the bearer token to another URL: never followed. */
  readonly redirect: 'manual';
  readonly signal: AbortSignal;
}

/** The response headers the clients read (`Location`, `Retry-After`, `X-Request-Id`). */
export interface DwollaResponseHeaders {
  /** The value of a header, its name in any case; `null` when absent. */
  get(name: string): string | null;
}

/** What the transport reads of an answer; the global `fetch`'s `Response` is one. */
export interface DwollaFetchResponse {
  readonly status: number;
  readonly headers: DwollaResponseHeaders;
  text(): Promise<string>;
}

/**
 * Sends one attempt. The default is `NodeHttpHandler` ({@link defaultDwollaFetch}); tests pass
 * a fake or the global `fetch`.
 */
export type DwollaFetch = (url: string, init: DwollaFetchInit) => Promise<DwollaFetchResponse>;

/** The last response of a call, successful or not, read in full. */
export interface DwollaHttpResponse {
  readonly status: number;
  readonly headers: DwollaResponseHeaders;
  readonly text: string;
  readonly attempts: number;
  /** True when the status is one that was (or would have been) retried. */
  readonly retryable: boolean;
}

/** Sends requests with the retry policy; returns the final response. */
export interface DwollaTransport {
  send(request: DwollaHttpRequest): Promise<DwollaHttpResponse>;
}

/** Options of {@link createDwollaTransport}. */
export interface DwollaTransportOptions {
  readonly policy: RetryPolicy;
  /** Sends each attempt; {@link defaultDwollaFetch} when absent. */
  readonly fetch?: DwollaFetch;
  readonly onRequest?: OnDwollaRequest;
  /** Counts throttled and failed attempts ({@link DWOLLA_THROTTLED_METRIC}, {@link DWOLLA_ERRORS_METRIC}). */
  readonly metrics?: Metrics;
}

/**
 * Builds the retrying HTTP layer shared by the resource and token clients. It retries
 * 429/500/502/503/504 and network errors (https://developers.dwolla.com/api-reference), and 409
 * when asked to, only for repeatable requests, within `maxAttempts` and `totalBudgetMs`. It returns
 * the last response for the caller to map, and throws {@link DwollaNetworkError} when no response
 * came.
 *
 * @example
 * ```ts
 * const transport = createDwollaTransport({ policy: resolveRetryPolicy() });
 * const res = await transport.send({ method: 'GET', url, path: '/events', headers, repeatable: true });
 * ```
 */
export function createDwollaTransport(options: DwollaTransportOptions): DwollaTransport {
  const { policy, metrics } = options;
  const fetchImpl = options.fetch ?? defaultDwollaFetch();
  const onRequest = (info: DwollaRequestInfo) => {
    options.onRequest?.(info);
    const metric = failureMetric(info.status);
    if (metric) metrics?.addMetric(metric, 'Count', 1);
  };

  return {
    async send(request) {
      const startedAt = Date.now();
      const elapsed = () => Date.now() - startedAt;
      for (let attempt = 1; ; attempt++) {
        const lastAttempt = !request.repeatable || attempt >= policy.maxAttempts;

        let response: DwollaHttpResponse;
        try {
          const res = await fetchImpl(request.url, {
            method: request.method,
            headers: request.headers,
            ...(request.body === undefined ? {} : { body: request.body }),
            redirect: 'manual',
            // Each attempt gets its full timeout: one cut short by the budget would abort a request
            // Dwolla may already be acting on, for no answer at all.
            signal: AbortSignal.timeout(policy.attemptTimeoutMs),
          });
          const text = await res.text();
          response = {
            status: res.status,
            headers: res.headers,
            text,
            attempts: attempt,
            retryable: isRetryableStatus(res.status, request),
          };
        } catch (cause) {
          onRequest({ method: request.method, path: request.path, status: 0, attempt });
          const delayMs = backoffDelayMs(policy, attempt);
          if (lastAttempt || elapsed() + delayMs >= policy.totalBudgetMs) {
            throw new DwollaNetworkError(request.method, request.path, {
              attempts: attempt,
              cause,
            });
          }
          await sleep(delayMs);
          continue;
        }

        onRequest({
          method: request.method,
          path: request.path,
          status: response.status,
          attempt,
        });
        if (!response.retryable || lastAttempt) return response;

        const retryAfterSeconds = parseRetryAfterSeconds(
          response.headers.get('retry-after'),
          Date.now(),
        );
        const delayMs = Math.max(
          backoffDelayMs(policy, attempt),
          retryAfterSeconds === undefined ? 0 : retryAfterSeconds * 1000,
        );
        // Waiting past the budget would only fail later: hand the answer back now.
        if (elapsed() + delayMs >= policy.totalBudgetMs) return response;
        await sleep(delayMs);
      }
    },
  };
}

/** The metric an attempt counts toward: a throttle, a Dwolla-side failure, or none. */
function failureMetric(status: number): string | undefined {
  if (status === 429) return DWOLLA_THROTTLED_METRIC;
  if (status === 0 || status >= 500) return DWOLLA_ERRORS_METRIC;
  return undefined;
}

function isRetryableStatus(status: number, request: DwollaHttpRequest): boolean {
  if (RETRYABLE_STATUSES.has(status)) return true;
  return status === 409 && request.retryConflict === true;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
