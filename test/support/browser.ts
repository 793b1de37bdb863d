import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium for the browser tests (CI installs it, `.ci/run`): whether it is there,
 * and launching it headless without background traffic.
 */

const CHROMIUM = '/usr/bin/chromium';

/** Whether Chromium is installed; warns once per file that will be skipped without it. */
export function hasChromium(): boolean {
  const found = existsSync(CHROMIUM);
  if (!found) {
    console.warn(`test/browser skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  }
  return found;
}

/**
 * Launches headless Chromium with nothing of its own reaching the network (no QUIC, updates,
 * sync or background requests), so a test sees only the traffic the page makes.
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * ```
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
