import { describe, expect, test } from 'vitest';
import { recordKeystrokes } from './pages/SectionEditor.ts';
import { allYjsContent, measureTyping } from './support/coWriting.ts';
import { caretLabelOf, openSharedEntry } from './support/openSharedEntry.ts';
import { BENEFITS, CONTEXT } from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { summariseLatencies } from './support/summariseLatencies.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('02-live-co-writing');

/** PRODUCT §3.4 via the brief: the other person sees a keystroke within a second. */
const LIVE_WITHIN_MS = 1000;

describe('Scenario 2: co-writing live (PRODUCT §3 journey 4; C-AW-3, C-PERSIST-2)', () => {
  test('two people in one section see each other’s words and named carets within a second, and converge', async () => {
    const { lead, partner } = await openSharedEntry(scenario);
    await Promise.all([recordKeystrokes(lead.browser.page), recordKeystrokes(partner.browser.page)]);

    // Alternate writers; each word must reach the other browser within a second of its last
    // keystroke, and the writer's named caret must appear within a second of them clicking in.
    // (In a still empty section a remote caret has no position until the first keystroke.)
    const latencies: number[] = [];
    const caretLatencies: number[] = [];
    const typed: string[] = [];
    for (let i = 0; i < 12; i++) {
      const [writer, reader] = i % 2 === 0 ? [lead, partner] : [partner, lead];
      const word = `${i % 2 === 0 ? 'trust' : 'supplier'}${i}x${uniqueTag()}`;
      const { wordMs, caretMs } = await measureTyping(writer, reader, CONTEXT, word);
      latencies.push(wordMs);
      if (caretMs !== null) caretLatencies.push(caretMs);
      typed.push(word);
    }
    // Once the section has text, clicking into it (no typing) shows the caret to the other too.
    const leadContext = lead.entry.section(CONTEXT);
    await partner.entry.section(BENEFITS).focusEnd();
    await leadContext.caretLabels.filter({ hasText: caretLabelOf(partner.person) }).waitFor({ state: 'detached' });
    const caretOnClick = leadContext.watchForCaret(caretLabelOf(partner.person));
    const clickedAt = Date.now();
    await partner.entry.section(CONTEXT).textbox.click();
    caretLatencies.push((await caretOnClick) - clickedAt);

    const words = summariseLatencies(latencies);
    const carets = summariseLatencies(caretLatencies);
    scenario.artifacts.note('latency.json', { keystrokeToOtherBrowserMs: latencies, words, caretLatencies, carets });
    console.info(
      `keystroke → other browser: median ${words.median} ms, max ${words.max} ms (n=${words.count}); caret max ${carets.max} ms`,
    );
    expect(words.max, `latencies ${latencies.join(', ')} ms`).toBeLessThan(LIVE_WITHIN_MS);
    expect(carets.max, `caret latencies ${caretLatencies.join(', ')} ms`).toBeLessThan(LIVE_WITHIN_MS);

    // Each sees the other's caret, labelled with name and organisation, in the section both are in.
    await lead.entry
      .section(CONTEXT)
      .caretLabels.filter({ hasText: caretLabelOf(partner.person) })
      .waitFor();
    await partner.entry
      .section(CONTEXT)
      .caretLabels.filter({ hasText: caretLabelOf(lead.person) })
      .waitFor();
    // …and in the presence panel, in which section the other is.
    await lead.entry.workingOnItNow.getByText(`In “${CONTEXT}”`).first().waitFor();
    await scenario.artifacts.screenshot(lead.browser.page, 'trust-same-section');
    await scenario.artifacts.screenshot(partner.browser.page, 'supplier-same-section');

    // Both pages hold every word, in the same order, and the same Yjs content.
    for (const participant of [lead, partner]) {
      const text = await participant.entry.section(CONTEXT).text();
      for (const word of typed) expect(text).toContain(word);
      // Caret labels are not part of the text.
      expect(text).not.toContain(lead.person.name);
      expect(text).not.toContain(partner.person.name);
    }
    await expect
      .poll(
        async () =>
          (await lead.entry.section(CONTEXT).yjsContent()) === (await partner.entry.section(CONTEXT).yjsContent()),
      )
      .toBe(true);
    expect(await lead.entry.section(CONTEXT).text()).toBe(` ${typed.join(' ')}`);
  });

  test('typing at the same moment, in one section and in different sections, converges to the same content', async () => {
    const { lead, partner } = await openSharedEntry(scenario);
    const tag = uniqueTag();
    const leadStart = `Trust opening ${tag}.`;
    const partnerEnd = `Supplier closing ${tag}.`;
    const leadBenefits = `Waiting times fell by a third ${tag}.`;
    const partnerContext = `Partnership since 2015 ${tag}.`;

    // The same section at once: the lead at the start, the supplier at the end.
    await lead.entry.section(CONTEXT).typeAtEnd('Shared paragraph.');
    await expect.poll(() => partner.entry.section(CONTEXT).text()).toBe('Shared paragraph.');
    await lead.entry.section(CONTEXT).textbox.click();
    await lead.browser.page.keyboard.press('Control+Home');
    await partner.entry.section(CONTEXT).focusEnd();
    await Promise.all([
      lead.browser.page.keyboard.type(`${leadStart} `, { delay: 15 }),
      partner.browser.page.keyboard.type(` ${partnerEnd}`, { delay: 15 }),
    ]);

    // Different sections at once.
    await lead.entry.section(BENEFITS).focusEnd();
    await partner.entry.section(CONTEXT).focusEnd();
    await partner.browser.page.keyboard.press('Enter');
    await Promise.all([
      lead.browser.page.keyboard.type(leadBenefits, { delay: 15 }),
      partner.browser.page.keyboard.type(partnerContext, { delay: 15 }),
    ]);

    await Promise.all([lead.entry.waitForConnection('saved'), partner.entry.waitForConnection('saved')]);
    const expectedContext = `${leadStart} Shared paragraph. ${partnerEnd}\n${partnerContext}`;
    for (const participant of [lead, partner]) {
      await expect.poll(() => participant.entry.section(CONTEXT).text()).toBe(expectedContext);
      await expect.poll(() => participant.entry.section(BENEFITS).text()).toBe(leadBenefits);
    }
    await expect.poll(async () => allYjsContent(partner.entry)).toEqual(await allYjsContent(lead.entry));
    await expect.poll(() => lead.entry.section(CONTEXT).wordCount()).toBe('12 of 400 words');
    await expect.poll(() => partner.entry.section(BENEFITS).wordCount()).toBe('7 of 400 words');
    await scenario.artifacts.screenshot(lead.browser.page, 'trust-after-concurrent');
    await scenario.artifacts.screenshot(partner.browser.page, 'supplier-after-concurrent');
  });
});
