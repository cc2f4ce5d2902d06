import type { Locator, Page } from 'playwright-core';
import { AppShell } from './AppShell.ts';

/** `/entries/new`: start an entry from a category template. */
export class NewEntryPage extends AppShell {
  readonly category: Locator;
  readonly title: Locator;
  readonly createEntryButton: Locator;

  constructor(page: Page) {
    super(page);
    this.category = page.getByRole('group', { name: 'Award category' });
    this.title = page.getByRole('textbox', { name: 'Entry title' });
    this.createEntryButton = page.getByRole('button', { name: 'Create entry' });
  }

  async goto(): Promise<this> {
    await this.page.goto('/entries/new');
    return this.waitUntilShown();
  }

  async waitUntilShown(): Promise<this> {
    await this.heading('Start a new entry').waitFor();
    await this.category.waitFor();
    return this;
  }

  /** Creates the entry in the category with this radio label, waits for its page, and returns its id. */
  async create(title: string, category: string): Promise<string> {
    await this.category.getByRole('radio', { name: category, exact: true }).check();
    await this.title.fill(title);
    await this.createEntryButton.click();
    await this.page.waitForURL(/\/entries\/(?!new)[^/]+$/);
    return entryIdFromUrl(this.page.url());
  }
}

export function entryIdFromUrl(url: string): string {
  const match = /\/entries\/([^/?#]+)/.exec(new URL(url).pathname);
  if (!match?.[1]) throw new Error(`Not an entry URL: ${url}`);
  return decodeURIComponent(match[1]);
}
