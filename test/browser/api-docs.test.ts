import { describe, expect, inject, it } from 'vitest';
import { ROUTES } from '../../infra/definition.js';
import { NOTIFICATION_TYPES } from '../../shared/notifications/notification.js';
import { chromiumForFile } from './support/chromium.js';

/**
 * The API reference page (`GET /docs`) in a real browser with every request outside the local
 * gateway refused: it must render the whole document from the stack's own files (offline).
 */
const chromium = chromiumForFile();

describe.skipIf(!chromium.installed)('Local API reference (GET /docs)', () => {
  it('renders every operation and notification of /openapi.json without a request leaving the stack', async () => {
    // Prepare
    const { apiUrl } = inject('localStack');
    const origin = new URL(apiUrl).origin;
    const page = await chromium.browser().newPage();
    const outside: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      outside.push(url);
      return route.abort();
    });

    // Act
    await page.goto(`${apiUrl}/docs`);
    // Every route, then every notification (the document's `webhooks`).
    const blocks = ROUTES.length + NOTIFICATION_TYPES.length;
    await page
      .locator('.opblock')
      .nth(blocks - 1)
      .waitFor();
    const operations = await page.locator('.opblock').count();
    const title = await page.locator('.info .title').textContent();

    // Assess
    expect(operations).toBe(blocks);
    expect(title).toContain('dwolla-serverless');
    expect(await page.getByText('/transfers/{id}/cancel').count()).toBeGreaterThan(0);
    expect(outside).toEqual([]);
    await page.close();
  });
});
