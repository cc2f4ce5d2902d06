import type { MeDto } from '@jointly/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type OidcTestProvider, startOidcTestProvider } from '../../server/src/sso/testing/oidcTestProvider.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { uniqueTag } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

// The provider listens before Jointly starts (Jointly reads OIDC_ISSUER at start); hooks run in order.
let provider: OidcTestProvider;
beforeAll(async () => {
  provider = await startOidcTestProvider();
});
afterAll(async () => {
  await provider?.close();
});

const scenario = useScenario('25-single-sign-on', {
  env: () => ({
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_DISPLAY_NAME: 'NHSmail / Microsoft',
    OIDC_ORGANISATION_CLAIM: 'org_name',
  }),
});

const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/** From Jointly's sign-in page by keyboard, through the provider's own login and consent pages. */
async function signInAtProvider(page: Page, subject: string) {
  const button = page.getByRole('link', { name: 'Sign in with NHSmail / Microsoft' });
  await button.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(subject);
  await page.locator('input[name="password"]').fill('any password');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('Issue 15: single sign-on', () => {
  test('sign in with the provider by keyboard: the account is made in its organisation; an unverified email is refused, announced', async () => {
    provider.serve(`${scenario.origin}/api/auth/sso/callback`);
    // The provider's development pages ask for a web font this machine cannot reach, and a favicon it has not.
    const providerFavicon = `(${provider.issuer}/favicon.ico)`.replace(/[.()/]/g, (c) => `\\${c}`);
    scenario.expectConsoleErrors(
      /fonts\.googleapis\.com/,
      /net::ERR_NAME_NOT_RESOLVED/,
      new RegExp(`status of 404 \\(Not Found\\) ${providerFavicon}$`),
    );
    const tag = uniqueTag();
    provider.identities.set(`sub-${tag}`, {
      email: `sso-${tag}@trust.nhs.uk`,
      email_verified: true,
      name: `Sso Person ${tag}`,
      org_name: `SSO Trust ${tag}`,
    });
    const { page } = await scenario.openBrowser('person');
    await page.goto('/signin?next=%2Fsettings%2Ftwo-factor');
    await page.getByRole('link', { name: 'Sign in with NHSmail / Microsoft' }).waitFor();
    await expectNoAxeViolations(scenario.artifacts, page, 'sign-in');
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await scrollsSideways(page), 'sign-in page at 320 px').toBe(false);
    await page.setViewportSize({ width: 1280, height: 800 });

    await signInAtProvider(page, `sub-${tag}`);
    await page.waitForURL((url) => url.origin === scenario.origin && url.pathname === '/settings/two-factor');
    const me = (await page.evaluate(() => fetch('/api/me').then((r) => r.json()))) as MeDto;
    expect(me.user).toMatchObject({ email: `sso-${tag}@trust.nhs.uk`, name: `Sso Person ${tag}`, emailVerified: true });
    expect(me.organisation.name).toBe(`SSO Trust ${tag}`);

    provider.identities.set(`unverified-${tag}`, { email: `nobody-${tag}@trust.nhs.uk`, email_verified: false });
    const other = await scenario.openBrowser('unverified');
    await other.page.goto('/signin');
    await signInAtProvider(other.page, `unverified-${tag}`);
    await other.page.waitForURL((url) => url.origin === scenario.origin && url.pathname === '/signin');
    const alert = other.page.getByRole('alert');
    await alert.getByText('You were not signed in').waitFor();
    await alert.getByText(/did not confirm your email address/).waitFor();
    await expect.poll(() => other.page.evaluate(() => document.activeElement?.className)).toBe('nhsuk-error-summary');
    await expectNoAxeViolations(scenario.artifacts, other.page, 'refused');
    const status = await other.page.evaluate(() => fetch('/api/me').then((r) => r.status));
    expect(status).toBe(401);
  });
});
