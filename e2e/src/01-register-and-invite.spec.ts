import { describe, expect, test } from 'vitest';
import { DashboardPage } from './pages/DashboardPage.ts';
import { EntryPage } from './pages/EntryPage.ts';
import { InvitationPage } from './pages/InvitationPage.ts';
import { NewEntryPage } from './pages/NewEntryPage.ts';
import { SignUpPage } from './pages/SignUpPage.ts';
import { CONTEXT, PARTNERSHIP, PARTNERSHIP_SECTIONS } from './support/partnershipCategory.ts';
import { newEntryTitle, newPerson } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('01-register-and-invite');

describe('Scenario 1: an NHS trust and a supplier join one entry (PRODUCT §3 journeys 1–3)', () => {
  test('the trust user registers, starts an entry and invites the supplier user, who registers and accepts', async () => {
    const trustUser = newPerson('nhs_trust');
    const supplierUser = newPerson('supplier');
    const title = newEntryTitle();
    const shots = scenario.artifacts;

    // Two browsers, as two organisations on two networks would have.
    const trust = await scenario.openBrowser('trust', trustUser);
    const supplier = await scenario.openBrowser('supplier', supplierUser);
    await trust.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: scenario.origin });

    // The trust user registers with their organisation…
    const trustSignUp = await new SignUpPage(trust.page).goto();
    await trustSignUp.fill(trustUser);
    await shots.screenshot(trust.page, 'signup-filled');
    await trustSignUp.createAccountButton.click();
    const trustDashboard = await new DashboardPage(trust.page).waitUntilShown();
    await expect.poll(() => trustDashboard.accountNav.textContent()).toContain(trustUser.organisationName);
    await shots.screenshot(trust.page, 'dashboard-empty');

    // …starts an entry from the Partnership Awards template and becomes its lead.
    await trustDashboard.startNewEntryLink.click();
    const newEntry = await new NewEntryPage(trust.page).waitUntilShown();
    await shots.screenshot(trust.page, 'new-entry');
    const entryId = await newEntry.create(title, PARTNERSHIP.label);
    const trustEntry = await new EntryPage(trust.page).waitUntilSaved(title);
    expect(await trustEntry.sectionTitles()).toEqual(PARTNERSHIP_SECTIONS);
    await expect.poll(() => trustEntry.member(trustUser.name).textContent()).toContain('Lead');
    await shots.screenshot(trust.page, 'entry-created');

    // The lead invites the supplier user and copies the link from the page.
    const shownLink = await trustEntry.invite(supplierUser.email, 'contributor');
    const copiedLink = await trustEntry.copyInvitationLink(supplierUser.email);
    expect(copiedLink).toBe(shownLink);
    expect(copiedLink).toMatch(new RegExp(`^${scenario.origin}/invitations/[^/]+$`));
    await trustEntry.revokeInvitationButton(supplierUser.email).waitFor();
    await shots.screenshot(trust.page, 'invitation-created');

    // The supplier user opens the link signed out: they see what they are invited to.
    const invitation = await new InvitationPage(supplier.page).goto(copiedLink);
    await invitation.joinHeading(title).waitFor();
    await invitation.signInToAcceptLink.waitFor();
    await shots.screenshot(supplier.page, 'invitation-signed-out');

    // They create an account (the email is filled in from the invitation) and come back to accept.
    await invitation.createAccountLink.click();
    const supplierSignUp = new SignUpPage(supplier.page);
    await supplierSignUp.heading('Create an account').waitFor();
    expect(await supplierSignUp.email.inputValue()).toBe(supplierUser.email);
    await supplierSignUp.signUp(supplierUser);
    await supplier.page.waitForURL(copiedLink);
    await invitation.acceptButton.waitFor();
    await expect
      .poll(() => invitation.main.textContent())
      .toContain(`You will join as ${supplierUser.name} of ${supplierUser.organisationName}`);
    await shots.screenshot(supplier.page, 'invitation-signed-in');
    await invitation.accept();

    // The supplier is on the entry, with their own organisation, as a contributor.
    expect(supplier.page.url()).toBe(`${scenario.origin}/entries/${entryId}`);
    const supplierEntry = await new EntryPage(supplier.page).waitUntilSaved(title);
    await expect
      .poll(() => supplierEntry.member(supplierUser.name).textContent())
      .toContain(supplierUser.organisationName);
    await expect.poll(() => supplierEntry.member(supplierUser.name).textContent()).toContain('Contributor');
    await supplierEntry.section(CONTEXT).toolbar.waitFor();
    await shots.screenshot(supplier.page, 'entry-joined');

    // The lead sees them arrive live, and in the member list once the page refreshes.
    await trustEntry.workingOnItNow.getByText(supplierUser.name).waitFor();
    await trust.page.reload();
    await trustEntry.waitUntilSaved(title);
    await expect.poll(() => trustEntry.member(supplierUser.name).textContent()).toContain('Contributor');
    expect(await trustEntry.revokeInvitationButton(supplierUser.email).count()).toBe(0);
    await shots.screenshot(trust.page, 'entry-with-supplier');

    // The entry is on the supplier's dashboard too.
    const supplierDashboard = await new DashboardPage(supplier.page).goto();
    await supplierDashboard.entry(title).waitFor();
    const card = supplierDashboard.entry(title);
    expect(await card.textContent()).toContain(`Lead organisation${trustUser.organisationName}`);
    expect(await card.textContent()).toContain('Your roleContributor');
    // The trust user has the entry open: the card says who is working on it now.
    await expect.poll(() => card.textContent()).toContain(`${trustUser.name} (${trustUser.organisationName})`);
    await shots.screenshot(supplier.page, 'supplier-dashboard');
  });
});
