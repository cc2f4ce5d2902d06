import type { Locator, Page } from 'playwright-core';

/** What every page has (Layout): skip link, account navigation, the error summary of a form. */
export class AppShell {
  readonly skipLink: Locator;
  readonly accountNav: Locator;
  readonly signOutButton: Locator;
  /** The NHS.UK error summary: an alert headed "There is a problem" (or a form-specific title). */
  readonly errorSummary: Locator;
  readonly main: Locator;

  constructor(readonly page: Page) {
    this.skipLink = page.getByRole('link', { name: 'Skip to main content' });
    this.accountNav = page.getByRole('navigation', { name: 'Account' });
    this.signOutButton = this.accountNav.getByRole('button', { name: 'Sign out' });
    this.errorSummary = page.getByRole('alert').filter({ has: page.getByRole('heading', { level: 2 }) });
    this.main = page.getByRole('main');
  }

  /** The page's one h1. */
  heading(name?: string | RegExp): Locator {
    return this.page.getByRole('heading', { level: 1, ...(name === undefined ? {} : { name }) });
  }

  /** The messages listed in the error summary. */
  async errorMessages(): Promise<string[]> {
    await this.errorSummary.waitFor();
    return (await this.errorSummary.getByRole('listitem').allInnerTexts()).map((text) => text.trim());
  }

  async signOut(): Promise<void> {
    await this.signOutButton.click();
    await this.page.waitForURL('**/signin');
  }
}
