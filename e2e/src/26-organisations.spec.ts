import type { MeDto } from '@jointly/shared';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { EntryPage } from './pages/EntryPage.ts';
import { SignUpPage } from './pages/SignUpPage.ts';
import { acceptThroughApi, createEntryThroughApi, inviteThroughApi, signUpThroughApi } from './support/api.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { hasFocus, tabTo } from './support/keyboard.ts';
import { newEntryTitle, newPerson } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('26-organisations');

const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/**
 * Issue 15, organisations are managed things, in Chromium: a newcomer signs up picking their
 * existing organisation from the search by keyboard alone and is told they wait for its admin; on
 * the entry they are "unconfirmed" and their endorsement is refused with the reason; the admin
 * confirms them on /organisation by keyboard; the entry then says "verified" and the endorsement
 * goes through. Sign-up (with the list open), the waiting notice, the organisation page and the
 * entry are axe clean; the organisation page does not scroll sideways at 320 px. An admin who
 * does not know someone declines them; they are told, and move to their real organisation.
 */
describe('Scenario 26: managed organisations', () => {
  test('join an existing organisation by keyboard, wait for its admin, then endorse for it', async () => {
    const admin = newPerson('nhs_trust');
    const organisation = admin.organisationName;
    const adminBrowser = await scenario.openBrowser('admin', admin);
    await signUpThroughApi(adminBrowser.context, admin);
    const entry = await createEntryThroughApi(adminBrowser.context, newEntryTitle('Virtual ward partnership'));

    // The newcomer: their own details, then the organisation picked from the search by keyboard.
    const newcomer = newPerson('nhs_trust', { organisationName: organisation });
    const newcomerBrowser = await scenario.openBrowser('newcomer', newcomer);
    const { page } = newcomerBrowser;
    const signUp = await new SignUpPage(page).goto();
    await signUp.name.fill(newcomer.name);
    await signUp.email.fill(newcomer.email);
    await signUp.password.fill(newcomer.password);
    await tabTo(page, signUp.organisationName);
    // Part of the name, as people type it.
    await page.keyboard.type(organisation.split(' ').slice(0, 2).join(' ').toLowerCase());
    const option = page.getByRole('option', { name: new RegExp(`^${organisation}`) });
    await option.waitFor();
    await expect.poll(() => signUp.organisationName.getAttribute('aria-expanded')).toBe('true');
    await expectNoAxeViolations(scenario.artifacts, page, 'sign-up-picker-open');
    const options = await page.getByRole('option').allTextContents();
    const index = options.findIndex((text) => text.startsWith(organisation));
    for (let i = 0; i <= index; i += 1) await page.keyboard.press('ArrowDown');
    expect(await signUp.organisationName.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    await page.keyboard.press('Enter');
    expect(await signUp.organisationName.inputValue()).toBe(organisation);
    expect(await hasFocus(signUp.organisationName)).toBe(true);
    await page.getByText(`You are joining ${organisation}`).waitFor();
    // Joining an existing organisation asks no type: it has one.
    expect(await page.getByRole('group', { name: 'Type of organisation' }).count()).toBe(0);
    await expectNoAxeViolations(scenario.artifacts, page, 'sign-up-joining');
    await tabTo(page, signUp.createAccountButton);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/');

    const waiting = page.getByRole('region', { name: `Waiting for an admin of ${organisation} to confirm you` });
    await waiting.waitFor();
    await waiting.getByText(`Its admins: ${admin.name}.`).waitFor();
    await expectNoAxeViolations(scenario.artifacts, page, 'pending-notice');
    const me = (await page.evaluate(() => fetch('/api/me').then((r) => r.json()))) as MeDto;
    expect(me.user).toMatchObject({ organisationStatus: 'pending', organisationRole: 'member' });

    // On the entry as a lead: shown unconfirmed, and the endorsement is refused, saying why.
    const invitation = await inviteThroughApi(adminBrowser.context, entry.id, newcomer.email, 'lead');
    await acceptThroughApi(newcomerBrowser.context, invitation.token);
    const entryPage = await new EntryPage(page).goto(entry.id);
    await expect.poll(() => entryPage.member(newcomer.name).textContent()).toContain(`${organisation} (unconfirmed)`);
    scenario.expectConsoleErrors(/status of 409 \(Conflict\) \(http:\/\/[^/]+\/api\/entries\/[a-z0-9]+\/endorse\)$/);
    const endorse = entryPage.signoff.endorseButton(organisation);
    await endorse.focus();
    await page.keyboard.press('Enter');
    const refusal = entryPage.signoff.region.getByRole('alert');
    await refusal.getByText(`An admin of ${organisation} has not confirmed you as a member yet`).waitFor();
    expect(await entryPage.signoff.endorsementRows()).toMatchObject({
      [organisation]: expect.stringMatching(/^Not endorsed/),
    });
    await expectNoAxeViolations(scenario.artifacts, page, 'entry-endorse-refused');

    // The admin confirms them on the organisation page, by keyboard.
    const adminPage = adminBrowser.page;
    await adminPage.goto('/organisation');
    await adminPage.getByRole('heading', { level: 1, name: organisation }).waitFor();
    await adminPage.getByRole('link', { name: 'Security and audit log' }).waitFor();
    const members = adminPage.getByRole('table', { name: 'Members' });
    await members
      .getByRole('row', { name: new RegExp(newcomer.name) })
      .getByText('Waiting for confirmation')
      .waitFor();
    await adminPage.getByText('NHSmail addresses (nhs.net) are shared by every NHS organisation').waitFor();
    await expectNoAxeViolations(scenario.artifacts, adminPage, 'organisation-page');
    await adminPage.setViewportSize({ width: 320, height: 800 });
    expect(await scrollsSideways(adminPage), 'organisation page at 320 px').toBe(false);
    await adminPage.setViewportSize({ width: 1280, height: 800 });
    const confirm = adminPage.getByRole('button', { name: `Confirm ${newcomer.name}` });
    await tabTo(adminPage, confirm, { maxPresses: 80 });
    await adminPage.keyboard.press('Enter');
    await adminPage
      .getByRole('status')
      .getByText(`${newcomer.name} is now a confirmed member of ${organisation}.`)
      .waitFor();
    await members
      .getByRole('row', { name: new RegExp(newcomer.name) })
      .getByText('Confirmed')
      .waitFor();

    // The entry now says verified, and the endorsement goes through.
    await page.reload();
    await entryPage.people.waitFor();
    await expect.poll(() => entryPage.member(newcomer.name).textContent()).toContain(`${organisation} (verified)`);
    await entryPage.signoff.endorseButton(organisation).click();
    await expect.poll(async () => (await entryPage.signoff.endorsementRows())[organisation]).toMatch(/^Endorsed/);
  });

  test('an admin declines a stranger by keyboard; they are told, and move to their own organisation by keyboard', async () => {
    const admin = newPerson('nhs_trust');
    const organisation = admin.organisationName;
    const adminBrowser = await scenario.openBrowser('admin', admin);
    await signUpThroughApi(adminBrowser.context, admin);
    // Someone who says they work for the trust: pending there.
    const stranger = newPerson('supplier', { organisationName: organisation });
    const strangerBrowser = await scenario.openBrowser('stranger', stranger);
    await signUpThroughApi(strangerBrowser.context, stranger);

    const adminPage = adminBrowser.page;
    await adminPage.goto('/organisation');
    const members = adminPage.getByRole('table', { name: 'Members' });
    const row = members.getByRole('row', { name: new RegExp(stranger.name) });
    await row.getByText('Waiting for confirmation').waitFor();
    const decline = adminPage.getByRole('button', { name: `Decline ${stranger.name}` });
    await tabTo(adminPage, decline, { maxPresses: 80 });
    await adminPage.keyboard.press('Enter');
    await adminPage.getByRole('status').getByText(`${stranger.name} is declined`).waitFor();
    await row.getByText('Declined').waitFor();
    await expectNoAxeViolations(scenario.artifacts, adminPage, 'organisation-page-declined');

    // The stranger is told on every page, and changes organisation from their account page.
    const { page } = strangerBrowser;
    await page.goto('/');
    const told = page.getByRole('region', { name: `An admin of ${organisation} declined you as a member` });
    await told.waitFor();
    await expectNoAxeViolations(scenario.artifacts, page, 'declined-notice');
    await tabTo(page, told.getByRole('link', { name: 'Change your organisation' }));
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/account');
    const picker = page.getByRole('combobox', { name: 'The organisation you work for' });
    await tabTo(page, picker, { maxPresses: 80 });
    const ownName = `Harbour Imaging Ltd ${stranger.name.split(' ').at(-1)}`;
    await page.keyboard.type(ownName);
    // A radio group is one Tab stop; the arrow keys choose within it.
    const supplier = page.getByRole('radio', { name: 'Supplier' });
    await tabTo(page, page.getByRole('radio', { name: 'NHS trust' }));
    for (let i = 0; i < 4 && !(await supplier.isChecked()); i++) await page.keyboard.press('ArrowDown');
    expect(await supplier.isChecked()).toBe(true);
    await tabTo(page, page.getByRole('button', { name: 'Change organisation' }));
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText(`You are now a confirmed admin of ${ownName}.`).waitFor();
    // The form is gone (a confirmed member cannot move): the focus is on the section that says so.
    expect(await hasFocus(page.getByRole('heading', { name: 'Your organisation' }))).toBe(true);
    await expect.poll(() => told.count()).toBe(0);
    await expectNoAxeViolations(scenario.artifacts, page, 'account-after-move');
    const me = (await page.evaluate(() => fetch('/api/me').then((r) => r.json()))) as MeDto;
    expect(me).toMatchObject({
      organisation: { name: ownName, kind: 'supplier' },
      user: { organisationStatus: 'confirmed', organisationRole: 'admin' },
    });
    // The trust's admin no longer lists them.
    await adminPage.reload();
    await members.waitFor();
    expect(await members.getByRole('row', { name: new RegExp(stranger.name) }).count()).toBe(0);
  });
});
