import { describe, expect, it } from 'vitest';
import { connectPage, renderConnectPage } from '../../infra/local/pages/connect-page.js';
import { LOCAL_PAGES } from '../../infra/local/pages/index.js';
import type { LocalStackInfo } from '../../infra/local/stack-file.js';

const STACK = {
  apiUrl: 'http://127.0.0.1:3000',
  apiKey: 'dsk_</script><script>alert(1)</script>',
  dwollaEnvironment: 'simulator',
  notificationReceiverUrl: 'http://127.0.0.1:3000/__local/receiver/inboxes',
} as LocalStackInfo;

describe('Local page: connect (GET /)', () => {
  it('is registered at / in the local pages', () => {
    // Act
    const page = LOCAL_PAGES.find((entry) => entry.path === '/');

    // Assess
    expect(page).toBe(connectPage);
  });

  it('offers the "Connect Dwolla account" button and no outcome on a plain visit', async () => {
    // Act
    const page = await renderConnectPage({ stack: STACK, query: new URLSearchParams() });

    // Assess
    expect(page.status).toBe(200);
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(page.body).toContain(
      '<button id="connect" type="button">Connect Dwolla account</button>',
    );
    expect(page.body).not.toContain('id="outcome"');
  });

  it('embeds the local API key as inert JSON that cannot close its script element', async () => {
    // Act
    const page = await renderConnectPage({ stack: STACK, query: new URLSearchParams() });

    // Assess
    expect(page.body).not.toContain('</script><script>alert(1)');
    const json = /<script type="application\/json" id="config">(.*?)<\/script>/.exec(
      page.body,
    )?.[1];
    expect(JSON.parse(json!)).toEqual({
      apiKey: STACK.apiKey,
      receiverUrl: STACK.notificationReceiverUrl,
    });
  });

  it('has a Notifications panel that registers an endpoint on the built-in receiver', async () => {
    // Act
    const page = await renderConnectPage({ stack: STACK, query: new URLSearchParams() });

    // Assess
    expect(page.body).toContain('<h2>Notifications</h2>');
    expect(page.body).toContain(
      '<button id="register" type="button">Register an endpoint on the local receiver</button>',
    );
    expect(page.body).toContain("fetch('/webhook-endpoints'");
  });

  it.each([
    ['status=connected&accountId=acc-1', 'Connected account acc-1.'],
    ['status=denied&error=access_denied', 'The connection was denied (access_denied).'],
    ['status=error&reason=invalid_grant', 'The connection failed (invalid_grant).'],
  ])('tells the outcome of the callback for %s', async (query, message) => {
    // Act
    const page = await renderConnectPage({ stack: STACK, query: new URLSearchParams(query) });

    // Assess
    expect(page.body).toContain(`<p id="outcome" role="status">${message}</p>`);
  });

  it('escapes what the query string says', async () => {
    // Act
    const page = await renderConnectPage({
      stack: STACK,
      query: new URLSearchParams({
        status: 'connected',
        accountId: '<img src=x onerror=alert(1)>',
      }),
    });

    // Assess
    expect(page.body).toContain('Connected account &lt;img src=x onerror=alert(1)&gt;.');
    expect(page.body).not.toContain('<img src=x');
  });
});
