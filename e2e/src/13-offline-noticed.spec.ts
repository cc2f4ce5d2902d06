import type { Page } from 'playwright-core';
import { describe, expect, onTestFinished, test } from 'vitest';
import { openNetworkLink } from './support/networkLink.ts';
import { caretLabelOf, openSharedEntry } from './support/openSharedEntry.ts';
import { CONTEXT, VALUE } from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('13-offline-noticed');

/** Records in the page the wall-clock time at which the connection bar first says "offline". */
async function recordWhenOffline(page: Page): Promise<() => Promise<number | null>> {
  await page.evaluate(() => {
    const w = window as unknown as { jointlyOfflineAt?: number };
    delete w.jointlyOfflineAt;
    const bar = document.querySelector('section[aria-label="Connection status"]');
    if (!bar) throw new Error('no connection bar');
    const observer = new MutationObserver(() => {
      if (bar.getAttribute('data-connection') !== 'offline') return;
      w.jointlyOfflineAt = Date.now();
      observer.disconnect();
    });
    observer.observe(bar, { attributes: true, attributeFilter: ['data-connection'] });
  });
  return () => page.evaluate(() => (window as unknown as { jointlyOfflineAt?: number }).jointlyOfflineAt ?? null);
}

describe('Scenario 13: a network that goes quiet is noticed (issue 11 items 5 and 6)', () => {
  test('I11-5, I11-6: Offline within 5 s of the network going quiet, others’ carets gone, every edit kept and stored without a flood close', async () => {
    const link = await openNetworkLink(scenario.server.port);
    onTestFinished(() => link.close());
    const { lead, partner } = await openSharedEntry(scenario, { partnerOrigin: link.origin });
    const tag = uniqueTag();

    // The trust lead writes in the first section: the supplier sees their caret there.
    await lead.entry.section(CONTEXT).typeAtEnd(`The trust was here ${tag}.`);
    await expect
      .poll(() => partner.entry.section(CONTEXT).caretLabels.allTextContents())
      .toEqual([caretLabelOf(lead.person)]);
    await partner.entry.section(VALUE).typeAtEnd(`Before ${tag}.`);
    await partner.entry.waitForConnection('saved');

    // The supplier's network goes quiet: no offline event, the socket stays open, nothing arrives.
    const offlineAt = await recordWhenOffline(partner.browser.page);
    const stalledAt = Date.now();
    link.stall();
    // They keep typing, a key at a time (each keystroke an update and a caret move), until the page notices.
    const keyboard = partner.browser.page.keyboard;
    let typed = 0;
    while ((await partner.entry.connectionState()) !== 'offline' && Date.now() - stalledAt < 10_000) {
      await keyboard.type(' quiet');
      typed++;
    }
    await partner.entry.waitForConnection('offline', 1_000);
    const noticedAt = await offlineAt();
    expect(noticedAt, 'the page said Offline').not.toBeNull();
    expect(noticedAt! - stalledAt, 'ms from the network going quiet to "Offline"').toBeLessThan(5_000);
    expect(typed).toBeGreaterThan(0);
    // Other people's carets leave with the connection; the page keeps every edit.
    expect(await partner.entry.section(CONTEXT).caretLabels.count()).toBe(0);
    const offlineWords = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
    await keyboard.type(` ${offlineWords}.`);
    expect(await partner.entry.connectionLabel()).toBe('Offline – unsaved edits kept on this device');
    const written = await partner.entry.section(VALUE).text();
    expect(written).toContain(offlineWords);
    await scenario.artifacts.screenshot(partner.browser.page, 'supplier-quiet-network');

    // The network returns: everything held is delivered at once, the page reconnects and saves it all.
    link.restore();
    await partner.entry.waitForConnection('saved', 30_000);
    await expect.poll(() => lead.entry.section(VALUE).text(), { timeout: 10_000 }).toBe(written);
    expect(await partner.entry.section(VALUE).text()).toBe(written);
    await expect
      .poll(() => partner.entry.section(CONTEXT).caretLabels.allTextContents(), { timeout: 10_000 })
      .toEqual([caretLabelOf(lead.person)]);
    expect(scenario.server.logMessages()).not.toContain('collab connection flooded its queue');
  });
});
