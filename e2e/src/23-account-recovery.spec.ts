import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SignInPage } from './pages/SignInPage.ts';
import { signUpThroughApi } from './support/api.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { tabTo } from './support/keyboard.ts';
import { newPerson } from './support/people.ts';
import { type SmtpSink, startSmtpSink, unwrapped } from './support/smtpSink.ts';
import { useScenario } from './support/useScenario.ts';

// The sink starts first (hooks run in order), so the server is started with its address.
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
const scenario = useScenario('23-account-recovery', { env: () => ({ SMTP_URL: `smtp://127.0.0.1:${sink.port}` }) });
afterAll(async () => {
  await sink?.close();
});

/** The newest link to `path` e-mailed to `to`, waiting for it (links are sent after the answer). */
async function linkFor(to: string, path: string): Promise<string> {
  const find = () =>
    sink.messages
      .filter((m) => m.to.includes(to))
      .map((m) => new RegExp(`https?://[^\\s]+/${path}/[A-Za-z0-9_-]+`).exec(unwrapped(m.body))?.[0])
      .filter((link): link is string => link !== undefined)
      .at(-1);
  await expect.poll(find, { timeout: 10_000 }).toBeTruthy();
  return find()!;
}

const noSidewaysScroll = (page: SignInPage['page']) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/**
 * Issue 15, account recovery in Chromium with a real SMTP sink: a new person confirms their address
 * from the sign-up e-mail's link (the banner then goes); a person who forgot their
 * password reaches "Forgotten your password?" from the sign-in page by keyboard, asks for a link,
 * opens the link from the e-mail, sets a new password and signs in with it; the session they had
 * elsewhere is over. The verification banner, the request, reset and account pages are axe clean,
 * and the account page does not scroll sideways at 320 px.
 */
describe('Scenario 23: account recovery', () => {
  test('confirm the address from the sign-up e-mail, reset a forgotten password from the e-mailed link, then sign in with the new one', async () => {
    const person = newPerson('nhs_trust');
    const laptop = await scenario.openBrowser('laptop', person);
    await signUpThroughApi(laptop.context, person);
    await laptop.page.goto('/');
    // Unverified until the sign-up's link is opened: the banner offers the link again.
    const banner = laptop.page.getByRole('region', { name: 'Confirm your email address' });
    await banner.waitFor();
    await expectNoAxeViolations(scenario.artifacts, laptop.page, 'unverified-banner');
    // The sign-up's e-mailed link, opened in the browser: opening it changes nothing (mail scanners
    // open links); its button, pressed from the keyboard, confirms the address, and the banner goes.
    const verifyLink = await linkFor(person.email, 'verify-email');
    expect(verifyLink).toContain('/verify-email/');
    await laptop.page.goto(verifyLink);
    const confirmButton = laptop.page.getByRole('button', { name: 'Confirm my email address' });
    expect((await (await laptop.context.request.get('/api/me')).json()).user.emailVerified).toBe(false);
    await tabTo(laptop.page, confirmButton);
    await laptop.page.keyboard.press('Enter');
    await laptop.page.getByRole('status').filter({ hasText: 'Your email address is confirmed.' }).waitFor();
    await expectNoAxeViolations(scenario.artifacts, laptop.page, 'email-confirmed');
    expect((await (await laptop.context.request.get('/api/me')).json()).user.emailVerified).toBe(true);
    await laptop.page.goto('/');
    await laptop.page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await banner.count()).toBe(0);
    // Closed before the reset ends its session, so it does not notice and log the 401s of its live parts.
    await laptop.page.close();

    const phone = await scenario.openBrowser('phone');
    const signIn = await new SignInPage(phone.page).goto();
    const forgotten = phone.page.getByRole('link', { name: 'Forgotten your password?' });
    await tabTo(phone.page, forgotten);
    await phone.page.keyboard.press('Enter');
    await signIn.heading('Reset your password').waitFor();
    await expectNoAxeViolations(scenario.artifacts, phone.page, 'forgotten-password');
    await phone.page.getByRole('textbox', { name: 'Email address' }).fill(person.email);
    await phone.page.keyboard.press('Enter');
    await signIn.heading('Check your email').waitFor();

    const link = await linkFor(person.email, 'reset-password');
    await phone.page.goto(link);
    await signIn.heading('Set a new password').waitFor();
    await expectNoAxeViolations(scenario.artifacts, phone.page, 'reset-password');
    const newPassword = `${person.password} renewed`;
    await phone.page.getByLabel('New password').fill(newPassword);
    await phone.page.getByRole('button', { name: 'Set password' }).click();
    await signIn.heading('Your password has been changed').waitFor();
    await phone.page.getByRole('link', { name: 'Sign in with your new password' }).click();
    await new SignInPage(phone.page).signIn({ email: person.email, password: newPassword });
    expect(new URL(phone.page.url()).pathname).toBe('/');

    // Every session ended on reset: the laptop's is gone.
    expect((await laptop.context.request.get('/api/me')).status()).toBe(401);

    await phone.page.setViewportSize({ width: 320, height: 800 });
    await phone.page.goto(new URL('/account', link).toString());
    await signIn.heading('Your account').waitFor();
    await phone.page.getByRole('heading', { name: 'Signed-in devices' }).waitFor();
    await phone.page.getByText('This device').waitFor();
    expect(await noSidewaysScroll(phone.page)).toBe(true);
    await expectNoAxeViolations(scenario.artifacts, phone.page, 'account');
  });
});
