import { describe, expect, test } from 'vitest';
import { approveSectionThroughApi } from './support/api.ts';
import { axeViolations, describeViolations } from './support/axe.ts';
import { hasFocus, tabTo } from './support/keyboard.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { CONTEXT } from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('21-draft-history');

const CONTEXT_ID = 'context-and-evolution';

/** expect.poll with room for the other browser's sync and the page's refetch on an event. */
function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 10_000 });
}

/**
 * Issue 14 item 4, draft history: a supplier's contributor names a version of
 * a section, writes more, compares the named version with the text now and
 * restores it, all by keyboard. The restore is their own edit: the text
 * returns in both browsers, the trust lead's approval of the later text no
 * longer holds, the history shows the restore by them, and Ctrl+Z undoes it.
 */
describe('Scenario 21: draft history of a section', () => {
  test('name, compare and restore a version by keyboard; the restore is attributed, resets approval and undoes', async () => {
    const { entryId, lead, partner } = await openSharedEntry(scenario);
    const page = partner.browser.page;
    const tag = uniqueTag();
    const first = `Our partnership began in 2019 with one clinic ${tag}.`;
    const later = `${first} It now covers four sites.`;
    const section = partner.entry.section(CONTEXT);
    const leadSection = lead.entry.section(CONTEXT);

    await section.enterAtEnd(first);
    await eventually(() => leadSection.text()).toBe(first);

    // Open "History of …" and name the current text, by keyboard.
    const summary = section.region.locator('summary', { hasText: `History of ${CONTEXT}` });
    await summary.focus();
    await page.keyboard.press('Enter');
    const nameField = section.region.getByRole('textbox', { name: 'Name this version' });
    await tabTo(page, nameField);
    await page.keyboard.type('Before comms review');
    await page.keyboard.press('Enter');
    const versions = section.region.getByRole('list', { name: `Versions of ${CONTEXT}` });
    const named = versions.getByRole('listitem').filter({ hasText: '“Before comms review”' });
    await named.waitFor({ timeout: 10_000 });
    expect(await named.textContent()).toContain(`${partner.person.name} (${partner.person.organisationName})`);
    expect(await named.textContent()).toContain('the same as the text now');

    // More writing, then the trust lead approves the section as it now is.
    await section.enterAtEnd(' It now covers four sites.');
    await eventually(() => leadSection.text()).toBe(later);
    await approveSectionThroughApi(lead.browser.context, entryId, CONTEXT_ID);
    await eventually(() => section.status()).toBe('Approved');

    // Compare the named version with the text now: From (the named version), To (the text now), Compare.
    const from = section.region.getByRole('combobox', { name: 'From' });
    await tabTo(page, from);
    expect(await from.inputValue()).toMatch(/^h\d+$/);
    await tabTo(page, section.region.getByRole('combobox', { name: 'To' }));
    await tabTo(page, section.region.getByRole('button', { name: 'Compare', exact: true }));
    await page.keyboard.press('Enter');
    const resultHeading = section.region.getByRole('heading', { name: /^Changes from “Before comms review”/ });
    await resultHeading.waitFor();
    expect(await hasFocus(resultHeading)).toBe(true);
    const added = section.region.locator('.jointly-history__result ins');
    expect(await added.textContent()).toMatch(/^\[added: +It now covers four sites\.\]$/);
    expect(await added.locator('.nhsuk-u-visually-hidden').first().textContent()).toBe('[added: ');
    await scenario.artifacts.screenshot(page, 'compared');
    expect(describeViolations(await axeViolations(page)), 'axe-core with the comparison shown').toBe('');

    // Restore the named version, confirming by keyboard.
    const restore = named.getByRole('button', { name: /^Restore this version/ });
    await tabTo(page, restore, { backwards: true });
    await page.keyboard.press('Enter');
    const confirm = section.region.getByRole('heading', { name: /^Restore “Before comms review”/ });
    await confirm.waitFor();
    expect(await hasFocus(confirm)).toBe(true);
    await tabTo(page, section.region.getByRole('button', { name: 'Yes, restore it' }));
    await page.keyboard.press('Enter');

    await eventually(() => section.text()).toBe(first);
    await eventually(() => leadSection.text()).toBe(first);
    const restored = versions.getByRole('listitem').filter({ hasText: 'Restored' });
    await restored.waitFor({ timeout: 10_000 });
    expect(await restored.textContent()).toContain(`${partner.person.name} (${partner.person.organisationName})`);
    await section.region.getByRole('status').filter({ hasText: 'restored' }).waitFor();
    // The lead's approval was of the later text: both pages now say it needs approving again.
    await eventually(() => leadSection.status()).toBe('Changed since approval');
    await eventually(() => section.status()).toBe('Changed since approval');
    // The history is never rewritten: the named version is still there beside the restore.
    expect(await named.count()).toBe(1);
    await scenario.artifacts.screenshot(page, 'restored');
    expect(describeViolations(await axeViolations(page)), 'axe-core after the restore').toBe('');

    // The restore was one edit of theirs: Ctrl+Z in the text undoes it, and the approval holds again.
    await section.textbox.focus();
    await page.keyboard.press('Control+z');
    await eventually(() => section.text()).toBe(later);
    await eventually(() => leadSection.text()).toBe(later);
    await eventually(() => leadSection.status()).toBe('Approved');

    // At phone width (320 px) nothing in the open history, comparison included, sticks out sideways.
    await page.setViewportSize({ width: 320, height: 800 });
    const overflow = await section.region.locator('.jointly-history').evaluate((history) => {
      const viewport = window.innerWidth;
      return Array.from(history.querySelectorAll<HTMLElement>('*'))
        .filter((element) => {
          const box = element.getBoundingClientRect();
          return box.width > 1 && box.right > viewport + 0.5;
        })
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
    });
    await scenario.artifacts.screenshot(page, 'history-320');
    expect(overflow).toEqual([]);
  });
});
