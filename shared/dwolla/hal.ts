import * as z from 'zod/mini';
import { pure } from '../pure.js';
import type { DwollaFieldError } from './errors.js';

/**
 * HAL helpers: Dwolla resources carry `_links: { name: { href } }`, every `href` a full URL
 * (https://developers.dwolla.com/api-reference ("Links")).
 */

/** `_links` as Dwolla sends it; entries that are not `{ href: string }` are ignored. */
export const halLinksSchema = /* @__PURE__ */ pure(() =>
  z._default(z.record(z.string(), z.unknown()), {}),
);

/**
 * The `href` of one link, or `undefined` when the resource has no such link.
 *
 * @example
 * ```ts
 * linkHref(transfer._links, 'funding-transfer'); // 'https://api.dwolla.com/transfers/…'
 * ```
 */
export function linkHref(
  links: Readonly<Record<string, unknown>>,
  name: string,
): string | undefined {
  const link = links[name];
  if (typeof link !== 'object' || link === null) return undefined;
  const href = (link as { href?: unknown }).href;
  return typeof href === 'string' ? href : undefined;
}

/**
 * Every link of a resource reduced to `name → href`.
 *
 * @example
 * ```ts
 * allLinkHrefs({ self: { href: 'https://…' } }); // { self: 'https://…' }
 * ```
 */
export function allLinkHrefs(links: Readonly<Record<string, unknown>>): Record<string, string> {
  const hrefs: Record<string, string> = {};
  for (const name of Object.keys(links)) {
    const href = linkHref(links, name);
    if (href !== undefined) hrefs[name] = href;
  }
  return hrefs;
}

/**
 * The id at the end of a resource URL (`…/transfers/{id}`), ignoring a trailing slash, a query
 * and a fragment. `undefined` when the value is not a URL with a path.
 *
 * @example
 * ```ts
 * idFromHref('https://api.dwolla.com/transfers/74c9129b?x=1'); // '74c9129b'
 * ```
 */
export function idFromHref(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  const segments = url.pathname.split('/').filter((segment) => segment.length > 0);
  const last = segments.at(-1);
  return last === undefined ? undefined : decodeURIComponent(last);
}

const errorBodySchema = z.object({
  code: z.string(),
  message: z._default(z.string(), ''),
  _embedded: z.optional(
    z.object({
      errors: z._default(
        z.array(
          z.object({
            code: z._default(z.string(), ''),
            message: z._default(z.string(), ''),
            path: z._default(z.string(), ''),
          }),
        ),
        [],
      ),
    }),
  ),
});

/**
 * Reads Dwolla's error body `{code, message, _embedded.errors[]}`
 * (https://developers.dwolla.com/docs/api-reference/api-fundamentals/errors). A missing or
 * foreign body yields `Http<status>` so the status still tells what happened.
 *
 * @example
 * ```ts
 * parseErrorBody(400, text); // { code: 'ValidationError', message: '…', errors: [{ path: '/amount' … }] }
 * ```
 */
export function parseErrorBody(
  status: number,
  text: string,
): { code: string; message: string; errors: DwollaFieldError[] } {
  const parsed = errorBodySchema.safeParse(parseJson(text));
  if (!parsed.success) return { code: `Http${status}`, message: `HTTP ${status}`, errors: [] };
  return {
    code: parsed.data.code,
    message: parsed.data.message,
    errors: parsed.data._embedded?.errors ?? [],
  };
}

/**
 * `JSON.parse` that answers `undefined` instead of throwing, so a schema reports the problem.
 *
 * @example
 * ```ts
 * parseJson('not json'); // undefined
 * ```
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Drops `undefined` members so optional port fields are absent rather than `undefined`.
 *
 * @example
 * ```ts
 * compact({ self: 'https://api.dwolla.com/transfers/1', failure: undefined }); // { self: … }
 * ```
 */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, member]) => member !== undefined),
  ) as T;
}
