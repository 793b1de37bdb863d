import type * as z from 'zod/mini';
import type { DwollaApi, DwollaEvent, DwollaTransfer } from '../ports/dwolla-api.js';
import type { Metrics } from '../ports/observability.js';
import { describeIssues } from '../validation/zod-issues.js';
import { DwollaApiError, DwollaResponseError } from './errors.js';
import { idFromHref, parseErrorBody, parseJson } from './hal.js';
import {
  createDwollaTransport,
  type DwollaFetch,
  type DwollaHttpResponse,
  type OnDwollaRequest,
} from './http.js';
import { parseRetryAfterSeconds, type RetryPolicy, resolveRetryPolicy } from './retry.js';
import {
  billPaymentSchema,
  eventPageSchema,
  eventSchema,
  toBillPayment,
  toEvent,
  toTransfer,
  toTransferFailure,
  toWebhookSubscriptions,
  transferFailureSchema,
  transferPageSchema,
  transferSchema,
  webhookSubscriptionPageSchema,
} from './schemas.js';

/**
 * Configuration of {@link createDwollaClient}.
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

// https://developers.dwolla.com/api-reference.
const HAL_JSON = 'application/vnd.dwolla.v1.hal+json';
// Dwolla caps a transfer search page at 200; a correlationId matches a handful of legs.
const SEARCH_PAGE_SIZE = 200;

type Schema<T> = z.ZodMiniType<T>;

/**
 * The resource API client. Every call takes the bearer token to use (an account's or the
 * application's), retries what is safe to retry, and validates what Dwolla answers.
 *
 * @example
 * ```ts
 * const dwolla = createDwollaClient({ apiUrl: config.DWOLLA_API_URL });
 * const transfer = await dwolla.getTransfer(accessToken, transferId);
 * ```
 */
export function createDwollaClient(config: DwollaClientConfig): DwollaApi {
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

  function parse<T>(schema: Schema<T>, method: string, path: string, value: unknown): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new DwollaResponseError(method, path, describeIssues(parsed.error));
    return parsed.data;
  }

  function parseTransfer(method: string, path: string, value: unknown): DwollaTransfer {
    return toTransfer(parse(transferSchema, method, path, value), apiUrl);
  }

  async function getJson(token: string, path: string, query?: URLSearchParams) {
    const response = await call(token, 'GET', path, query === undefined ? {} : { query });
    return parseJson(response.text);
  }

  return {
    async createTransfer(token, { body, idempotencyKey }) {
      const path = '/transfers';
      // `body` goes out exactly as given, on every attempt: Dwolla only replays the original
      // answer for the same key and a byte-identical body
      // (https://developers.dwolla.com/api-reference).
      const response = await call(token, 'POST', path, { body, idempotencyKey });
      const location = response.headers.get('location');
      const id = location === null ? undefined : idFromHref(location);
      if (location === null || id === undefined) {
        throw new DwollaResponseError('POST', path, ['Location header missing or not a URL']);
      }
      return { id, location };
    },

    async getTransfer(token, transferId) {
      const path = `/transfers/${encodeURIComponent(transferId)}`;
      return parseTransfer('GET', path, await getJson(token, path));
    },

    async getTransferFailure(token, transferId) {
      const path = `/transfers/${encodeURIComponent(transferId)}/failure`;
      return toTransferFailure(
        parse(transferFailureSchema, 'GET', path, await getJson(token, path)),
      );
    },

    async cancelTransfer(token, transferId) {
      const path = `/transfers/${encodeURIComponent(transferId)}`;
      // https://developers.dwolla.com/docs/api-reference/transfers ("Cancel a transfer").
      const response = await call(token, 'POST', path, { body: '{"status":"cancelled"}' });
      return parseTransfer('POST', path, parseJson(response.text));
    },

    async listEvents(token, { limit, offset }) {
      const path = '/events';
      const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
      const page = parse(eventPageSchema, 'GET', path, await getJson(token, path, query));
      const events: DwollaEvent[] = page._embedded.events.map((raw, index) => {
        const event = parse(eventSchema, 'GET', `${path}#${offset + index}`, raw);
        return toEvent(event, raw as Record<string, unknown>);
      });
      return { events, total: page.total };
    },

    async searchTransfers(token, { owner, correlationId }) {
      // https://www.dwolla.com/updates/correlationids-streamline-transfer-webhoook-processing/ and
      // https://developers.dwolla.com/docs/balance/transfer-lifecycle: search a customer's or an
      // account's transfers by correlationId.
      const path =
        'customerId' in owner
          ? `/customers/${encodeURIComponent(owner.customerId)}/transfers`
          : `/accounts/${encodeURIComponent(owner.accountId)}/transfers`;
      const transfers: DwollaTransfer[] = [];
      for (let offset = 0; ; offset += SEARCH_PAGE_SIZE) {
        const query = new URLSearchParams({
          correlationId,
          limit: String(SEARCH_PAGE_SIZE),
          offset: String(offset),
        });
        const page = parse(transferPageSchema, 'GET', path, await getJson(token, path, query));
        for (const raw of page._embedded.transfers) transfers.push(parseTransfer('GET', path, raw));
        const total = page.total ?? transfers.length;
        if (page._embedded.transfers.length === 0 || transfers.length >= total) return transfers;
      }
    },

    async getBillPayment(token, billPaymentId) {
      const path = `/bill-payments/${encodeURIComponent(billPaymentId)}`;
      const json = await getJson(token, path);
      return toBillPayment(
        parse(billPaymentSchema, 'GET', path, json),
        json as Record<string, unknown>,
      );
    },

    async listWebhookSubscriptions(token) {
      const path = '/webhook-subscriptions';
      return toWebhookSubscriptions(
        parse(webhookSubscriptionPageSchema, 'GET', path, await getJson(token, path)),
      );
    },

    async createWebhookSubscription(token, { url, secret }) {
      const path = '/webhook-subscriptions';
      // https://developers.dwolla.com/docs/api-reference/webhook-subscriptions ("Create a webhook
      // subscription"): the id comes back in `Location`.
      const response = await call(token, 'POST', path, { body: JSON.stringify({ url, secret }) });
      const location = response.headers.get('location');
      const id = location === null ? undefined : idFromHref(location);
      if (id === undefined) {
        throw new DwollaResponseError('POST', path, ['Location header missing or not a URL']);
      }
      return { id };
    },

    async updateWebhookSubscription(token, id, { paused }) {
      const path = `/webhook-subscriptions/${encodeURIComponent(id)}`;
      // https://developers.dwolla.com/docs/api-reference/webhook-subscriptions ("Update a webhook
      // subscription").
      await call(token, 'POST', path, { body: JSON.stringify({ paused }) });
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
