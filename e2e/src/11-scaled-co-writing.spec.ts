import { describe, expect, test } from 'vitest';
import { recordKeystrokes } from './pages/SectionEditor.ts';
import { allYjsContent, measureTyping } from './support/coWriting.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { CONTEXT } from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { summariseLatencies } from './support/summariseLatencies.ts';
import { useScenario } from './support/useScenario.ts';

/**
 * Two server processes on one PostgreSQL schema, relaying over Redis; the
 * trust lead's browser talks to process A, the supplier's to process B.
 */
const scenario = useScenario('11-scaled-co-writing', { scaled: { processes: 2 } });

/** PRODUCT §3.4 via the brief: the other person sees a keystroke within a second, whichever process serves them. */
const LIVE_WITHIN_MS = 1000;

describe('Scenario 11: co-writing across two server processes (scaled mode: PostgreSQL + Redis)', () => {
  test('people on different processes see each other’s words within a second, converge, and keep it all on reload', async () => {
    const [serverA, serverB] = scenario.servers;
    expect(serverA!.port).not.toBe(serverB!.port);
    // Each signs up, and is set up, through their own process (cookies are per origin).
    const shared = await openSharedEntry(scenario, { partnerOrigin: serverB!.origin });
    const { lead, partner } = shared;
    expect(new URL(lead.browser.page.url()).origin).toBe(serverA!.origin);
    expect(new URL(partner.browser.page.url()).origin).toBe(serverB!.origin);
    await Promise.all([recordKeystrokes(lead.browser.page), recordKeystrokes(partner.browser.page)]);

    // Alternate writers in one section: every word crosses from one process to the other.
    const latencies: number[] = [];
    const caretLatencies: number[] = [];
    const typed: string[] = [];
    for (let i = 0; i < 12; i++) {
      const [writer, reader] = i % 2 === 0 ? [lead, partner] : [partner, lead];
      const word = `${i % 2 === 0 ? 'trustA' : 'supplierB'}${i}x${uniqueTag()}`;
      const { wordMs, caretMs } = await measureTyping(writer, reader, CONTEXT, word);
      latencies.push(wordMs);
      if (caretMs !== null) caretLatencies.push(caretMs);
      typed.push(word);
    }
    const words = summariseLatencies(latencies);
    const carets = summariseLatencies(caretLatencies);
    scenario.artifacts.note('latency.json', {
      keystrokeToOtherProcessBrowserMs: latencies,
      words,
      caretLatencies,
      carets,
    });
    console.info(
      `across processes, keystroke → other browser: median ${words.median} ms, max ${words.max} ms (n=${words.count}); caret max ${carets.max} ms`,
    );
    expect(words.max, `latencies ${latencies.join(', ')} ms`).toBeLessThan(LIVE_WITHIN_MS);
    expect(carets.max, `caret latencies ${caretLatencies.join(', ')} ms`).toBeLessThan(LIVE_WITHIN_MS);

    // Typing at the same moment at both ends of the section, each on their own process.
    const tag = uniqueTag();
    const leadStart = `Trust opening ${tag}.`;
    const partnerEnd = `Supplier closing ${tag}.`;
    await lead.entry.section(CONTEXT).textbox.click();
    await lead.browser.page.keyboard.press('Control+Home');
    await partner.entry.section(CONTEXT).focusEnd();
    await Promise.all([
      lead.browser.page.keyboard.type(leadStart, { delay: 15 }),
      partner.browser.page.keyboard.type(` ${partnerEnd}`, { delay: 15 }),
    ]);
    await Promise.all([lead.entry.waitForConnection('saved'), partner.entry.waitForConnection('saved')]);
    const expectedText = `${leadStart} ${typed.join(' ')} ${partnerEnd}`;
    for (const participant of [lead, partner]) {
      await expect.poll(() => participant.entry.section(CONTEXT).text()).toBe(expectedText);
    }
    // The same Yjs content in both browsers.
    await expect.poll(async () => allYjsContent(partner.entry)).toEqual(await allYjsContent(lead.entry));
    const before = await allYjsContent(lead.entry);
    await scenario.artifacts.screenshot(lead.browser.page, 'trust-on-A');
    await scenario.artifacts.screenshot(partner.browser.page, 'supplier-on-B');

    // A reload of each, on their own process, keeps everything (read back from PostgreSQL or the room).
    for (const participant of [lead, partner]) {
      await participant.browser.page.reload();
      await participant.entry.waitUntilSaved(shared.title);
      expect(await allYjsContent(participant.entry)).toEqual(before);
      expect(await participant.entry.section(CONTEXT).text()).toBe(expectedText);
    }
    // …and the relay still carries words both ways after the reloads (a reload drops the keystroke recorder).
    await Promise.all([recordKeystrokes(lead.browser.page), recordKeystrokes(partner.browser.page)]);
    const afterReload = [
      await measureTyping(partner, lead, CONTEXT, `afterB${uniqueTag()}`),
      await measureTyping(lead, partner, CONTEXT, `afterA${uniqueTag()}`),
    ].map((measured) => measured.wordMs);
    expect(Math.max(...afterReload), `after reload ${afterReload.join(', ')} ms`).toBeLessThan(LIVE_WITHIN_MS);
    await expect.poll(async () => allYjsContent(partner.entry)).toEqual(await allYjsContent(lead.entry));
  });
});
