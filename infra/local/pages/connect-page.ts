import { escapeHtml } from '../html.js';
import type { LocalPage, LocalPageContext, LocalPageResult } from './index.js';

/**
 * `GET /` of the local stack: a minimal page to connect a Dwolla account through OAuth.
 * "Connect Dwolla account" calls `POST /oauth/authorize` with this page as `returnTo` and sends
 * the browser to Dwolla's (the simulator's) authorize page; the callback brings it back here with
 * `accountId` and `status`, and the page shows the account from `GET /accounts/{accountId}`.
 * Its Notifications panel registers an app webhook endpoint (`POST /webhook-endpoints`) on an
 * inbox of the stack's built-in receiver and lists, every second, the signed notifications that
 * inbox received and whether `standardwebhooks` verified them.
 * Local only, never deployed: it embeds the local API key so the browser can call the API.
 */

/** JSON safe inside a `<script>` element (no `</script>`, no HTML comment openers). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

/** The outcome the callback appended to the page URL, as a sentence. */
function outcomeMessage(query: URLSearchParams): string | undefined {
  switch (query.get('status')) {
    case 'connected':
      return `Connected account ${query.get('accountId') ?? ''}.`;
    case 'denied':
      return `The connection was denied (${query.get('error') ?? 'unknown error'}).`;
    case 'error':
      return `The connection failed (${query.get('reason') ?? 'unknown reason'}).`;
    default:
      return undefined;
  }
}

const NOTIFICATIONS_SCRIPT = `
const { receiverUrl } = JSON.parse(document.getElementById('config').textContent);
const register = document.getElementById('register');
const registered = document.getElementById('registered');
const rows = document.getElementById('received');
const show = (endpoint) => {
  registered.textContent = 'Endpoint ' + endpoint.id + ' → ' + endpoint.url;
  register.disabled = true;
  const poll = async () => {
    const response = await fetch(endpoint.url);
    const { received } = await response.json();
    rows.replaceChildren(...received.map((item) => {
      const row = document.createElement('tr');
      const body = item.body ?? { data: {} };
      const cells = [item.receivedAt, body.type, body.data.id, body.data.previousStatus ?? '—',
        body.data.status, item.webhookId, String(item.answered), item.verified ? 'verified' : 'NOT verified'];
      for (const value of cells) {
        const cell = document.createElement('td');
        cell.textContent = value;
        row.append(cell);
      }
      row.dataset.verified = String(item.verified);
      return row;
    }));
  };
  poll();
  setInterval(poll, 1000);
};
register.addEventListener('click', async () => {
  register.disabled = true;
  const url = receiverUrl + '/page-' + crypto.randomUUID();
  const response = await fetch('/webhook-endpoints', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ url, description: 'local connect page' }),
  });
  if (response.status !== 201) {
    problem.textContent = 'POST /webhook-endpoints answered ' + response.status;
    register.disabled = false;
    return;
  }
  const { id, secret } = await response.json();
  // Only the receiver (local) learns the secret, so that it can verify what arrives.
  await fetch(url, { method: 'PUT', body: JSON.stringify({ secret }) });
  const endpoint = { id, url };
  sessionStorage.setItem('notificationEndpoint', JSON.stringify(endpoint));
  show(endpoint);
});
const saved = sessionStorage.getItem('notificationEndpoint');
if (saved) show(JSON.parse(saved));
`;

const SCRIPT = `
const { apiKey } = JSON.parse(document.getElementById('config').textContent);
const button = document.getElementById('connect');
const problem = document.getElementById('problem');
button.addEventListener('click', async () => {
  button.disabled = true;
  problem.textContent = '';
  const returnTo = location.origin + location.pathname;
  const response = await fetch('/oauth/authorize', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ returnTo }),
  });
  if (response.status !== 200) {
    problem.textContent = 'POST /oauth/authorize answered ' + response.status;
    button.disabled = false;
    return;
  }
  location.assign((await response.json()).authorizeUrl);
});
const params = new URLSearchParams(location.search);
const accountId = params.get('accountId');
if (params.get('status') === 'connected' && accountId) {
  fetch('/accounts/' + encodeURIComponent(accountId), { headers: { 'x-api-key': apiKey } })
    .then(async (response) => {
      if (response.status !== 200) throw new Error('GET /accounts answered ' + response.status);
      const account = await response.json();
      const rows = [
        ['Account', account.accountId],
        ['Status', account.status],
        ['Scopes', account.scopes.join(', ')],
        ['Connected at', account.connectedAt],
        ['Access token expires', account.accessTokenExpiresAt],
        ['Refresh token expires', account.refreshTokenExpiresAt],
        ['Last refreshed', account.lastRefreshedAt ?? 'never'],
      ];
      const list = document.getElementById('account');
      for (const [name, value] of rows) {
        const term = document.createElement('dt');
        term.textContent = name;
        const detail = document.createElement('dd');
        detail.textContent = value;
        detail.dataset.field = name;
        list.append(term, detail);
      }
      list.hidden = false;
    })
    .catch((error) => {
      problem.textContent = error.message;
    });
}
`;

/**
 * Renders the connect page.
 *
 * @example
 * ```ts
 * const page = await renderConnectPage({ stack, query: new URLSearchParams('status=connected&accountId=abc') });
 * ```
 */
export async function renderConnectPage(context: LocalPageContext): Promise<LocalPageResult> {
  const message = outcomeMessage(context.query);
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>dwolla-serverless (local)</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; }
button { font-size: 1rem; padding: 0.6rem 1.2rem; cursor: pointer; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.3rem 1rem; }
dt { font-weight: 600; }
#problem { color: #b00020; }
table { border-collapse: collapse; font-size: 0.8rem; }
td, th { border-bottom: 1px solid #ddd; padding: 0.2rem 0.4rem; text-align: left; }
</style>
</head>
<body>
<h1>dwolla-serverless</h1>
<p>Local stack: Dwolla is <strong>${escapeHtml(context.stack.dwollaEnvironment)}</strong>.</p>
<p><button id="connect" type="button">Connect Dwolla account</button></p>
${message ? `<p id="outcome" role="status">${escapeHtml(message)}</p>` : ''}
<p id="problem" role="alert"></p>
<dl id="account" hidden></dl>
<section id="notifications">
<h2>Notifications</h2>
<p>Register an endpoint on the stack's built-in receiver, then move a chain (a transfer, or a
simulator scenario): each status a leg is set to arrives here, signed, and is verified with the
<code>standardwebhooks</code> package.</p>
<p><button id="register" type="button">Register an endpoint on the local receiver</button></p>
<p id="registered"></p>
<table>
<thead><tr><th>received</th><th>type</th><th>transfer</th><th>from</th><th>to</th><th>webhook-id</th><th>answered</th><th>signature</th></tr></thead>
<tbody id="received"></tbody>
</table>
</section>
<script type="application/json" id="config">${scriptJson({
    apiKey: context.stack.apiKey,
    receiverUrl: context.stack.notificationReceiverUrl,
  })}</script>
<script type="module">${SCRIPT}${NOTIFICATIONS_SCRIPT}</script>
</body>
</html>
`;
  return { status: 200, contentType: 'text/html; charset=utf-8', body };
}

/**
 * The page entry for the local gateway's registry (`infra/local/pages/index.ts`).
 *
 * @example
 * ```ts
 * export const LOCAL_PAGES: LocalPage[] = [connectPage];
 * ```
 */
export const connectPage: LocalPage = { path: '/', render: renderConnectPage };
