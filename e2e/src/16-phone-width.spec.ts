import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { EntryPage } from './pages/EntryPage.ts';
import { createEntryThroughApi, inviteThroughApi, signUpThroughApi } from './support/api.ts';
import { CONTEXT, VALUE } from './support/partnershipCategory.ts';
import { newEntryTitle, newPerson, uniqueTag } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('16-phone-width');

/** WCAG 1.4.10 reflow: 320 CSS px wide (1280 px at 400 %). */
const PHONE = { width: 320, height: 640 };

/** The page's scroll width and viewport width, and what sticks out past the right edge (to say what to fix). */
function measureOverflow(page: Page) {
  return page.evaluate(() => {
    const viewport = window.innerWidth;
    const sticksOut = (box: DOMRect) => box.width > 1 && box.right > viewport + 0.5;
    // Inside an ancestor that clips (e.g. a visually hidden table header), sticking out shows nothing.
    const clipped = (element: HTMLElement) => {
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== 'visible' && !sticksOut(parent.getBoundingClientRect())) return true;
      }
      return false;
    };
    // Elements whose box sticks out (their parent's does not).
    const boxes = Array.from(document.querySelectorAll<HTMLElement>('body *'))
      .filter((element) => sticksOut(element.getBoundingClientRect()) && !clipped(element))
      .filter((element) => !element.parentElement || !sticksOut(element.parentElement.getBoundingClientRect()))
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
    // And elements whose content runs past their own box (e.g. a word too long to wrap), where it is visible.
    const texts = Array.from(document.querySelectorAll<HTMLElement>('body *'))
      .filter((element) => getComputedStyle(element).overflowX === 'visible' && element.clientWidth > 1)
      .filter((element) => !clipped(element))
      .filter((element) => element.getBoundingClientRect().left + element.scrollWidth > viewport + 0.5)
      .filter((element) => element.scrollWidth > element.clientWidth + 0.5)
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}.${element.className} "${(element.textContent ?? '').slice(0, 30)}"`,
      );
    return { scrollWidth: document.documentElement.scrollWidth, viewport, culprits: [...boxes, ...texts].slice(0, 8) };
  });
}

async function expectNoSidewaysScroll(page: Page, name: string): Promise<void> {
  await page.locator('h1').first().waitFor();
  const { scrollWidth, viewport, culprits } = await measureOverflow(page);
  await scenario.artifacts.screenshot(page, `320-${name}`);
  expect({ page: name, scrollWidth, culprits }).toEqual({ page: name, scrollWidth: viewport, culprits: [] });
}

describe('Scenario 14: every page reflows at phone width (WCAG 1.4.10; issue 11 items 11 and 12)', () => {
  test('I11-12: no page scrolls sideways at 320 px: sign-in, sign-up, invitation, not found, dashboard, new entry, entry, judge view', async () => {
    const tag = uniqueTag();
    const lead = newPerson('nhs_trust');
    const browser = await scenario.openBrowser('trust', lead);
    await signUpThroughApi(browser.context, lead);
    const title = newEntryTitle();
    const entry = await createEntryThroughApi(browser.context, title);
    const invitation = await inviteThroughApi(browser.context, entry.id, newPerson('supplier').email, 'contributor');
    // A register row and some text, so every part of the entry page has content.
    const page = await new EntryPage(browser.page).goto(entry.id);
    await page.waitUntilSaved(title);
    await page
      .section(CONTEXT)
      .typeAtEnd(`Written by the trust ${tag}, with a long word: Northshire-Teaching-Hospitals.`);
    await page.waitForConnection('saved');
    await expect.poll(() => page.registerRows().then((rows) => rows.length), { timeout: 10_000 }).toBe(1);

    await browser.page.setViewportSize(PHONE);
    await page.goto(entry.id);
    await page.waitUntilSaved(title);
    await expectNoSidewaysScroll(browser.page, 'entry');
    await browser.page.goto('/');
    await expectNoSidewaysScroll(browser.page, 'dashboard');
    await browser.page.goto('/entries/new');
    await expectNoSidewaysScroll(browser.page, 'new-entry');
    await browser.page.goto(`/entries/${encodeURIComponent(entry.id)}/judge`);
    await expectNoSidewaysScroll(browser.page, 'judge-view');

    // An unknown page answers 404 (with the app's "Page not found"), which the browser logs.
    scenario.expectConsoleErrors(/status of 404 \(Not Found\) \(http:\/\/[^/]+\/nosuchpage\)$/);
    const visitor = await scenario.openBrowser('visitor');
    await visitor.page.setViewportSize(PHONE);
    for (const [name, path] of [
      ['signin', '/signin'],
      ['signup', '/signup'],
      ['invitation', `/invitations/${encodeURIComponent(invitation.token)}`],
      ['not-found', '/nosuchpage'],
    ] as const) {
      await visitor.page.goto(path);
      await expectNoSidewaysScroll(visitor.page, name);
    }
  });

  test('I11-11: at 200 % zoom the word count of the section being written stays in view, and the section navigator reaches every section by keyboard', async () => {
    const lead = newPerson('nhs_trust');
    const browser = await scenario.openBrowser('trust', lead);
    await signUpThroughApi(browser.context, lead);
    const title = newEntryTitle();
    const entry = await createEntryThroughApi(browser.context, title);
    // A 1280 × 800 laptop at 200 %.
    await browser.page.setViewportSize({ width: 640, height: 400 });
    const page = await new EntryPage(browser.page).goto(entry.id);
    await page.waitUntilSaved(title);

    const section = page.section(CONTEXT);
    await section.focusEnd();
    for (let i = 0; i < 25; i++) {
      await browser.page.keyboard.type(`Paragraph ${i + 1} of a long section.`);
      await browser.page.keyboard.press('Enter');
    }
    await browser.page.keyboard.type('Still writing');
    const count = section.region.locator('.jointly-word-count');
    await expect.poll(() => count.textContent()).toMatch(/^1\d\d of 400 words/);
    const inView = await count.evaluate((element) => {
      const box = element.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(inView, 'the word count is on screen while writing at the end of a long section').toBe(true);
    await scenario.artifacts.screenshot(browser.page, '200-percent-writing');

    // The navigator: a link per section and to the testimonials and evidence, each moving focus there.
    const nav = browser.page.getByRole('navigation', { name: 'Sections of this entry' });
    await nav.getByRole('link', { name: VALUE }).focus();
    await browser.page.keyboard.press('Enter');
    await expect.poll(() => browser.page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(VALUE);
    await nav.getByRole('link', { name: 'Testimonials and evidence' }).focus();
    await browser.page.keyboard.press('Enter');
    await expect.poll(() => browser.page.evaluate(() => document.activeElement?.id)).toBe('items-heading');
  });
});
