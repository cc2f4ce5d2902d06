import type { TwoFactorSetupDto } from '@jointly/shared';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { SignInPage } from './pages/SignInPage.ts';
import { signUpThroughApi } from './support/api.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { newPerson } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('27-organisation-security');

/** What an authenticator app shows for this key at this moment. */
const codeAt = (key: string, timestamp: number) =>
  new TOTP({ secret: Secret.fromBase32(key), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp });

const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

describe('Issue 15: an organisation requires two-factor authentication, and its admins read the audit log', () => {
  test('the admin switches it on by keyboard; a member signing in is taken to set it up, enrols, reaches the dashboard; the admin sees it all in the log', async () => {
    // The organisation's creator is its admin (migration 0014); their own account uses two-factor
    // authentication first (set up through the API here: scenario 24 does it through the page).
    const admin = newPerson('nhs_trust');
    const member = newPerson('nhs_trust', { organisationName: admin.organisationName });
    const trust = await scenario.openBrowser('admin', admin);
    await signUpThroughApi(trust.context, admin);
    const setup = (await (await trust.context.request.post('/api/me/two-factor/setup')).json()) as TwoFactorSetupDto;
    const confirmed = await trust.context.request.post('/api/me/two-factor/confirm', {
      data: { code: codeAt(setup.secret, Date.now()) },
    });
    expect(confirmed.status()).toBe(200);
    const colleague = await scenario.openBrowser('member', member);
    await signUpThroughApi(colleague.context, member);
    await colleague.context.clearCookies();

    // The admin's page: the switch, with how many have not set it up, and the log so far.
    const { page } = trust;
    await page.goto('/organisation/security');
    await page.getByRole('heading', { level: 1, name: 'Security and audit log' }).waitFor();
    await page.getByText('1 member has not set it up yet.').waitFor();
    await page.getByRole('table', { name: 'Audit log' }).waitFor();
    await expectNoAxeViolations(scenario.artifacts, page, 'security-off');
    const yes = page.getByRole('radio', { name: 'Yes, require it' });
    await yes.focus();
    await page.keyboard.press('Space');
    expect(await yes.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Save' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/Two-factor authentication is now required\./).waitFor();
    await page.getByText(/Everyone in .* who signs in with a password must use two-factor authentication/).waitFor();
    await scenario.artifacts.screenshot(page, 'required');

    // The member signs in with their password and is taken to set it up, told why.
    const memberPage = colleague.page;
    const signIn = await new SignInPage(memberPage).goto();
    await signIn.email.fill(member.email);
    await signIn.password.fill(member.password);
    await signIn.password.press('Enter');
    await memberPage.waitForURL((url) => url.pathname === '/settings/two-factor');
    await memberPage.getByRole('heading', { name: /Your organisation requires two-factor authentication/ }).waitFor();
    // Nothing else answers meanwhile, on the server too.
    expect((await memberPage.request.get('/api/entries')).status()).toBe(403);
    await memberPage.goto('/tasks');
    await memberPage.waitForURL((url) => url.pathname === '/settings/two-factor' && url.search === '?next=%2Ftasks');
    await memberPage.goto('/');
    await memberPage.waitForURL((url) => url.pathname === '/settings/two-factor' && url.search === '');
    await memberPage.getByRole('heading', { name: /Your organisation requires two-factor authentication/ }).waitFor();
    await expectNoAxeViolations(scenario.artifacts, memberPage, 'held');
    await memberPage.setViewportSize({ width: 320, height: 800 });
    expect(await scrollsSideways(memberPage), 'held set-up page at 320 px').toBe(false);
    await memberPage.setViewportSize({ width: 1280, height: 800 });

    await memberPage.getByRole('button', { name: 'Set up two-factor authentication' }).focus();
    await memberPage.keyboard.press('Enter');
    await expect.poll(() => focusedText(memberPage)).toBe('Add Jointly to your authenticator app');
    const key = ((await memberPage.locator('code.jointly-totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    await memberPage.getByRole('textbox', { name: 'Enter the 6-digit code from your authenticator app' }).focus();
    await memberPage.keyboard.type(codeAt(key, Date.now()));
    await memberPage.keyboard.press('Enter');
    await memberPage.getByRole('list', { name: 'Recovery codes' }).waitFor();
    await expect.poll(() => focusedText(memberPage)).toBe('Save your recovery codes');
    // The way on, after the codes: to where they were going (here the dashboard).
    const onward = memberPage.getByRole('link', { name: 'Continue' });
    await onward.waitFor();
    await expectNoAxeViolations(scenario.artifacts, memberPage, 'enrolled');
    await onward.focus();
    await memberPage.keyboard.press('Enter');
    await memberPage.waitForURL((url) => url.pathname === '/');
    await memberPage.getByRole('heading', { level: 1, name: 'Your award entries' }).waitFor();
    expect((await memberPage.request.get('/api/entries')).status()).toBe(200);
    await scenario.artifacts.screenshot(memberPage, 'dashboard');

    // The admin sees those actions in the audit log, newest first, with UK times.
    await page.reload();
    const log = page.getByRole('table', { name: 'Audit log' });
    await log.waitFor();
    await page.getByText('Everyone has set it up.').waitFor();
    const rows = log.getByRole('row');
    const texts = (await rows.allTextContents()).slice(1);
    const find = (what: string, who: string) => texts.findIndex((t) => t.includes(what) && t.includes(who));
    const enabled = find('Turned on two-factor authentication', member.name);
    const signedIn = find('Signed in', member.name);
    const required = find('Changed whether two-factor authentication is required', admin.name);
    expect(enabled, texts.join('\n')).toBeGreaterThanOrEqual(0);
    expect(signedIn).toBeGreaterThan(enabled);
    expect(required).toBeGreaterThan(signedIn);
    expect(texts[required]).toContain('Required: yes');
    expect(texts[signedIn]).toContain('How: with a password');
    expect(texts[enabled]).toMatch(/\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm)/);
    await expectNoAxeViolations(scenario.artifacts, page, 'audit-log');
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await scrollsSideways(page), 'security page at 320 px').toBe(false);
    await scenario.artifacts.screenshot(page, 'audit-log-320');
  });
});
