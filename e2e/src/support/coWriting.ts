import type { EntryPage } from '../pages/EntryPage.ts';
import { takeKeystrokeTimes } from '../pages/SectionEditor.ts';
import { caretLabelOf, type Participant } from './openSharedEntry.ts';
import { PARTNERSHIP_SECTIONS } from './partnershipCategory.ts';

/**
 * Types ` word` at the end of the writer's section. Returns how long after
 * the last keystroke the word was in the reader's copy of the section, and,
 * if the reader did not show the writer's caret yet, how long after the
 * writer clicked into the section their named caret appeared (wall clock:
 * both pages run on this machine). Used by scenarios 2 and 11.
 */
export async function measureTyping(writer: Participant, reader: Participant, title: string, word: string) {
  const readerSection = reader.entry.section(title);
  const label = caretLabelOf(writer.person);
  const caretShownBefore = (await readerSection.caretLabels.filter({ hasText: label }).count()) > 0;
  const arrived = readerSection.watchForText(word);
  const caretSeen = readerSection.watchForCaret(label);
  const clickedAt = Date.now();
  await writer.entry.section(title).focusEnd();
  await takeKeystrokeTimes(writer.browser.page);
  await writer.browser.page.keyboard.type(` ${word}`);
  const [arrivedAt, caretAt, keys] = await Promise.all([arrived, caretSeen, takeKeystrokeTimes(writer.browser.page)]);
  return { wordMs: arrivedAt - keys[keys.length - 1]!, caretMs: caretShownBefore ? null : caretAt - clickedAt };
}

/** Every section's Yjs content in one page, by title. */
export async function allYjsContent(entry: EntryPage): Promise<Record<string, string>> {
  const content: Record<string, string> = {};
  for (const title of PARTNERSHIP_SECTIONS) content[title] = await entry.section(title).yjsContent();
  return content;
}
