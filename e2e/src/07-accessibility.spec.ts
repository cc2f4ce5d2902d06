import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DashboardPage } from './pages/DashboardPage.ts';
import { EntryPage } from './pages/EntryPage.ts';
import { InvitationPage } from './pages/InvitationPage.ts';
import { NewEntryPage } from './pages/NewEntryPage.ts';
import { SignInPage } from './pages/SignInPage.ts';
import { SignUpPage } from './pages/SignUpPage.ts';
import { createEntryThroughApi, inviteThroughApi, signUpThroughApi } from './support/api.ts';
import { axeViolations, describeViolations } from './support/axe.ts';
import { hasFocus, tabTo } from './support/keyboard.ts';
import { caretLabelOf, openSharedEntry } from './support/openSharedEntry.ts';
import { CONTEXT } from './support/partnershipCategory.ts';
import { newEntryTitle, newPerson, uniqueTag } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('07-accessibility');

/** Runs axe-core (WCAG 2.0–2.2 A and AA) on the page as it is now, with a screenshot of what was checked. */
async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  await scenario.artifacts.screenshot(page, `axe-${name}`);
  if (violations.length > 0) scenario.artifacts.note(`axe-${name}.json`, violations);
  expect(describeViolations(violations), `axe-core on ${name}`).toBe('');
}

describe('Scenario 7: accessibility (PRODUCT §8: WCAG 2.2 AA, keyboard alone)', () => {
  test('axe-core finds no violations on any page, in its normal and error states', async () => {
    const visitor = await scenario.openBrowser('visitor');

    const signIn = await new SignInPage(visitor.page).goto();
    await expectNoAxeViolations(visitor.page, 'signin');
    await signIn.signInButton.click();
    await signIn.errorSummary.waitFor();
    await expectNoAxeViolations(visitor.page, 'signin-errors');

    const signUp = await new SignUpPage(visitor.page).goto();
    await expectNoAxeViolations(visitor.page, 'signup');
    await signUp.createAccountButton.click();
    expect(await signUp.errorMessages()).toHaveLength(5);
    await expect.poll(() => signUp.errorSummary.getByRole('heading').textContent()).toBe('There is a problem');
    await expectNoAxeViolations(visitor.page, 'signup-errors');

    // Signed in: dashboard (with an entry on it) and the new-entry form, also with its errors.
    const person = newPerson('nhs_trust');
    await signUp.signUp(person);
    const dashboard = await new DashboardPage(visitor.page).waitUntilShown();
    await expectNoAxeViolations(visitor.page, 'dashboard-empty');
    const title = newEntryTitle();
    const entry = await createEntryThroughApi(visitor.context, title);
    await dashboard.goto();
    await dashboard.entry(title).waitFor();
    await expectNoAxeViolations(visitor.page, 'dashboard');
    const newEntry = await new NewEntryPage(visitor.page).goto();
    await expectNoAxeViolations(visitor.page, 'new-entry');
    await newEntry.createEntryButton.click();
    await newEntry.errorSummary.waitFor();
    await expectNoAxeViolations(visitor.page, 'new-entry-errors');

    // The invitation page, signed out and signed in as the invitee.
    const invitee = newPerson('third_sector');
    const invitation = await inviteThroughApi(visitor.context, entry.id, invitee.email, 'contributor');
    const inviteeBrowser = await scenario.openBrowser('invitee', invitee);
    const invitationPage = await new InvitationPage(inviteeBrowser.page).goto(invitation.url);
    await invitationPage.signInToAcceptLink.waitFor();
    await expectNoAxeViolations(inviteeBrowser.page, 'invitation-signed-out');
    await signUpThroughApi(inviteeBrowser.context, invitee);
    await invitationPage.goto(invitation.url);
    await invitationPage.acceptButton.waitFor();
    await expectNoAxeViolations(inviteeBrowser.page, 'invitation-signed-in');

    // Page not found: a well-formed entry id that does not exist. (Paths of any other shape get
    // the API's JSON 404 instead of the app's page: see the report.)
    scenario.expectConsoleErrors(/status of 404 \(Not Found\) \(.*\/api\/entries\/aaaaaaaaaaaaaaaa\)$/);
    await visitor.page.goto('/entries/aaaaaaaaaaaaaaaa');
    await new EntryPage(visitor.page).heading('Page not found').waitFor();
    await expectNoAxeViolations(visitor.page, 'not-found');
    await scenario.closeAllBrowsers();

    // The entry page with two people in one section: carets, presence, members, invitations.
    const shared = await openSharedEntry(scenario);
    const { lead, partner } = shared;
    await lead.entry.section(CONTEXT).typeAtEnd('Our partnership began in 2015.');
    await partner.entry.section(CONTEXT).typeAtEnd(' It grew.');
    await lead.entry
      .section(CONTEXT)
      .caretLabels.filter({ hasText: caretLabelOf(partner.person) })
      .waitFor();
    await partner.entry
      .section(CONTEXT)
      .caretLabels.filter({ hasText: caretLabelOf(lead.person) })
      .waitFor();
    await lead.entry.invite(newPerson('other').email, 'viewer');
    await lead.entry.waitForConnection('saved');
    await expectNoAxeViolations(lead.browser.page, 'entry-lead-two-people');
    await expectNoAxeViolations(partner.browser.page, 'entry-contributor-two-people');
  });

  test('sign in, open the entry, write in a section and have it saved — keyboard alone', async () => {
    // Set-up (not part of the journey): an account with an entry.
    const person = newPerson('nhs_trust');
    const title = newEntryTitle();
    const setup = await scenario.openBrowser('setup', person);
    await signUpThroughApi(setup.context, person);
    const entry = await createEntryThroughApi(setup.context, title);
    await setup.context.close();

    const browser = await scenario.openBrowser('keyboard', person);
    const { page } = browser;
    const signIn = await new SignInPage(page).goto();

    // Sign in: Tab to each field, type, Enter to submit.
    await tabTo(page, signIn.email);
    await page.keyboard.type(person.email);
    await tabTo(page, signIn.password, { maxPresses: 1 });
    await page.keyboard.type(person.password);
    await page.keyboard.press('Enter');
    const dashboard = await new DashboardPage(page).waitUntilShown();
    await scenario.artifacts.screenshot(page, 'keyboard-dashboard');

    // Open the entry from the dashboard.
    await tabTo(page, dashboard.entry(title).getByRole('link', { name: title }));
    await page.keyboard.press('Enter');
    const entryPage = new EntryPage(page);
    await entryPage.waitUntilSaved(title);
    expect(new URL(page.url()).pathname).toBe(`/entries/${entry.id}`);

    // Reach the first section's text (its toolbar is one tab stop before it) and write.
    const context = entryPage.section(CONTEXT);
    const presses = await tabTo(page, context.textbox, { maxPresses: 15 });
    const tag = uniqueTag();
    await page.keyboard.type(`Written with the keyboard ${tag}.`);
    // Formatting by keyboard: Alt+F10 to the toolbar, arrows to Bold, Enter, back in the text in bold.
    await page.keyboard.press('Alt+F10');
    expect(await hasFocus(context.toolbarButton('Heading'))).toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await hasFocus(context.toolbarButton('Bold'))).toBe(true);
    await page.keyboard.press('Enter');
    expect(await hasFocus(context.textbox)).toBe(true);
    await page.keyboard.type(' Bold words');
    await entryPage.waitForConnection('saved');
    expect(await context.text()).toBe(`Written with the keyboard ${tag}. Bold words`);
    expect(await context.wordCount()).toBe('7 of 400 words');
    await scenario.artifacts.screenshot(page, 'keyboard-written');
    scenario.artifacts.note('keyboard.json', { tabPressesFromEntryHeadingToFirstSection: presses });

    // It is stored: another browser of the same person loads it from the server.
    await browser.context.close();
    const check = await scenario.openBrowser('check', person);
    await new SignInPage(check.page).goto().then((signInPage) => signInPage.signIn(person));
    const checkEntry = await new EntryPage(check.page).goto(entry.id).then((p) => p.waitUntilSaved(title));
    expect(await checkEntry.section(CONTEXT).text()).toBe(`Written with the keyboard ${tag}. Bold words`);
    expect(await checkEntry.section(CONTEXT).yjsContent()).toContain('<bold> Bold words</bold>');
  });
});
