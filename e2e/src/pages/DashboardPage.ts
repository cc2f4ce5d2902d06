import type { Locator, Page } from 'playwright-core';
import { AppShell } from './AppShell.ts';

/** `/`: the entries this person is on. */
export class DashboardPage extends AppShell {
  readonly startNewEntryLink: Locator;
  readonly entries: Locator;

  constructor(page: Page) {
    super(page);
    this.startNewEntryLink = page.getByRole('link', { name: 'Start a new entry' });
    this.entries = page.getByRole('list', { name: 'Your entries' });
  }

  async goto(): Promise<this> {
    await this.page.goto('/');
    return this.waitUntilShown();
  }

  async waitUntilShown(): Promise<this> {
    await this.heading('Your award entries').waitFor();
    return this;
  }

  /** The card (article) of one entry, named by its title. */
  entry(title: string): Locator {
    return this.entries.getByRole('article', { name: title, exact: true });
  }

  async openEntry(title: string): Promise<void> {
    await this.entry(title).getByRole('link', { name: title, exact: true }).click();
    await this.page.waitForURL('**/entries/*');
  }
}
