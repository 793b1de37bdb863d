/**
 * Driving a running stack from outside, for the integration tests and `bench/` alike (no test
 * runner here): the Dwolla simulator's `/__sim` controls, its authorize page, and registering
 * an app-notification endpoint.
 */

/**
 * A `POST` to one of the simulator's `/__sim` controls; the JSON answer, `undefined` for 204.
 *
 * @example
 * ```ts
 * await simControl(simulatorUrl, '/__sim/chaos', { duplicateRate: 0.3 });
 * ```
 */
export async function simControl<T>(
  simulatorUrl: string,
  path: string,
  body: unknown = {},
): Promise<T> {
  const response = await fetch(`${simulatorUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) {
    throw new Error(`simulator ${path} answered ${response.status}: ${await response.text()}`);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Every hidden field of the simulator's authorize page. */
function readAuthorizeForm(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1]!] = decodeEntities(match[2]!);
  }
  return fields;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Opens Dwolla's (the simulator's) authorize page and submits its form with Allow or Deny:
 * resolves with the redirect to our callback (`code`+`state`, or `error`+`state`).
 *
 * @example
 * ```ts
 * const callbackUrl = await decideAtSimulator(authorizeUrl, { decision: 'allow' });
 * ```
 */
export async function decideAtSimulator(
  authorizeUrl: string,
  options: { decision?: 'allow' | 'deny'; simAccountId?: string } = {},
): Promise<URL> {
  const page = await fetch(authorizeUrl);
  if (page.status !== 200) throw new Error(`simulator authorize page answered ${page.status}`);
  const form = new URLSearchParams({
    ...readAuthorizeForm(await page.text()),
    account_id: options.simAccountId ?? '',
    decision: options.decision ?? 'allow',
  });
  const target = new URL(authorizeUrl);
  const decided = await fetch(`${target.origin}${target.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  const location = decided.headers.get('location');
  if (decided.status !== 302 || !location) {
    throw new Error(`simulator decision answered ${decided.status}`);
  }
  return new URL(location);
}

/**
 * Registers `url` as an app-notification endpoint (`POST /webhook-endpoints`) with the stack's
 * app key; resolves with its id and signing secret.
 *
 * @example
 * ```ts
 * const endpoint = await createWebhookEndpoint(stack.info, `${receiverUrl}/bench`);
 * ```
 */
export async function createWebhookEndpoint(
  stack: { readonly apiUrl: string; readonly apiKey: string },
  url: string,
): Promise<{ id: string; secret: string }> {
  const created = await fetch(`${stack.apiUrl}/webhook-endpoints`, {
    method: 'POST',
    headers: { 'x-api-key': stack.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ url }),
  });
  if (created.status !== 201) throw new Error(`POST /webhook-endpoints: ${created.status}`);
  return (await created.json()) as { id: string; secret: string };
}
