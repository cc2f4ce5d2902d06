import type { Page } from 'playwright-core';
import { describe, expect, onTestFinished, test } from 'vitest';
import { EntryPage } from './pages/EntryPage.ts';
import { submitThroughApi } from './support/api.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { tabTo } from './support/keyboard.ts';
import { openNetworkLink } from './support/networkLink.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { CONTEXT } from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { seedReadyToSubmit } from './support/seedSubmittedEntry.ts';
import { signoffContent } from './support/signoffContent.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('37-submitted-before-saved');

/** The discarded text offered, by the label of its part (a section, a short field), once the disclosure is opened by keyboard. */
async function openDiscardedText(page: Page): Promise<(label: string) => Promise<string>> {
  const disclosure = page.locator('.jointly-discarded-text');
  await tabTo(page, disclosure.locator('summary'), { maxPresses: 60 });
  await page.keyboard.press('Enter');
  return (label) => disclosure.getByLabel(label, { exact: true }).inputValue();
}

/**
 * An entry ready to submit, open in the lead's browser and in the partner's, which reaches the
 * server through a link the test can cut (see NetworkLink); the partner's page has saved it all.
 */
async function readyToSubmit() {
  const link = await openNetworkLink(scenario.server.port);
  onTestFinished(() => link.close());
  const shared = await openSharedEntry(scenario, { partnerRole: 'lead', partnerOrigin: link.origin });
  const { lead, partner } = shared;
  await seedReadyToSubmit(shared, signoffContent(uniqueTag(), lead.person.organisationName));
  const section = partner.entry.section(CONTEXT);
  await partner.entry.waitForConnection('saved');
  // The citation chips show their exhibit labels once the server has numbered the items.
  await expect.poll(() => section.text(), { timeout: 10_000 }).not.toContain('label pending');
  const submitted = await section.text();
  expect(submitted.length).toBeGreaterThan(0);
  return { link, shared, lead, partner, section, submitted };
}

/**
 * A partner's edits that the server had not stored when the lead submitted
 * can never be stored (C-WRITE-1). Before, the partner's page kept showing
 * them, in no submitted version, and said "Saving…" for ever. Now the server
 * says when it drops a page's writes (C-WRITE-6), and the page discards
 * them, says so, and shows what was submitted: whether it saw the submission
 * while open or its offline copy is opened only afterwards. A page that held
 * nothing unsaved discards nothing.
 */
describe('Scenario 37: an entry submitted before a partner’s last edits were saved', () => {
  test('the partner’s page discards the edits the submission left out and says so', async () => {
    const { link, shared, lead, partner, section, submitted } = await readyToSubmit();

    // Offline, the partner types; meanwhile the lead submits what the server has.
    await partner.browser.context.setOffline(true);
    link.cut();
    await partner.entry.waitForConnection('offline');
    const late = ` Typed after the last save ${uniqueTag()}.`;
    await section.typeAtEnd(late);
    expect(await section.text()).toBe(`${submitted}${late}`);
    await submitThroughApi(lead.browser.context, shared.entryId);

    // Back online: the page takes the submission in, discards the late words and says why.
    link.restore();
    await partner.browser.context.setOffline(false);
    await partner.browser.page
      .getByRole('alert')
      .filter({ hasText: 'This entry was submitted before your last changes were saved' })
      .waitFor({ timeout: 20_000 });
    await partner.entry.submittedBanner.region.waitFor({ timeout: 15_000 });
    await expect.poll(() => section.text(), { timeout: 10_000 }).toBe(submitted);
    await partner.entry.waitForConnection('saved', 15_000);
    // The discarded words are not lost from sight: the section as this browser held it, to copy.
    expect(await (await openDiscardedText(partner.browser.page))(CONTEXT)).toContain(late.trim());
    expect(await lead.entry.section(CONTEXT).text()).toBe(submitted);
    // The lead's page, which held nothing unsaved, saw the same submission and discarded nothing.
    await lead.entry.submittedBanner.region.waitFor();
    expect(await lead.browser.page.getByText('submitted before your last changes were saved').count()).toBe(0);
    expect(await lead.entry.connectionLabel()).toBe('Saved');
    await scenario.artifacts.screenshot(partner.browser.page, 'partner-late-edits-discarded');

    // Leaving does not warn (a script dialog fails the test), and the next visit has no trace of them.
    await partner.browser.page.reload();
    await partner.entry.submittedBanner.region.waitFor({ timeout: 15_000 });
    await expect.poll(() => section.text(), { timeout: 10_000 }).toBe(submitted);
    expect(await partner.browser.page.getByText('submitted before your last changes were saved').count()).toBe(0);
  });

  test('an offline copy holding such edits, opened only after the submission, is discarded and said', async () => {
    const { link, shared, lead, partner, section, submitted } = await readyToSubmit();

    // Offline, the partner types, then the tab is closed: the words stay only in this browser's copy.
    await partner.browser.context.setOffline(true);
    link.cut();
    await partner.entry.waitForConnection('offline');
    const late = ` Typed offline, tab closed ${uniqueTag()}.`;
    await section.typeAtEnd(late);
    // A short field's words are offered back too.
    const lateTitle = `Title typed offline ${uniqueTag()}`;
    await partner.browser.page.getByLabel('Project title (optional)', { exact: true }).focus();
    await partner.browser.page.keyboard.type(lateTitle);
    await partner.browser.page.waitForTimeout(1_000); // the copy is written a few ms after each edit
    await scenario.reopenTab(partner.browser);
    await submitThroughApi(lead.browser.context, shared.entryId);

    // Days later, online again, the partner opens the entry: the copy's words are said and gone.
    link.restore();
    await partner.browser.context.setOffline(false);
    const reopened = await new EntryPage(partner.browser.page).goto(shared.entryId);
    await partner.browser.page
      .getByRole('alert')
      .filter({ hasText: 'This entry was submitted before your last changes were saved' })
      .waitFor({ timeout: 20_000 });
    await reopened.submittedBanner.region.waitFor({ timeout: 15_000 });
    await expect.poll(() => reopened.section(CONTEXT).text(), { timeout: 10_000 }).toBe(submitted);
    await reopened.waitForConnection('saved', 15_000);
    const discardedText = await openDiscardedText(partner.browser.page);
    expect(await discardedText(CONTEXT)).toContain(late.trim());
    expect(await discardedText('Project title')).toBe(lateTitle);
    await expectNoAxeViolations(scenario.artifacts, partner.browser.page, 'offline-copy-discarded');
    await scenario.artifacts.screenshot(partner.browser.page, 'partner-offline-copy-discarded');

    // The next visit has no trace of them and says nothing: its copy holds nothing the server lacks.
    await partner.browser.page.reload();
    await reopened.submittedBanner.region.waitFor({ timeout: 15_000 });
    await reopened.waitForConnection('saved', 15_000);
    expect(await reopened.section(CONTEXT).text()).toBe(submitted);
    expect(await partner.browser.page.getByText('submitted before your last changes were saved').count()).toBe(0);
  });
});
