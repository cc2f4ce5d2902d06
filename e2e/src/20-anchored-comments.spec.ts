import type { Locator, Request } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { SectionEditor } from './pages/SectionEditor.ts';
import { axeViolations, describeViolations } from './support/axe.ts';
import { describeFocus, hasFocus, tabTo } from './support/keyboard.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { CONTEXT } from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('20-anchored-comments');

const PHRASE = 'waiting times fell by a third';

/** expect.poll with room for the other browser's sync and the page's refetch on a comments event. */
function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 10_000 });
}

type EditorHandle = {
  state: { doc: { descendants(f: (node: { isText: boolean; text?: string }, pos: number) => unknown): void } };
  commands: { setTextSelection(range: number | { from: number; to: number }): boolean; focus(): boolean };
};

/** Selects the first occurrence of `words` in the section (as a drag would), with the text focused. */
async function select(section: SectionEditor, words: string, { caretOnly = false } = {}): Promise<void> {
  await section.textbox.focus();
  const found = await section.textbox.evaluate(
    (element, { words, caretOnly }) => {
      const editor = (element as HTMLElement & { editor?: EditorHandle }).editor;
      if (!editor) return false;
      let from = -1;
      editor.state.doc.descendants((node, pos) => {
        if (from < 0 && node.isText && node.text?.includes(words)) from = pos + node.text.indexOf(words);
      });
      if (from < 0) return false;
      editor.commands.setTextSelection(caretOnly ? from : { from, to: from + words.length });
      return true;
    },
    { words, caretOnly },
  );
  if (!found) throw new Error(`"${words}" is not in "${section.title}"`);
}

/** The words highlighted in the section for comments, read from the page (other people's caret labels left out). */
function highlighted(section: SectionEditor): Promise<string[]> {
  return section.textbox.evaluate((element) => {
    const byThread = new Map<string, string>();
    for (const span of Array.from(element.querySelectorAll<HTMLElement>('.jointly-anchor'))) {
      const copy = span.cloneNode(true) as HTMLElement;
      for (const caret of Array.from(copy.querySelectorAll('.jointly-caret'))) caret.remove();
      const id = span.dataset.commentThread ?? '';
      byThread.set(id, (byThread.get(id) ?? '') + copy.textContent);
    }
    return [...byThread.values()];
  });
}

/** The selected text of the section's editor. */
function selection(section: SectionEditor): Promise<string> {
  return section.textbox.evaluate((element) => {
    type Editor = {
      state: {
        selection: { from: number; to: number };
        doc: { textBetween(from: number, to: number, block: string): string };
      };
    };
    const editor = (element as HTMLElement & { editor?: Editor }).editor!;
    return editor.state.doc.textBetween(editor.state.selection.from, editor.state.selection.to, '\n');
  });
}

/** axe-core on the whole page: the comments, the margin, the picker and everything around them. */
async function axeOfComments(page: Parameters<typeof axeViolations>[0]): Promise<string> {
  return describeViolations(await axeViolations(page));
}

const marginThreads = (section: SectionEditor): Locator =>
  section.region.locator('.jointly-margin-thread[data-thread-id]');

/**
 * Issue 14 item 2, comments anchored to text, in two browsers of two
 * organisations. The trust lead selects a phrase the supplier wrote and
 * comments on it by keyboard (Ctrl+Alt+M), mentioning the supplier through
 * the @ picker; the thread sits beside the text in both browsers with the
 * phrase highlighted. The supplier writes before and inside the phrase: the
 * highlight follows it. By keyboard alone the lead reaches the thread, shows
 * its words in the text and replies. The supplier deletes the phrase: the
 * thread stays, marked "Text removed". axe-core is clean with the thread and
 * the open picker shown, and at 320 px the thread sits under the text without
 * sideways scrolling. A comment on the whole section goes to the list under
 * it, not the margin; the section's comments are read once for both.
 */
describe('Scenario 20: comments anchored to text', () => {
  test('a comment on a phrase follows it through the other organisation’s edits, by keyboard, axe clean', async () => {
    const { lead, partner, title } = await openSharedEntry(scenario);
    const page = lead.browser.page;
    const tag = uniqueTag();
    const mine = lead.entry.section(CONTEXT);
    const theirs = partner.entry.section(CONTEXT);

    // A section's comments are read once for both its margin and its list: one request per section on load.
    const commentReads: string[] = [];
    const onRequest = (request: Request) => {
      const path = new URL(request.url()).pathname;
      if (request.method() === 'GET' && /\/sections\/[^/]+\/comments$/.test(path)) commentReads.push(path);
    };
    page.on('request', onRequest);
    await page.reload();
    await lead.entry.waitUntilSaved(title);
    await mine.region.getByText(`Comments on ${CONTEXT} (0 open)`).waitFor();
    page.off('request', onRequest);
    expect(commentReads.length).toBeGreaterThan(0);
    expect(commentReads.length, commentReads.join('\n')).toBe(new Set(commentReads).size);
    const text = `In 2024 our ${PHRASE} ${tag} across both sites.`;
    await theirs.enterAtEnd(text);
    await eventually(() => mine.text()).toBe(text);

    // The lead selects the phrase and presses Ctrl+Alt+M: the form for those words opens, focused.
    await select(mine, PHRASE);
    expect(await mine.toolbarButton('Comment').getAttribute('aria-keyshortcuts')).toBe('Control+Alt+M Meta+Alt+M');
    await page.keyboard.press('Control+Alt+M');
    const box = mine.region.getByRole('textbox', { name: `Comment on “${PHRASE}”` });
    await box.waitFor();
    expect(await hasFocus(box), await describeFocus(page)).toBe(true);

    // "@" opens the member picker; typing filters; Down, Enter chooses; the listbox is announced by the box.
    const first = partner.person.name.split(' ')[0]!;
    await page.keyboard.type(`Which audit is this from? @${first.slice(0, 2)}`);
    const picker = mine.region.getByRole('listbox', { name: 'Members to mention' });
    await picker.waitFor();
    const options = picker.getByRole('option');
    expect(await options.allTextContents()).toContain(`${partner.person.name} (${partner.person.organisationName})`);
    expect(await box.getAttribute('aria-controls')).toBe(await picker.getAttribute('id'));
    expect(await box.getAttribute('aria-activedescendant')).toBe(await options.first().getAttribute('id'));
    await scenario.artifacts.screenshot(page, 'picker-open');
    expect(await axeOfComments(page), 'axe-core with the picker open').toBe('');
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    await page.keyboard.type('please confirm.');
    expect(await box.inputValue()).toBe(`Which audit is this from? @${partner.person.name} please confirm.`);
    await tabTo(page, mine.region.getByRole('button', { name: 'Add comment', exact: true }));
    await page.keyboard.press('Enter');

    // The thread sits in the margin of both browsers, its words highlighted.
    for (const section of [mine, theirs]) {
      await marginThreads(section).first().waitFor({ timeout: 10_000 });
      await eventually(() => highlighted(section)).toEqual([PHRASE]);
    }
    const thread = marginThreads(mine).first();
    expect(await thread.textContent()).toContain(`Mentions: ${partner.person.name}`);

    // The supplier writes before the phrase and inside it: the highlight follows the words in the lead's browser.
    await select(theirs, 'In 2024', { caretOnly: true });
    await partner.browser.page.keyboard.type('Since the pilot, ');
    await select(theirs, 'times fell', { caretOnly: true });
    await partner.browser.page.keyboard.type('and referral ');
    const moved = 'waiting and referral times fell by a third';
    await eventually(() => mine.text()).toBe(`Since the pilot, In 2024 our ${moved} ${tag} across both sites.`);
    await eventually(() => highlighted(mine)).toEqual([moved]);
    await eventually(() => highlighted(theirs)).toEqual([moved]);

    // Keyboard alone: from the text, Tab reaches the thread's "Show in text", which selects its words.
    await mine.textbox.focus();
    const show = thread.getByRole('button', { name: 'Show in text' });
    await tabTo(page, show);
    await page.keyboard.press('Enter');
    await eventually(() => selection(mine)).toBe(moved);
    await eventually(() => hasFocus(mine.textbox)).toBe(true);
    expect(await mine.textbox.locator('.jointly-anchor--active').count()).toBeGreaterThan(0);
    expect(await thread.getAttribute('aria-current')).toBe('true');
    // …and on to Reply, a reply typed and sent, with no trap on the way.
    await tabTo(page, thread.getByRole('button', { name: /^Reply/ }));
    await page.keyboard.press('Enter');
    await page.keyboard.type('The 2024 clinical audit.');
    await tabTo(page, thread.getByRole('button', { name: 'Send reply', exact: true }));
    await page.keyboard.press('Enter');
    await thread.getByText('The 2024 clinical audit.').waitFor({ timeout: 10_000 });
    const resolve = thread.getByRole('button', { name: /^Resolve/ });
    await tabTo(page, resolve);
    // Focused beside the text, it is not hidden under the sticky word count (WCAG 2.2 2.4.11).
    const focused = (await resolve.boundingBox())!;
    const count = (await mine.region.locator('.jointly-section__count').boundingBox())!;
    expect(focused.y + focused.height <= count.y || focused.y >= count.y + count.height).toBe(true);
    await scenario.artifacts.screenshot(page, 'margin-thread');
    expect(await axeOfComments(page), 'axe-core with the margin thread').toBe('');

    // The list under the section holds comments on the whole section (not those on words), live in both browsers.
    const list = (section: SectionEditor) => section.region.locator('details.jointly-comments');
    await list(mine).locator('summary').click();
    await list(mine).getByText('No comments yet.').waitFor();
    await list(mine).getByRole('textbox', { name: 'Comment', exact: true }).fill('The whole section needs a source.');
    await list(mine).getByRole('button', { name: 'Add comment', exact: true }).click();
    await list(mine).getByText('The whole section needs a source.').waitFor({ timeout: 10_000 });
    await eventually(() => list(theirs).locator('summary').textContent()).toBe(`Comments on ${CONTEXT} (1 open)`);
    expect(await marginThreads(theirs).count()).toBe(1);
    expect(await axeOfComments(page), 'axe-core with the section’s list open').toBe('');

    // The supplier deletes the phrase: the thread stays in both browsers, marked "Text removed", nothing highlighted.
    await select(theirs, moved);
    await partner.browser.page.keyboard.press('Backspace');
    for (const section of [mine, theirs]) {
      await eventually(() => highlighted(section)).toEqual([]);
      await marginThreads(section).first().getByText('Text removed', { exact: true }).waitFor({ timeout: 10_000 });
      expect(await marginThreads(section).first().textContent()).toContain(PHRASE);
    }
    expect(await marginThreads(mine).first().getByRole('button', { name: 'Show in text' }).count()).toBe(0);

    // At phone width the thread sits under the text and nothing scrolls sideways.
    await page.setViewportSize({ width: 320, height: 640 });
    await scenario.artifacts.screenshot(page, 'phone-width');
    // Nothing on the page reaches past its right edge (WCAG 1.4.10): the margin, its threads and forms, and
    // the other person's caret label, which once did near the edge of the text.
    const overflow = () =>
      page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width) return [];
        // What reaches past the edge, to say why (clipped parts report their whole box too).
        return Array.from(document.querySelectorAll<HTMLElement>('body *'))
          .filter((element) => element.getBoundingClientRect().right > width + 0.5)
          .map((element) => `${element.tagName.toLowerCase()}.${element.className}`)
          .slice(0, 20);
      });
    await eventually(overflow).toEqual([]);
    const textBottom = (await mine.textbox.boundingBox())!;
    const threadBox = (await marginThreads(mine).first().boundingBox())!;
    expect(threadBox.y).toBeGreaterThanOrEqual(textBottom.y + textBottom.height);
    await scenario.artifacts.screenshot(page, 'phone-width');
  });
});
