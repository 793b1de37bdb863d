/** Route and reply types shared by the Dwolla routes and the `/__sim` controls. */

import type { IncomingMessage } from 'node:http';
import type * as z from 'zod';
import { fieldErrorsFromZod } from '../../../shared/validation/zod-issues.js';
import { DwollaSimError, SimValidationError } from './errors.js';
import type { RawResponse } from './oauth.js';
import type { Principal } from './tokens.js';

/** Which token a route needs. */
export type Auth = 'none' | 'account' | 'app' | 'any';

/** What a handler receives. */
export interface Context {
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly body: string;
  readonly headers: IncomingMessage['headers'];
  readonly principal: Principal | undefined;
  /** The token's account (account routes only). */
  readonly accountId: string;
}

/** What a handler answers: a JSON body, or a raw response. */
export type Reply =
  | { readonly status: number; readonly json?: unknown; readonly headers?: Record<string, string> }
  | RawResponse;

/** One route. */
export interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly auth: Auth;
  /** Subject to `failRate` chaos (429/500). */
  readonly enrichment?: boolean;
  readonly handle: (ctx: Context) => Reply | Promise<Reply>;
}

/**
 * Parses a JSON body with a zod schema; 400 `ValidationError` with JSON-pointer paths.
 *
 * @example
 * ```ts
 * const input = parseJson(body, z.object({ paused: z.boolean() }));
 * ```
 */
export function parseJson<T>(body: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = body.length === 0 ? {} : JSON.parse(body);
  } catch {
    throw new DwollaSimError(400, 'BadRequest', 'The request body contains bad syntax.');
  }
  const parsed = schema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new SimValidationError(fieldErrorsFromZod(parsed.error));
  return parsed.data;
}

/**
 * `limit`/`offset` query parameters, clamped.
 *
 * @example
 * ```ts
 * paging(new URLSearchParams('limit=500'), 25, 200); // { limit: 200, offset: 0 }
 * ```
 */
export function paging(query: URLSearchParams, defaultLimit: number, maxLimit: number) {
  const limit = Math.min(
    maxLimit,
    Math.max(1, Number.parseInt(query.get('limit') ?? '', 10) || defaultLimit),
  );
  const offset = Math.max(0, Number.parseInt(query.get('offset') ?? '', 10) || 0);
  return { limit, offset };
}

/**
 * A 200 JSON reply.
 *
 * @example
 * ```ts
 * return ok({ total: 0 });
 * ```
 */
export function ok(json: unknown): Reply {
  return { status: 200, json };
}

/**
 * The first value of a header.
 *
 * @example
 * ```ts
 * header(req.headers['idempotency-key']);
 * ```
 */
export function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
