import { describe, expect, test } from 'vitest';
import type { EvidenceInput } from './pages/ItemsPanel.ts';
import { axeViolations, describeViolations } from './support/axe.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { BENEFITS, CONTEXT } from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('14-typed-citations');

const NOT_CITED = 'Not cited in any section’s text';
const BENEFITS_CITES_MET = 'Met: Back up the claimed benefits by citing an exhibit, e.g. "see E2".';
const BENEFITS_CITES_MISSING = 'Missing: a citation of an exhibit in this section’s text';

/** expect.poll with room for the provenance refetch (debounced 500 ms) and the other browser's sync. */
function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 10_000 });
}

function evidence(title: string): EvidenceInput {
  return { title, kind: 'Qualitative', source: 'Trust board minutes', sections: [] };
}

/**
 * Issue 11 item 1: drafts arrive from Word with references typed as text.
 * "see E2" typed or pasted counts as a citation as the chip does (the items
 * panel, the checks), becoming the chip itself; "(E3)" and "E1–E3" count as
 * they are; one to a label no exhibit has is flagged in the section and in
 * the entry's checks.
 */
describe('Scenario 14: references to exhibits typed or pasted as text', () => {
  test('typed and pasted references count in the items panel and the checks; a missing label is flagged', async () => {
    const { lead, partner } = await openSharedEntry(scenario);
    const tag = uniqueTag();
    const titles = [`Board minutes ${tag}`, `Staff survey ${tag}`, `Audit report ${tag}`];
    for (const title of titles) await lead.entry.items.addEvidence(evidence(title));
    const cards = titles.map((title, index) => `E${index + 1}: ${title}`);
    for (const card of cards) await partner.entry.items.card(card).heading.waitFor({ timeout: 10_000 });
    for (const card of cards) await eventually(() => lead.entry.items.card(card).text()).toContain(NOT_CITED);

    // Typed: "see E2" then a full stop becomes the citation chip, read the same way.
    const benefits = lead.entry.section(BENEFITS);
    await eventually(() => benefits.checkLines()).toContain(BENEFITS_CITES_MISSING);
    await benefits.typeAtEnd(`Waits halved ${tag}, see E2.`);
    await benefits.textbox.locator('.jointly-citation', { hasText: 'see E2' }).waitFor();
    await eventually(() => benefits.text()).toBe(`Waits halved ${tag}, see E2.`);
    expect(await benefits.yjsContent()).toContain('<citation itemId=');
    for (const entry of [lead.entry, partner.entry]) {
      await eventually(() => entry.items.card(cards[1]!).text()).not.toContain(NOT_CITED);
      await eventually(() => entry.section(BENEFITS).checkLines()).toContain(BENEFITS_CITES_MET);
    }

    // Pasted from Word: "(E3)" counts as it is, and "see E9" (no such exhibit) is flagged.
    const context = lead.entry.section(CONTEXT);
    await context.focusEnd();
    const pasted = `The audit agreed (E3); the survey too (see E9).`;
    await lead.browser.page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/html', `<p class="MsoNormal"><span lang="EN-GB">${text}</span></p>`);
      data.setData('text/plain', text);
      const target = document.activeElement as HTMLElement;
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, pasted);
    await eventually(() => context.text()).toBe(pasted);
    for (const entry of [lead.entry, partner.entry]) {
      await eventually(() => entry.items.card(cards[2]!).text()).not.toContain(NOT_CITED);
      // Flagged under the section and in the entry's checks, by its label.
      await entry
        .section(CONTEXT)
        .region.getByRole('listitem')
        .filter({ hasText: 'an exhibit that does not exist (E9)' })
        .waitFor({ timeout: 10_000 });
      await entry.coverage
        .getByRole('listitem')
        .filter({ hasText: `${CONTEXT}: cites an exhibit that does not exist (E9)` })
        .waitFor({ timeout: 10_000 });
    }
    // In the text itself: "E3" marked as counted, "E9" flagged as a chip of a missing exhibit is.
    await context.textbox.locator('.jointly-typed-citation', { hasText: 'E3' }).waitFor();
    const flagged = context.textbox.locator('.jointly-citation--missing', { hasText: 'E9' });
    expect(await flagged.getAttribute('title')).toBe('No exhibit has the label E9');
    await scenario.artifacts.screenshot(lead.browser.page, 'typed-and-pasted');
    expect(describeViolations(await axeViolations(lead.browser.page)), 'axe-core with flags shown').toBe('');

    // Only E1 is cited nowhere; a typed range takes it in.
    await eventually(() => lead.entry.items.card(cards[0]!).text()).toContain(NOT_CITED);
    await partner.entry.section(CONTEXT).typeAtEnd(' Minutes and survey: E1–E2.');
    for (const entry of [lead.entry, partner.entry]) {
      await eventually(() => entry.items.card(cards[0]!).text()).not.toContain(NOT_CITED);
    }
  });
});
