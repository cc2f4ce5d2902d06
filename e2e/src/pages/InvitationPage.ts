import type { Locator, Page } from 'playwright-core';
import { AppShell } from './AppShell.ts';

/** `/invitations/:token`: see the invitation, then sign in / register and accept it. */
export class InvitationPage extends AppShell {
  readonly signInToAcceptLink: Locator;
  readonly createAccountLink: Locator;
  readonly acceptButton: Locator;
  /** The warning shown when the signed-in person is not the one invited. */
  readonly someoneElseWarning: Locator;

  constructor(page: Page) {
    super(page);
    this.signInToAcceptLink = page.getByRole('link', { name: 'Sign in to accept' });
    this.createAccountLink = page.getByRole('link', { name: 'Create an account' });
    this.acceptButton = page.getByRole('button', { name: 'Accept invitation' });
    this.someoneElseWarning = page.getByRole('heading', { name: 'Important: This invitation is for someone else' });
  }

  async goto(link: string): Promise<this> {
    await this.page.goto(link);
    return this;
  }

  /** The h1 "Join “<title>”". */
  joinHeading(entryTitle: string): Locator {
    return this.heading(`Join “${entryTitle}”`);
  }

  /** "Sign out and sign in as <email>", offered instead of "Accept" to someone else. */
  signOutAndSignInAsButton(email: string): Locator {
    return this.page.getByRole('button', { name: `Sign out and sign in as ${email}`, exact: true });
  }

  /** Accepts and waits for the entry page; returns the entry id from the URL. */
  async accept(): Promise<void> {
    await this.acceptButton.click();
    await this.page.waitForURL(/\/entries\/[^/]+$/);
  }
}
