import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../../artifacts');

/**
 * Whole-page screenshots only when asked (`E2E_FULL_PAGE_SCREENSHOTS=1`). An entry's workspace is
 * 11,000 to 18,000 pixels tall, and Chromium took most of a second to render and encode each one
 * in full: about a quarter of the suite's time. By default a screenshot is what the person sees,
 * the viewport where the test left it.
 */
const FULL_PAGE = process.env.E2E_FULL_PAGE_SCREENSHOTS === '1';

/**
 * Screenshots (and notes) of one scenario, in `e2e/artifacts/<scenario>/`
 * (gitignored). The folder is emptied when the scenario starts, so what is
 * there is always from the last run.
 */
export class Artifacts {
  readonly dir: string;
  private count = 0;

  constructor(scenario: string) {
    this.dir = path.join(ARTIFACTS_DIR, scenario);
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /** Saves a screenshot of the viewport (of the whole page with FULL_PAGE) as `NN-<name>.png`, numbered in the order taken. */
  async screenshot(page: Page, name: string): Promise<string> {
    this.count += 1;
    const file = path.join(this.dir, `${String(this.count).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: FULL_PAGE, animations: 'disabled', caret: 'initial' });
    return file;
  }

  /** Writes a text or JSON note next to the screenshots (measurements, diagnostics). */
  note(name: string, content: unknown): void {
    const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
    fs.writeFileSync(path.join(this.dir, name), `${text}\n`);
  }

  /** Keeps a copy of a file the test received (e.g. a download) next to the screenshots; returns its path. */
  save(name: string, bytes: Uint8Array): string {
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  }
}
