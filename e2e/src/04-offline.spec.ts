import { describe, expect, onTestFinished, test } from 'vitest';
import { openNetworkLink } from './support/networkLink.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { CONTEXT, VALUE } from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('04-offline');

describe('Scenario 4: edits made offline are kept and merge on reconnect (PRODUCT §3 journey 4; C-SYNC-3)', () => {
  test('one browser goes offline, both keep typing, it comes back: both texts are in both browsers', async () => {
    // The supplier reaches the server through a link the test can cut (see NetworkLink).
    const link = await openNetworkLink(scenario.server.port);
    onTestFinished(() => link.close());
    const { lead, partner } = await openSharedEntry(scenario, { partnerOrigin: link.origin });
    const tag = uniqueTag();
    const offlineContext = `Written offline by the supplier ${tag}.`;
    const offlineValue = `Costs fell by 12% ${tag}.`;
    const onlineContext = `Written online by the trust ${tag}.`;

    await lead.entry.section(CONTEXT).typeAtEnd('Before the outage.');
    await expect.poll(() => partner.entry.section(CONTEXT).text()).toBe('Before the outage.');

    // The supplier's network goes: the page says so, and the editor stays writable.
    await partner.browser.context.setOffline(true);
    link.cut();
    await partner.entry.waitForConnection('offline');
    expect(await partner.entry.connectionLabel()).toMatch(/^Offline/);
    expect(await partner.entry.section(CONTEXT).isEditable()).toBe(true);

    // Both keep typing: the supplier in two sections, the trust in the shared one.
    await partner.entry.section(CONTEXT).focusEnd();
    await partner.browser.page.keyboard.press('Enter');
    await partner.browser.page.keyboard.type(offlineContext);
    await partner.entry.section(VALUE).typeAtEnd(offlineValue);
    await lead.entry.section(CONTEXT).focusEnd();
    await lead.browser.page.keyboard.press('Enter');
    await lead.browser.page.keyboard.type(onlineContext);
    await lead.entry.waitForConnection('saved');

    expect(await partner.entry.connectionLabel()).toBe('Offline – unsaved edits kept on this device');
    // While apart, neither has the other's new words.
    expect(await lead.entry.section(CONTEXT).text()).not.toContain(offlineContext);
    expect(await partner.entry.section(CONTEXT).text()).not.toContain(onlineContext);
    await scenario.artifacts.screenshot(partner.browser.page, 'supplier-offline');
    await scenario.artifacts.screenshot(lead.browser.page, 'trust-while-supplier-offline');

    // The network comes back: the supplier's page reconnects, sends its edits and shows Saved.
    link.restore();
    await partner.browser.context.setOffline(false);
    await partner.entry.waitForConnection('saved', 20_000);
    expect(await partner.entry.connectionLabel()).toBe('Saved');

    for (const participant of [lead, partner]) {
      await expect.poll(() => participant.entry.section(CONTEXT).text()).toContain(offlineContext);
      const context = await participant.entry.section(CONTEXT).text();
      expect(context.startsWith('Before the outage.\n')).toBe(true);
      expect(context).toContain(onlineContext);
      await expect.poll(() => participant.entry.section(VALUE).text()).toBe(offlineValue);
    }
    for (const title of [CONTEXT, VALUE]) {
      await expect
        .poll(() => partner.entry.section(title).yjsContent())
        .toBe(await lead.entry.section(title).yjsContent());
    }
    await scenario.artifacts.screenshot(partner.browser.page, 'supplier-back-online');
    await scenario.artifacts.screenshot(lead.browser.page, 'trust-after-merge');
  });
});
