import type { Locator, Page } from 'playwright-core';
import { AppShell } from './AppShell.ts';

/** `/invitations/:token`: see the invitation, then sign in / register and accept it. */
export class InvitationPage extends AppShell {
  readonly signInToAcceptLink: Locator;
  readonly createAccountLink: Locator;
  readonly acceptButton: Locator;

  constructor(page: Page) {
    super(page);
    this.signInToAcceptLink = page.getByRole('link', { name: 'Sign in to accept' });
    this.createAccountLink = page.getByRole('link', { name: 'Create an account' });
    this.acceptButton = page.getByRole('button', { name: 'Accept invitation' });
  }

  async goto(link: string): Promise<this> {
    await this.page.goto(link);
    return this;
  }

  /** The h1 "Join “<title>”". */
  joinHeading(entryTitle: string): Locator {
    return this.heading(`Join “${entryTitle}”`);
  }

  /** Accepts and waits for the entry page; returns the entry id from the URL. */
  async accept(): Promise<void> {
    await this.acceptButton.click();
    await this.page.waitForURL(/\/entries\/[^/]+$/);
  }
}
