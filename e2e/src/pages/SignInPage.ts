import type { Locator, Page } from 'playwright-core';
import { AppShell } from './AppShell.ts';

/** `/signin`. */
export class SignInPage extends AppShell {
  readonly email: Locator;
  readonly password: Locator;
  readonly signInButton: Locator;

  constructor(page: Page) {
    super(page);
    this.email = page.getByRole('textbox', { name: 'Email address' });
    this.password = page.getByLabel('Password', { exact: true });
    this.signInButton = page.getByRole('button', { name: 'Sign in' });
  }

  async goto(): Promise<this> {
    await this.page.goto('/signin');
    await this.heading('Sign in').waitFor();
    return this;
  }

  async signIn(person: { email: string; password: string }): Promise<void> {
    await this.email.fill(person.email);
    await this.password.fill(person.password);
    await this.signInButton.click();
    await this.page.waitForURL((url) => url.pathname !== '/signin');
  }
}
