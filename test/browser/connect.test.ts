import { describe, expect, inject, it } from 'vitest';
import { documentedFetch } from '../integration/support/documented-answers.js';
import { connectAccount } from '../integration/support/oauth.js';
import { chromiumForFile } from './support/chromium.js';

/**
 * The connect page in a real browser (Debian's Chromium): Connect → the simulator's authorize
 * page → Allow → back on the page, which shows the connected account.
 * CI installs Chromium (`.ci/run`); without it this file is skipped with a message.
 */
const chromium = chromiumForFile();

describe.skipIf(!chromium.installed)('Local connect page (GET /)', () => {
  it('connects a Dwolla account through the simulator and shows it', async () => {
    // Prepare
    const { apiUrl } = inject('localStack');
    const page = await chromium.browser().newPage();

    // Act
    await page.goto(`${apiUrl}/`);
    await page.getByRole('button', { name: 'Connect Dwolla account' }).click();
    await page.waitForURL((url) => url.pathname === '/oauth/authorize');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'connected');
    const status = page.locator('dd[data-field="Status"]');
    await status.waitFor();

    // Assess
    const back = new URL(page.url());
    expect(`${back.origin}${back.pathname}`).toBe(`${apiUrl}/`);
    const accountId = back.searchParams.get('accountId');
    expect(accountId).toBeTruthy();
    expect(await page.locator('#outcome').textContent()).toBe(`Connected account ${accountId}.`);
    expect(await status.textContent()).toBe('active');
    expect(await page.locator('dd[data-field="Account"]').textContent()).toBe(accountId);
    expect(await page.locator('dd[data-field="Last refreshed"]').textContent()).toBe('never');
    await page.close();
  });

  it('shows a denial when the user clicks Deny', async () => {
    // Prepare
    const { apiUrl } = inject('localStack');
    const page = await chromium.browser().newPage();
    await page.goto(`${apiUrl}/`);
    await page.getByRole('button', { name: 'Connect Dwolla account' }).click();
    await page.waitForURL((url) => url.pathname === '/oauth/authorize');

    // Act
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'denied');

    // Assess
    expect(await page.locator('#outcome').textContent()).toBe(
      'The connection was denied (access_denied).',
    );
    expect(await page.locator('#account').isHidden()).toBe(true);
    await page.close();
  });

  it('registers an endpoint on the local receiver and lists verified notifications as a chain moves', async () => {
    // Prepare
    const { apiUrl, simulatorUrl, apiKey } = inject('localStack');
    const page = await chromium.browser().newPage();
    await page.goto(`${apiUrl}/`);
    await page.getByRole('button', { name: 'Register an endpoint on the local receiver' }).click();
    const registered = page.locator('#registered');
    await registered.filter({ hasText: 'Endpoint ' }).waitFor();
    const endpointId = /Endpoint (\S+)/.exec((await registered.textContent()) ?? '')![1]!;

    // Act: a chain moves at the simulator.
    const { accountId } = await connectAccount();
    const scenario = await fetch(`${simulatorUrl}/__sim/scenarios/client-to-unverified-success`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountId }),
    });
    expect(scenario.status).toBeLessThan(300);
    await fetch(`${simulatorUrl}/__sim/flush`, { method: 'POST' });
    await page.locator('#received tr[data-verified="true"]').first().waitFor({ timeout: 60_000 });

    // Assess
    expect(await page.locator('#received tr[data-verified="false"]').count()).toBe(0);
    expect(await page.locator('#received tr td').nth(1).textContent()).toMatch(/^transfer\./);
    await documentedFetch(`${apiUrl}/webhook-endpoints/${endpointId}`, {
      method: 'DELETE',
      headers: { 'x-api-key': apiKey },
    });
    await page.close();
  });
});
