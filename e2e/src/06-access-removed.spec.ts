import { describe, expect, onTestFinished, test } from 'vitest';
import { openNetworkLink } from './support/networkLink.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { CONTEXT, PARTNERSHIP_SECTIONS } from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('06-access-removed');

describe('Scenario 6: a removed member loses access while the page is open (PRODUCT §3 journey 3, §4; C-REVOKE-2, C-REVOKE-3)', () => {
  test('the lead removes the supplier in the page; the supplier’s page says "Access removed" and goes read-only', async () => {
    const shared = await openSharedEntry(scenario);
    const { lead, partner: supplier } = shared;
    const tag = uniqueTag();
    await supplier.entry.section(CONTEXT).typeAtEnd(`Supplier draft ${tag}.`);
    await supplier.entry.waitForConnection('saved');
    await expect.poll(() => lead.entry.section(CONTEXT).text()).toBe(`Supplier draft ${tag}.`);
    await lead.entry.workingOnItNow.getByText(supplier.person.name).waitFor();

    // The lead removes the supplier (two steps: Remove, then Yes, remove).
    await lead.entry.removeMember(supplier.person.name);
    await scenario.artifacts.screenshot(lead.browser.page, 'trust-after-removal');

    // The supplier's open page learns at once, without a reload.
    await supplier.entry.waitForConnection('stopped', 10_000);
    expect(await supplier.entry.connectionLabel()).toBe('Access removed');
    await supplier.entry.connection.getByRole('link', { name: 'Go to your entries' }).waitFor();
    for (const title of PARTNERSHIP_SECTIONS) {
      const section = supplier.entry.section(title);
      await expect.poll(() => section.isEditable(), { message: title }).toBe(false);
      expect(await section.textbox.getAttribute('aria-readonly'), title).toBe('true');
      expect(await section.toolbar.count(), title).toBe(0);
    }
    // Typing does nothing now.
    await supplier.entry.section(CONTEXT).textbox.click();
    await supplier.browser.page.keyboard.type(' after removal');
    expect(await supplier.entry.section(CONTEXT).text()).toBe(`Supplier draft ${tag}.`);
    await scenario.artifacts.screenshot(supplier.browser.page, 'supplier-access-removed');

    // The lead no longer sees them present, and their earlier words stay in the entry.
    await lead.entry.workingOnItNow.getByText(supplier.person.name).waitFor({ state: 'detached' });
    expect(await lead.entry.member(supplier.person.name).count()).toBe(0);
    expect(await lead.entry.section(CONTEXT).text()).toBe(`Supplier draft ${tag}.`);

    // Reloading, the entry no longer exists for them (404 page, as for any stranger).
    scenario.expectConsoleErrors(new RegExp(`status of 404 \\(Not Found\\) \\(.*/api/entries/${shared.entryId}\\)$`));
    await supplier.browser.page.reload();
    await supplier.entry.heading('Page not found').waitFor();
    expect(await supplier.entry.section(CONTEXT).region.count()).toBe(0);
    await scenario.artifacts.screenshot(supplier.browser.page, 'supplier-reload-not-found');
  });

  test('a contributor made viewer while the page is open goes read-only, and editable again when made contributor', async () => {
    const shared = await openSharedEntry(scenario);
    const { lead, partner: supplier } = shared;
    const tag = uniqueTag();
    const saved = `Before the change ${tag}.`;
    await supplier.entry.section(CONTEXT).typeAtEnd(saved);
    await supplier.entry.waitForConnection('saved');
    await expect.poll(() => lead.entry.section(CONTEXT).text()).toBe(saved);

    // Made viewer: the server closes the supplier's socket with 4100, the page reconnects and reads its role again.
    await lead.entry.changeRole(supplier.person.name, 'viewer');
    await scenario.artifacts.screenshot(lead.browser.page, 'trust-after-demotion');
    for (const title of PARTNERSHIP_SECTIONS) {
      const section = supplier.entry.section(title);
      await expect.poll(() => section.isEditable(), { message: title, timeout: 5_000 }).toBe(false);
      expect(await section.textbox.getAttribute('aria-readonly'), title).toBe('true');
      expect(await section.toolbar.count(), title).toBe(0);
    }
    await supplier.browser.page.getByText('You are a viewer on this entry').waitFor();
    // Nothing was refused, so nothing is discarded, and the page is not left "Saving…".
    await supplier.entry.waitForConnection('saved', 10_000);
    expect(await supplier.entry.connectionLabel()).toBe('Saved');
    expect(await supplier.browser.page.getByText('changes not yet saved were discarded').count()).toBe(0);
    // Typing does nothing now, and the lead has only the saved text.
    await supplier.entry.section(CONTEXT).textbox.click();
    await supplier.browser.page.keyboard.type(' typed as a viewer');
    expect(await supplier.entry.section(CONTEXT).text()).toBe(saved);
    expect(await supplier.entry.connectionState()).toBe('saved');
    expect(await lead.entry.section(CONTEXT).text()).toBe(saved);
    await scenario.artifacts.screenshot(supplier.browser.page, 'supplier-after-demotion');

    // Made contributor again: the editors become editable without a reload, and their words reach the lead.
    await lead.entry.changeRole(supplier.person.name, 'contributor');
    await expect.poll(() => supplier.entry.section(CONTEXT).isEditable(), { timeout: 5_000 }).toBe(true);
    expect(await supplier.entry.section(CONTEXT).textbox.getAttribute('aria-readonly')).toBe('false');
    await supplier.entry.section(CONTEXT).toolbar.waitFor();
    expect(await supplier.browser.page.getByText('You are a viewer on this entry').count()).toBe(0);
    await supplier.entry.waitForConnection('saved', 10_000);
    const after = ` After the promotion ${tag}.`;
    await supplier.entry.section(CONTEXT).typeAtEnd(after);
    await supplier.entry.waitForConnection('saved');
    await expect.poll(() => lead.entry.section(CONTEXT).text()).toBe(`${saved}${after}`);
    await scenario.artifacts.screenshot(supplier.browser.page, 'supplier-after-promotion');
  });

  test('edits typed offline by a contributor made viewer meanwhile are discarded, and the person is told', async () => {
    // The supplier reaches the server through a link the test can cut (see NetworkLink).
    const link = await openNetworkLink(scenario.server.port);
    onTestFinished(() => link.close());
    const shared = await openSharedEntry(scenario, { partnerOrigin: link.origin });
    const { lead, partner: supplier } = shared;
    const tag = uniqueTag();
    const saved = `Saved before ${tag}.`;
    const refused = ` Typed offline ${tag}.`;
    await supplier.entry.section(CONTEXT).typeAtEnd(saved);
    await supplier.entry.waitForConnection('saved');
    await expect.poll(() => lead.entry.section(CONTEXT).text()).toBe(saved);

    // Offline, the supplier types; meanwhile the lead makes them a viewer.
    await supplier.browser.context.setOffline(true);
    link.cut();
    await supplier.entry.waitForConnection('offline');
    await supplier.entry.section(CONTEXT).typeAtEnd(refused);
    expect(await supplier.entry.section(CONTEXT).text()).toBe(`${saved}${refused}`);
    await lead.entry.changeRole(supplier.person.name, 'viewer');

    // Back online: the page reads its new role, discards the edits the server refuses and says so.
    link.restore();
    await supplier.browser.context.setOffline(false);
    await supplier.browser.page
      .getByRole('alert')
      .filter({ hasText: 'Your role is now viewer: changes not yet saved were discarded.' })
      .waitFor({ timeout: 20_000 });
    await expect.poll(() => supplier.entry.section(CONTEXT).isEditable(), { timeout: 5_000 }).toBe(false);
    await supplier.entry.waitForConnection('saved', 15_000);
    await expect.poll(() => supplier.entry.section(CONTEXT).text()).toBe(saved);
    expect(await lead.entry.section(CONTEXT).text()).toBe(saved);
    await scenario.artifacts.screenshot(supplier.browser.page, 'supplier-edits-discarded');

    // Leaving does not warn (a script dialog fails the test), and the next visit has no trace of them.
    await supplier.browser.page.reload();
    await supplier.entry.waitUntilSaved(shared.title);
    await expect.poll(() => supplier.entry.section(CONTEXT).text()).toBe(saved);
    expect(await supplier.entry.section(CONTEXT).isEditable()).toBe(false);
    expect(await supplier.browser.page.getByText('changes not yet saved were discarded').count()).toBe(0);
    expect(await lead.entry.section(CONTEXT).text()).toBe(saved);
  });
});
