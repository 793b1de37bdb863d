import { describe, expect, it } from 'vitest';
import {
  type ApiGet,
  escapeHtml,
  loadChainView,
  renderChainView,
} from '../../infra/local/pages/chain-view.js';
import type { TransferLeg } from '../../shared/domain/transfer.js';

const first: TransferLeg = {
  id: 'leg-1',
  status: 'processed',
  amount: { value: '100.00', currency: 'USD' },
  correlationId: 'corr-1',
  created: '2026-01-01T00:00:00.000Z',
  links: { fundedTransfer: 'leg-2' },
  events: [
    { id: 'e-2', topic: 'bank_transfer_completed', created: '2026-01-01T00:00:02.000Z' },
    { id: 'e-1', topic: 'bank_transfer_created', created: '2026-01-01T00:00:01.000Z' },
  ],
};
const second: TransferLeg = {
  id: 'leg-2',
  status: 'failed',
  correlationId: 'corr-1',
  links: { fundingTransfer: 'leg-1' },
  failure: { code: 'R03', description: 'No Account/Unable to Locate Account' },
  events: [{ id: 'e-3', topic: 'transfer_failed', created: '2026-01-01T00:00:03.000Z' }],
};

describe('Page: chain view', () => {
  it('escapes every character that could break out of text or attributes', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;',
    );
  });

  it('shows the legs in the order given, with status, amount, links, failure and timelines', () => {
    // Act
    const html = renderChainView({ correlationId: 'corr-1', legs: [first, second] });

    // Assess
    expect(html.indexOf('<tr id="leg-leg-1">')).toBeLessThan(html.indexOf('<tr id="leg-leg-2">'));
    expect(html).toContain('<td class="failed">failed</td>');
    expect(html).toContain('100.00 USD');
    expect(html).toContain('R03: No Account/Unable to Locate Account');
    expect(html).toContain('<a href="#leg-leg-2"><code>leg-2</code></a>');
    expect(html.indexOf('bank_transfer_created')).toBeLessThan(
      html.indexOf('bank_transfer_completed'),
    );
  });

  it('never renders a stored value as markup', () => {
    // Prepare
    const hostile: TransferLeg = {
      ...second,
      id: '"><img src=x onerror=alert(1)>',
      failure: { code: 'R01', description: '<b>bold</b>' },
    };

    // Act
    const html = renderChainView({ correlationId: '<corr>', legs: [hostile] });

    // Assess
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>bold');
    expect(html).not.toContain('<corr>');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });

  it('reads the chain through the API: the search, then each leg', async () => {
    // Prepare
    const paths: string[] = [];
    const get: ApiGet = async (path) => {
      paths.push(path);
      if (path.startsWith('/transfers?')) {
        return { status: 200, body: { total: 2, transfers: [{ id: 'leg-1' }, { id: 'leg-2' }] } };
      }
      return { status: 200, body: path.endsWith('leg-1') ? first : second };
    };

    // Act
    const result = await loadChainView('corr 1', get);

    // Assess
    expect(paths).toEqual([
      '/transfers?correlationId=corr%201',
      '/transfers/leg-1',
      '/transfers/leg-2',
    ]);
    expect(result.status).toBe(200);
    expect(result.contentType).toBe('text/html; charset=utf-8');
    expect(result.body).toContain('transfer_failed');
  });

  it('passes on the API’s refusal of an invalid correlationId', async () => {
    // Prepare
    const get: ApiGet = async () => ({
      status: 400,
      body: { code: 'ValidationError', message: 'Validation error(s) present.' },
    });

    // Act
    const result = await loadChainView('has spaces', get);

    // Assess
    expect(result.status).toBe(400);
    expect(result.body).toContain('The API answered 400: Validation error(s) present.');
  });

  it('shows only the search form without a correlationId, calling nothing', async () => {
    // Act
    const result = await loadChainView(null, async () => {
      throw new Error('must not be called');
    });

    // Assess
    expect(result.status).toBe(200);
    expect(result.body).toContain('name="correlationId"');
  });
});
