import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations } from './support/axe.ts';
import { tabTo } from './support/keyboard.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('36-short-fields');

/**
 * Issue 17 item 1 in Chromium: the Partnership category's project title in the
 * entry page's "About the entry" card. The trust lead reaches it by Tab and
 * types; the supplier's open page shows the words live, and the supplier adds
 * to them, which the lead sees; the counter says
 * the characters and words; axe finds nothing on the card.
 */
describe('Scenario 36: the award’s short fields (issue 17 item 1)', () => {
  test('a project title typed by one organisation is seen and extended by the other, live', async () => {
    const { lead, partner } = await openSharedEntry(scenario);
    const page = lead.browser.page;
    const card = page.getByRole('region', { name: 'About the entry' });
    const title = card.getByLabel('Project title (optional)', { exact: true });
    // By Tab from the top of the page: the card comes before the sections.
    await tabTo(page, title, { maxPresses: 60 });
    await page.keyboard.type('Outpatients, together');

    const theirs = partner.browser.page
      .getByRole('region', { name: 'About the entry' })
      .getByLabel('Project title (optional)', { exact: true });
    await expect.poll(() => theirs.inputValue(), { timeout: 10_000 }).toBe('Outpatients, together');
    await theirs.focus();
    await partner.browser.page.keyboard.press('End');
    await partner.browser.page.keyboard.type(' in Northshire');
    await expect.poll(() => title.inputValue(), { timeout: 10_000 }).toBe('Outpatients, together in Northshire');
    await expect.poll(() => card.getByText(/35 of 150 characters; 4 of 20 words/).count(), { timeout: 5_000 }).toBe(1);
    await expectNoAxeViolations(scenario.artifacts, page, 'about-the-entry');
  });
});
