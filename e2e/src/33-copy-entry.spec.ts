import { describe, expect, test } from 'vitest';
import { EntryPage } from './pages/EntryPage.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { CONTEXT } from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { seedSubmittedEntry } from './support/seedSubmittedEntry.ts';
import { escapeRegExp, stepTimings } from './support/signoffChecks.ts';
import { expectedText, signoffContent } from './support/signoffContent.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('33-copy-entry');

const TARGET_SECTION = 'Why the collaboration was formed and how it was built';

/**
 * Issue 17 item 3 in Chromium: scenario 10's entry, submitted through the
 * API; its trust lead copies it into the HSJ Awards' Provider collaboration
 * category by keyboard in the "Copy to another award" dialog (focus on its
 * heading, one section mapped from "Context and evolution"), lands on the new
 * entry, which holds that section's text whole and every item, each saying
 * where it was first contributed. axe on the open dialog.
 */
describe('Scenario 33: copy an entry to another award (issue 17 item 3)', () => {
  test('a lead copies a submitted entry into another category with a section mapped', async () => {
    const { mark } = stepTimings(scenario.artifacts);
    const shared = await openSharedEntry(scenario, { partnerRole: 'lead' });
    const { lead } = shared;
    const page = lead.browser.page;
    const content = signoffContent(uniqueTag(), lead.person.organisationName);
    mark('set-up');
    await seedSubmittedEntry(shared, content);
    await lead.entry.submittedBanner.region.waitFor({ timeout: 15_000 });
    mark('submitted');

    // Open the dialog by keyboard: focus goes to its heading.
    await page.getByRole('button', { name: 'Copy to another award', exact: true }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Copy to another award' });
    await dialog.getByRole('heading', { name: 'Copy to another award' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Copy to another award');
    const title = `Provider collaboration ${uniqueTag()}`;
    await dialog.getByRole('textbox', { name: 'Title of the new entry' }).fill(title);
    await dialog.getByRole('combobox', { name: 'Award category' }).focus();
    await dialog
      .getByRole('combobox', { name: 'Award category' })
      .selectOption({ value: 'hsj-awards-provider-collaboration' });
    const mapped = dialog.getByRole('combobox', { name: new RegExp(`^${TARGET_SECTION}`) });
    // No title in common with the Partnership category: every section starts empty.
    expect(await mapped.inputValue()).toBe('');
    await mapped.selectOption({ label: `From “${CONTEXT}”` });
    await expectNoAxeViolations(scenario.artifacts, page, 'copy-dialog');
    mark('dialog');
    await dialog.getByRole('button', { name: 'Copy entry', exact: true }).focus();
    await page.keyboard.press('Enter');

    // The new entry: its own page, the mapped section's text whole, the items with their origin.
    await page.waitForURL((url) => url.pathname.startsWith('/entries/') && !url.pathname.includes(shared.entryId));
    const copy = await new EntryPage(page).waitUntilSaved(title);
    const section = content.plan.find((s) => s.title === CONTEXT)!;
    expect(await copy.section(TARGET_SECTION).text()).toBe(expectedText(section));
    const origin = new RegExp(`^First contributed by .+ \\(.+\\) in entry “${escapeRegExp(shared.title)}”$`);
    await expect
      .poll(() => copy.items.region.getByText(origin).count(), { timeout: 10_000 })
      .toBe(content.exhibits.length);
    mark('copied');
  });
});
