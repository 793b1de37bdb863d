import type { LegEvent, TransferLeg } from '../../../shared/domain/transfer.js';
import { escapeHtml } from '../html.js';
import type { LocalPage, LocalPageResult } from './index.js';

/** HTML-escapes any value (the chain view's tests use it too). */
export { escapeHtml } from '../html.js';

/**
 * `GET /ui/transfers?correlationId=`: a read-only view of one chain for the local stack — the legs
 * in chain order (https://developers.dwolla.com/docs/balance/transfer-lifecycle ("funding-transfer
 * / funded-transfer")) with status, amount, links and failure, and each leg's event timeline. It
 * reads the running stack's own API (`GET /transfers?correlationId=`, `GET /transfers/{id}`) with
 * the local API key, so it shows exactly what an API client sees. Local only: never deployed.
 */

/** The chain as the page renders it: search order, each leg with its events. */
export interface ChainViewData {
  readonly correlationId: string;
  readonly legs: readonly TransferLeg[];
}

/** `fetch` with the API key applied, injectable for tests. */
export type ApiGet = (path: string) => Promise<{ status: number; body: unknown }>;

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}.failed{color:#b00020}.processed{color:#1b5e20}.cancelled,.reclaimed{color:#666}
code{font-size:.85em}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function searchForm(correlationId: string): string {
  return `<form method="get" action="/ui/transfers"><label>correlationId <input name="correlationId" value="${escapeHtml(correlationId)}" size="48"></label> <button type="submit">Show chain</button></form>`;
}

function legAnchor(id: string | undefined): string {
  return id ? `<a href="#leg-${escapeHtml(id)}"><code>${escapeHtml(id)}</code></a>` : '—';
}

function legRow(leg: TransferLeg, index: number): string {
  const amount = leg.amount ? `${leg.amount.value} ${leg.amount.currency}` : '—';
  const failure = leg.failure ? `${leg.failure.code}: ${leg.failure.description}` : '—';
  return `<tr id="leg-${escapeHtml(leg.id)}"><td>${index + 1}</td><td><code>${escapeHtml(leg.id)}</code></td><td class="${escapeHtml(leg.status)}">${escapeHtml(leg.status)}</td><td>${escapeHtml(amount)}</td><td>${escapeHtml(leg.created ?? '—')}</td><td>${legAnchor(leg.links.fundingTransfer)}</td><td>${legAnchor(leg.links.fundedTransfer)}</td><td>${escapeHtml(leg.links.billPayment ?? '—')}</td><td>${escapeHtml(failure)}</td></tr>`;
}

function timeline(leg: TransferLeg): string {
  const events = [...leg.events].sort((a: LegEvent, b: LegEvent) =>
    a.created === b.created ? a.id.localeCompare(b.id) : a.created < b.created ? -1 : 1,
  );
  const rows = events
    .map(
      (event) =>
        `<tr><td>${escapeHtml(event.created)}</td><td>${escapeHtml(event.topic)}</td><td><code>${escapeHtml(event.id)}</code></td></tr>`,
    )
    .join('');
  return `<h3>Leg <code>${escapeHtml(leg.id)}</code>: ${events.length} event(s)</h3><table><thead><tr><th>created</th><th>topic</th><th>event id</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * Renders the chain as one HTML page; every value is escaped.
 *
 * @example
 * ```ts
 * const html = renderChainView({ correlationId: 'order-42', legs });
 * ```
 */
export function renderChainView(data: ChainViewData): string {
  const title = `Chain ${data.correlationId}`;
  if (data.legs.length === 0) {
    return page(
      title,
      `<h1>${escapeHtml(title)}</h1>${searchForm(data.correlationId)}<p>No transfer leg has this correlationId (yet).</p>`,
    );
  }
  const head =
    '<tr><th>#</th><th>transfer</th><th>status</th><th>amount</th><th>created</th><th>funding transfer</th><th>funded transfer</th><th>bill payment</th><th>failure</th></tr>';
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>${searchForm(data.correlationId)}<table><thead>${head}</thead><tbody>${data.legs.map(legRow).join('')}</tbody></table><h2>Event timelines</h2>${data.legs.map(timeline).join('')}`,
  );
}

function html(status: number, body: string): LocalPageResult {
  return { status, contentType: 'text/html; charset=utf-8', body };
}

/**
 * Loads and renders the chain through the API. A refused search (e.g. an invalid correlationId)
 * is shown with the API's own status and message.
 *
 * @example
 * ```ts
 * const result = await loadChainView('order-42', apiGet);
 * ```
 */
export async function loadChainView(
  correlationId: string | null,
  get: ApiGet,
): Promise<LocalPageResult> {
  if (!correlationId) {
    return html(200, page('Transfer chains', `<h1>Transfer chains</h1>${searchForm('')}`));
  }
  const search = await get(`/transfers?correlationId=${encodeURIComponent(correlationId)}`);
  if (search.status !== 200) {
    const message = (search.body as { message?: unknown } | undefined)?.message;
    return html(
      search.status,
      page(
        'Transfer chains',
        `<h1>Transfer chains</h1>${searchForm(correlationId)}<p>The API answered ${escapeHtml(search.status)}: ${escapeHtml(message ?? '')}</p>`,
      ),
    );
  }
  const { transfers } = search.body as { transfers: readonly { id: string }[] };
  const legs = await Promise.all(
    transfers.map(async ({ id }) => {
      const detail = await get(`/transfers/${encodeURIComponent(id)}`);
      if (detail.status !== 200) throw new Error(`GET /transfers/${id} answered ${detail.status}`);
      return detail.body as TransferLeg;
    }),
  );
  return html(200, renderChainView({ correlationId, legs }));
}

/** The page registered with the local gateway. */
export const chainViewPage: LocalPage = {
  path: '/ui/transfers',
  render: ({ stack, query }) =>
    loadChainView(query.get('correlationId'), async (path) => {
      const response = await fetch(`${stack.apiUrl}${path}`, {
        headers: { 'x-api-key': stack.apiKey },
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    }),
};
