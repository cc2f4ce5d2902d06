import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { getEntryThroughApi } from './support/api.ts';
import { axeViolations, describeViolations } from './support/axe.ts';
import { tabTo } from './support/keyboard.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { CONTEXT } from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('22-suggesting-mode');

const CONTEXT_ID = 'context-and-evolution';

/** expect.poll with room for the other browser's sync and the page's read of the authors. */
function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 10_000 });
}

/** The text of a suggestion mark in the page, without other people's caret labels drawn inside it. */
function markedText(mark: Locator): Promise<string> {
  return mark.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.jointly-caret').forEach((caret) => {
      caret.remove();
    });
    return copy.textContent ?? '';
  });
}

/**
 * Issue 14 item 3, suggesting mode, in two organisations' browsers: the
 * supplier's contributor switches to Suggesting by keyboard and proposes
 * words; the trust lead's page shows the proposal with the supplier's name
 * and organisation as the server recorded them, while the section's word
 * count and content hash stay as they were; the lead accepts it with the
 * keyboard alone and only then do both change. A proposed deletion rejected
 * by keyboard leaves the text as it was. axe-core is clean on both pages.
 * Then the supplier is made a viewer, the lead ticks "Viewers may suggest
 * changes" by keyboard, and the viewer suggests through "Suggest a change"
 * (C-SUGGEST-5): the lead sees the proposal named from the server, nothing
 * counts yet, and axe-core is clean with the viewer's form open.
 */
describe('Scenario 22: suggesting mode', () => {
  test('a supplier suggests, the trust lead sees who, accepts and rejects by keyboard; counts change only on accept', async () => {
    const { entryId, lead, partner } = await openSharedEntry(scenario);
    const page = partner.browser.page;
    const leadPage = lead.browser.page;
    const tag = uniqueTag();
    const base = `Our ward cut waiting times ${tag}.`;
    const section = partner.entry.section(CONTEXT);
    const leadSection = lead.entry.section(CONTEXT);
    const hashNow = async () =>
      (await getEntryThroughApi(lead.browser.context, entryId)).sections.find((s) => s.id === CONTEXT_ID)?.contentHash;

    await leadSection.enterAtEnd(base);
    await eventually(() => section.text()).toBe(base);
    const wordsBefore = await leadSection.wordCount();
    const hashBefore = await hashNow();

    // Editing → Suggesting with the keyboard: the toggle follows the toolbar.
    const toggle = section.region.getByRole('button', { name: `Suggest changes in “${CONTEXT}”`, exact: true });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await section.textbox.focus();
    await tabTo(page, toggle, { backwards: true });
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await section.region.locator('.app-suggest-mode__state').textContent()).toMatch(/^Suggesting/);

    // Typed words are a proposal: underlined in the text, in both browsers.
    await section.typeAtEnd(' and kept them down');
    await eventually(() => leadSection.text()).toBe(`${base} and kept them down`);
    const proposed = leadSection.textbox.locator('ins.app-suggestion--insertion');
    await eventually(() => markedText(proposed)).toBe(' and kept them down');

    // The lead's page names the supplier from the server, and nothing counts yet.
    const list = leadSection.region.getByRole('region', { name: /^Suggestions in “/ });
    const item = list.getByRole('listitem').filter({ hasText: 'and kept them down' });
    await item.waitFor({ timeout: 10_000 });
    expect(await item.textContent()).toContain(
      `${partner.person.name} (${partner.person.organisationName}) suggests to add`,
    );
    expect(await leadSection.wordCount()).toBe(wordsBefore);
    expect(await section.wordCount()).toBe(wordsBefore);
    expect(await hashNow()).toBe(hashBefore);
    await scenario.artifacts.screenshot(leadPage, 'suggestion-shown');
    expect(describeViolations(await axeViolations(leadPage)), 'axe-core, lead with a suggestion').toBe('');
    expect(describeViolations(await axeViolations(page)), 'axe-core, supplier suggesting').toBe('');

    // The lead accepts with the keyboard alone: from the text, Tab to Accept, Enter.
    const accept = item.getByRole('button', { name: /^Accept: / });
    await leadSection.textbox.focus();
    await tabTo(leadPage, accept);
    await leadPage.keyboard.press('Enter');
    await eventually(() => list.count()).toBe(0);
    await eventually(() => proposed.count()).toBe(0);
    await eventually(() => leadSection.wordCount()).not.toBe(wordsBefore);
    const wordsAccepted = await leadSection.wordCount();
    expect(Number.parseInt(wordsAccepted, 10)).toBe(Number.parseInt(wordsBefore, 10) + 4);
    await eventually(() => section.wordCount()).toBe(wordsAccepted);
    const hashAccepted = await hashNow();
    expect(hashAccepted).not.toBe(hashBefore);
    await eventually(() => section.text()).toBe(`${base} and kept them down`);

    // A proposed deletion (Shift+Left over "down", Backspace) is struck through, not removed; rejected, it stays.
    await section.focusEnd();
    // Four presses select "down" even while the lead's caret and edits arrive: a remote change
    // landing between a press and the browser's report of it once lost the press or left the
    // editor's selection at "wn" (client/src/editor/FlushDomSelection.ts).
    const selected = () => page.evaluate(() => document.getSelection()?.toString() ?? '');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowLeft');
    expect(await selected()).toBe('down');
    await page.keyboard.press('Backspace');
    await eventually(() => markedText(leadSection.textbox.locator('del.app-suggestion--deletion'))).toBe('down');
    expect(await leadSection.text()).toBe(`${base} and kept them down`);
    const deletion = list.getByRole('listitem').filter({ hasText: 'suggests to remove' });
    await deletion.waitFor({ timeout: 10_000 });
    expect(await hashNow()).toBe(hashAccepted);
    const reject = deletion.getByRole('button', { name: /^Reject: / });
    await leadSection.textbox.focus();
    await tabTo(leadPage, reject);
    await leadPage.keyboard.press('Enter');
    await eventually(() => list.count()).toBe(0);
    await leadSection.region.getByRole('status').filter({ hasText: 'Rejected: ' }).waitFor();
    await eventually(() => section.textbox.locator('del.app-suggestion--deletion').count()).toBe(0);
    expect(await section.text()).toBe(`${base} and kept them down`);
    expect(await hashNow()).toBe(hashAccepted);
    expect(await leadSection.wordCount()).toBe(wordsAccepted);
    await scenario.artifacts.screenshot(page, 'after-reject');
    expect(describeViolations(await axeViolations(page)), 'axe-core, supplier after the reject').toBe('');

    // A viewer may suggest when a lead allows it (C-SUGGEST-5): the supplier is made a viewer, the lead
    // ticks the setting by keyboard, and the viewer suggests through the form the server writes from.
    const members = (await getEntryThroughApi(lead.browser.context, entryId)).members;
    const partnerId = members.find((m) => m.email === partner.person.email)!.userId;
    const demoted = await lead.browser.context.request.patch(`/api/entries/${entryId}/members/${partnerId}`, {
      data: { role: 'viewer' },
    });
    expect(demoted.status()).toBe(200);
    const allow = leadPage.getByRole('checkbox', { name: 'Viewers may suggest changes' });
    await allow.focus();
    await leadPage.keyboard.press('Space');
    await leadPage.getByRole('status').filter({ hasText: 'Viewers may now suggest changes.' }).waitFor();
    const suggestButton = section.region.getByRole('button', { name: `Suggest a change to ${CONTEXT}` });
    await suggestButton.waitFor({ timeout: 10_000 });
    await suggestButton.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('waiting times');
    await page.keyboard.press('Tab');
    await page.keyboard.type('waits');
    expect(describeViolations(await axeViolations(page)), 'axe-core, viewer suggesting').toBe('');
    await page.keyboard.press('Enter');
    await section.region.getByRole('status').filter({ hasText: 'Suggestion sent: replace' }).waitFor();
    const fromViewer = list.getByRole('listitem').filter({ hasText: 'waits' });
    await fromViewer.first().waitFor({ timeout: 10_000 });
    // Named from the server's record, read once the page asks for the new suggestion's author.
    await eventually(() => fromViewer.first().textContent()).toContain(
      `${partner.person.name} (${partner.person.organisationName}) suggests to add “waits”`,
    );
    await eventually(() => markedText(leadSection.textbox.locator('ins.app-suggestion--insertion'))).toBe('waits');
    expect(await hashNow()).toBe(hashAccepted);
  });
});
