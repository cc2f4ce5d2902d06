import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { EntryPage } from './pages/EntryPage.ts';
import { InvitationPage } from './pages/InvitationPage.ts';
import { SignInPage } from './pages/SignInPage.ts';
import { createEntryThroughApi, signUpThroughApi } from './support/api.ts';
import { axeViolations, describeViolations } from './support/axe.ts';
import { newEntryTitle, newPerson } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('15-not-found-and-invitation-links');

async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  await scenario.artifacts.screenshot(page, `axe-${name}`);
  if (violations.length > 0) scenario.artifacts.note(`axe-${name}.json`, violations);
  expect(describeViolations(violations), `axe-core on ${name}`).toBe('');
}

/** The main document of a page path answered 404: Chromium reports that as a console error. */
const PAGE_404 = /status of 404 \(Not Found\)/;

describe('Issue 11 items 4 and 13: unknown pages and invitation links', () => {
  test('I11-13: unknown pages and malformed invitation links show the app’s "Page not found" (404, lang, title, axe)', async () => {
    scenario.expectConsoleErrors(PAGE_404);
    const visitor = await scenario.openBrowser('visitor');
    const { page } = visitor;
    const token = 'abcdefghijklmnopqrstuvwxyz234567';
    for (const [name, path] of [
      ['nosuchpage', '/nosuchpage'],
      ['entries', '/entries'],
      ['invitation-trailing-dot', `/invitations/${token}.`],
    ] as const) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      expect(response?.headers()['content-type'], path).toMatch(/^text\/html/);
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      expect(await page.locator('html').getAttribute('lang'), path).toBe('en-GB');
      await expect.poll(() => page.title(), { message: path }).toBe('Page not found – Jointly');
      await expectNoAxeViolations(page, `not-found-${name}`);
    }
    // Only the API answers JSON.
    const api = await page.request.get('/api/nosuch');
    expect(api.status()).toBe(401);
    expect(api.headers()['content-type']).toMatch(/^application\/json/);
  });

  test('I11-4: every link stays on the page, a lost one is re-issued (the old stops working), and the wrong person gets no "Accept"', async () => {
    // The old link's preview answers 404 once it is replaced: that is the point.
    scenario.expectConsoleErrors(/status of 404 \(Not Found\) \(http:\/\/[^/]+\/api\/invitations\/[a-z2-7]+\)$/);
    const leadPerson = newPerson('nhs_trust');
    const first = newPerson('supplier');
    const second = newPerson('third_sector');
    const title = newEntryTitle();
    const lead = await scenario.openBrowser('lead', leadPerson);
    await lead.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: scenario.origin });
    await signUpThroughApi(lead.context, leadPerson);
    const entry = await createEntryThroughApi(lead.context, title);
    const entryPage = await new EntryPage(lead.page).goto(entry.id);
    await entryPage.waitUntilSaved(title);

    // Two invitations: the second does not hide the first one's link.
    const firstLink = await entryPage.invite(first.email, 'contributor');
    const secondLink = await entryPage.invite(second.email, 'viewer');
    expect(await entryPage.invitationLink(first.email).inputValue()).toBe(firstLink);
    expect(await entryPage.invitationLink(second.email).inputValue()).toBe(secondLink);
    expect(await entryPage.copyInvitationLink(first.email)).toBe(firstLink);

    // After a reload the links are gone (the server keeps tokens only hashed): "Copy a new link".
    await lead.page.reload();
    await entryPage.waitUntilSaved(title);
    expect(await entryPage.invitationLink(first.email).count()).toBe(0);
    await entryPage.people.getByRole('button', { name: `Resend email to ${first.email}`, exact: true }).waitFor();
    const newLink = await entryPage.copyNewInvitationLink(first.email);
    expect(newLink).toMatch(new RegExp(`^${scenario.origin}/invitations/[a-z2-7]{32}$`));
    expect(newLink).not.toBe(firstLink);
    expect(await entryPage.invitationLink(first.email).inputValue()).toBe(newLink);
    await scenario.artifacts.screenshot(lead.page, 'new-link');

    // The old link no longer works; the new one does.
    const visitor = await scenario.openBrowser('first', first);
    const invitation = await new InvitationPage(visitor.page).goto(firstLink);
    await invitation.heading('This invitation cannot be used').waitFor();
    await invitation.goto(newLink);
    await invitation.joinHeading(title).waitFor();

    // Someone else, signed in, opens it: told why, no "Accept" that could only fail, a way to the right account.
    const someoneElse = newPerson('other');
    const other = await scenario.openBrowser('someone-else', someoneElse);
    await signUpThroughApi(other.context, someoneElse);
    const wrongPerson = await new InvitationPage(other.page).goto(newLink);
    await wrongPerson.someoneElseWarning.waitFor();
    expect(await wrongPerson.acceptButton.count()).toBe(0);
    await expectNoAxeViolations(other.page, 'invitation-someone-else');
    await wrongPerson.signOutAndSignInAsButton(first.email).click();
    const signIn = new SignInPage(other.page);
    await other.page.waitForURL(/\/signin\?/);
    expect(await signIn.email.inputValue()).toBe(first.email);
  });
});
