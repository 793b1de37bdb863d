import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { checkedInDocument, openApiChecker } from './openapi-document.js';

/**
 * Every answer an integration test gets from an app route is checked against the checked-in
 * `openapi.json`: an undocumented status or field fails the test that received it. Each test
 * file's count is written to the run's count folder, summed when the run ends.
 */

let checker: ReturnType<typeof openApiChecker> | undefined;
let validated = 0;
const countFile = `${process.pid}-${randomUUID()}.count`;

/** How many answers this test file has checked against the document so far. */
export function validatedAnswers(): number {
  return validated;
}

/**
 * Throws when `response` (to `method path` on the local gateway) is not what the document says
 * the operation answers: an unknown operation, an undocumented status, or a JSON body outside
 * the status's schema. Reads a clone, so the caller can still read the body.
 *
 * @example
 * ```ts
 * await assertDocumented('GET', '/transfers/abc', response);
 * ```
 */
export async function assertDocumented(
  method: string,
  path: string,
  response: Response,
): Promise<void> {
  checker ??= openApiChecker(checkedInDocument());
  const text = await response.clone().text();
  const contentType = response.headers.get('content-type');
  let body: unknown;
  if (text !== '') {
    body = contentType?.startsWith('application/json') ? JSON.parse(text) : text;
  }
  const problem = checker.check(method, path, response.status, contentType, body);
  if (problem) {
    throw new Error(`answer not described by openapi.json: ${problem}\n${text.slice(0, 2000)}`);
  }
  validated++;
  writeFileSync(join(inject('openApiCountDir'), countFile), String(validated));
}

/**
 * Throws when a notification body an endpoint received is not what the document's `webhooks`
 * entry for its type describes (an unknown type, a missing or undescribed field).
 *
 * @example
 * ```ts
 * for (const message of await received(inbox)) assertDocumentedNotification(message.body);
 * ```
 */
export function assertDocumentedNotification(body: unknown): void {
  checker ??= openApiChecker(checkedInDocument());
  const type = (body as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !/^[a-z]+\.[a-z]+$/.test(type)) {
    throw new Error(`notification without a documented type: ${JSON.stringify(body)}`);
  }
  const pointer = `/webhooks/${type}/post/requestBody/content/application~1json/schema`;
  let problem: string | undefined;
  try {
    problem = checker.validate(pointer, body);
  } catch (error) {
    problem = `no webhook ${type} in the document (${(error as Error).message})`;
  }
  if (problem) throw new Error(`notification not described by openapi.json: ${problem}`);
}

/**
 * `fetch` of a URL on the local gateway (e.g. the OAuth callback, Dwolla's webhook route),
 * its answer checked against the document like {@link assertDocumented}.
 *
 * @example
 * ```ts
 * const callback = await documentedFetch(callbackUrl, { redirect: 'manual' });
 * ```
 */
export async function documentedFetch(
  url: string | URL,
  init: RequestInit = {},
): Promise<Response> {
  const response = await fetch(url, init);
  const target = new URL(url);
  await assertDocumented(init.method ?? 'GET', `${target.pathname}${target.search}`, response);
  return response;
}
