import type { OrganisationKind } from '@jointly/shared';
import type { Locator, Page } from 'playwright-core';
import { AppShell } from './AppShell.ts';

/** What the sign-up form asks for (support/people.ts's Person is one of these). */
export type SignUpDetails = {
  name: string;
  email: string;
  password: string;
  organisationName: string;
  organisationKind: OrganisationKind;
};

/** The label of each organisation kind in the sign-up radio group. */
export const ORGANISATION_KIND_LABEL: Record<OrganisationKind, string> = {
  nhs_trust: 'NHS trust',
  nhs_provider: 'NHS provider (not a trust)',
  supplier: 'Supplier',
  third_sector: 'Third sector',
  other: 'Other',
};

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
    // Issue 15: the organisation is a combobox that searches existing ones; a name nobody has creates one.
    this.organisationName = page.getByRole('combobox', { name: 'Organisation name' });
    this.organisationKind = page.getByRole('group', { name: 'Type of organisation' });
    this.createAccountButton = page.getByRole('button', { name: 'Create account' });
  }

  async goto(): Promise<this> {
    await this.page.goto('/signup');
    await this.heading('Create an account').waitFor();
    return this;
  }

  async fill(person: SignUpDetails): Promise<void> {
    await this.name.fill(person.name);
    await this.email.fill(person.email);
    await this.password.fill(person.password);
    await this.organisationName.fill(person.organisationName);
    // The list of matches covers what follows the box: take its last option, a new organisation of this name.
    await this.page
      .getByRole('option', { name: `Create a new organisation called “${person.organisationName}”` })
      .click();
    await this.organisationKind
      .getByRole('radio', { name: ORGANISATION_KIND_LABEL[person.organisationKind], exact: true })
      .check();
  }

  /** Fills the form, submits it, and waits to leave the page (to the dashboard, or where `next` said). */
  async signUp(person: SignUpDetails): Promise<void> {
    await this.fill(person);
    await this.createAccountButton.click();
    await this.page.waitForURL((url) => url.pathname !== '/signup');
  }
}
