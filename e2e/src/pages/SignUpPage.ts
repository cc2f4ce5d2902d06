import type { Locator, Page } from 'playwright-core';
import { ORGANISATION_KIND_LABEL, type Person } from '../support/people.ts';
import { AppShell } from './AppShell.ts';

/** `/signup`: create an account with your organisation. */
export class SignUpPage extends AppShell {
  readonly name: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly organisationName: Locator;
  readonly organisationKind: Locator;
  readonly createAccountButton: Locator;

  constructor(page: Page) {
    super(page);
    this.name = page.getByRole('textbox', { name: 'Your full name' });
    this.email = page.getByRole('textbox', { name: 'Email address' });
    this.password = page.getByLabel('Create a password', { exact: true });
    this.organisationName = page.getByRole('textbox', { name: 'Organisation name' });
    this.organisationKind = page.getByRole('group', { name: 'Type of organisation' });
    this.createAccountButton = page.getByRole('button', { name: 'Create account' });
  }

  async goto(): Promise<this> {
    await this.page.goto('/signup');
    await this.heading('Create an account').waitFor();
    return this;
  }

  async fill(person: Person): Promise<void> {
    await this.name.fill(person.name);
    await this.email.fill(person.email);
    await this.password.fill(person.password);
    await this.organisationName.fill(person.organisationName);
    await this.organisationKind
      .getByRole('radio', { name: ORGANISATION_KIND_LABEL[person.organisationKind], exact: true })
      .check();
  }

  /** Fills the form, submits it, and waits to leave the page (to the dashboard, or where `next` said). */
  async signUp(person: Person): Promise<void> {
    await this.fill(person);
    await this.createAccountButton.click();
    await this.page.waitForURL((url) => url.pathname !== '/signup');
  }
}
