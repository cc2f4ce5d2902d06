import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.ts';

/**
 * A client of the run's one Chromium (started by the global setup, support/sharedChromium.ts); its
 * `close()` closes the contexts it opened and disconnects. Without the global setup (another
 * config), a Chromium of its own.
 */
export async function connectBrowser(): Promise<Browser> {
  const endpoint = inject('chromiumWsEndpoint');
  if (endpoint) return chromium.connect(endpoint);
  return chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true });
}

/** A fresh browser profile (cookies, IndexedDB) at a laptop's viewport. */
export async function newContext(browser: Browser, origin: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL: origin, viewport: { width: 1280, height: 800 } });
}

/** Fails the test on any script dialog (an XSS payload that ran) or uncaught page error. */
export function watchForTrouble(page: Page, problems: string[]): void {
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
}
