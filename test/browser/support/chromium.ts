import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { hasChromium, launchChromium } from '../../support/browser.js';

/**
 * One headless Chromium for a browser test file: launched before its tests, closed after them,
 * and not launched at all when Chromium is missing (the file's `describe` is then skipped).
 *
 * @example
 * ```ts
 * const chromium = chromiumForFile();
 * describe.skipIf(!chromium.installed)('…', () => {
 *   it('…', async () => {
 *     const page = await chromium.browser().newPage();
 *   });
 * });
 * ```
 */
export function chromiumForFile(): { readonly installed: boolean; browser(): Browser } {
  const installed = hasChromium();
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!installed) return;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  return {
    installed,
    browser() {
      if (!browser) throw new Error('Chromium is not running (is it installed?)');
      return browser;
    },
  };
}
