import { countWordsAsWordProcessor } from '@jointly/shared';
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations } from './support/axe.ts';
import { tabTo } from './support/keyboard.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { CONTEXT } from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { seedSubmittedEntry } from './support/seedSubmittedEntry.ts';
import { eventually, stepTimings } from './support/signoffChecks.ts';
import { asRead, signoffContent } from './support/signoffContent.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('28-outcome-and-portal-copy');

/**
 * Issue 17 items 4 and 5 in Chromium: scenario 10's entry submitted through
 * the API; the trust lead copies a section for the award's portal by keyboard
 * and the clipboard holds its plain text (paragraphs apart, "see E3" as the
 * judges number it, no word count), the page saying the word processor's
 * count; the lead marks the entry not for publication and records the outcome
 * and the judges' feedback by keyboard; the supplier's open page shows both
 * without reloading. axe on the lead's page, which then holds every new part.
 */
describe('Scenario 28: copy for the portal, and the outcome after submitting (issue 17 items 4 and 5)', () => {
  test('a section copied for the portal; an outcome recorded by the lead is seen by the partner', async () => {
    const { mark } = stepTimings(scenario.artifacts);
    const shared = await openSharedEntry(scenario, { partnerRole: 'lead' });
    const { lead, partner } = shared;
    const page = lead.browser.page;
    const content = signoffContent(uniqueTag(), lead.person.organisationName);
    mark('set-up');
    await seedSubmittedEntry(shared, content);
    for (const entry of [lead.entry, partner.entry]) await entry.submittedBanner.region.waitFor({ timeout: 15_000 });
    mark('submitted');

    // Copy for the portal, by keyboard: the clipboard holds the section's plain text.
    await lead.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: scenario.origin });
    const section = content.plan.find((s) => s.title === CONTEXT)!;
    const expected = `${asRead(section.trust)}\n\n${asRead(section.supplier)}`;
    const copyButton = lead.entry.section(CONTEXT).region.getByRole('button', {
      name: `Copy for the portal: ${CONTEXT}`,
      exact: true,
    });
    await lead.entry.section(CONTEXT).region.getByRole('heading', { name: CONTEXT, exact: true }).focus();
    // The button follows the section's heading in the header: one Tab from it.
    await tabTo(page, copyButton, { maxPresses: 3 });
    const words = countWordsAsWordProcessor(expected);
    const copied = lead.entry.section(CONTEXT).region.getByRole('status').filter({ hasText: 'Copied for the portal' });
    // Until the server's exhibit numbers arrive the page asks to try again (and copies
    // nothing), as a person would be told; they press again.
    await expect
      .poll(
        async () => {
          await page.keyboard.press('Enter');
          return copied.waitFor({ timeout: 1_000 }).then(
            () => true,
            () => false,
          );
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    expect(
      await lead.entry
        .section(CONTEXT)
        .region.getByText(/^Copied for the portal:/)
        .textContent(),
    ).toContain(`${words} words, as a word processor counts them.`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
    expect(expected).toMatch(/see E\d/);
    mark('copied');

    // Not for publication, ticked by keyboard: the supplier's page says so.
    const downloads = page.getByRole('region', { name: 'Downloads and history', exact: true });
    const notForPublication = downloads.getByRole('checkbox', { name: 'Not for publication', exact: true });
    await notForPublication.focus();
    await page.keyboard.press('Space');
    await downloads.getByRole('status').filter({ hasText: 'Marked not for publication' }).waitFor();
    await partner.browser.page
      .getByRole('region', { name: 'Downloads and history', exact: true })
      .getByRole('checkbox', { name: 'Not for publication', exact: true })
      .and(partner.browser.page.locator(':checked'))
      .waitFor({ timeout: 10_000 });

    // The outcome, recorded by keyboard.
    const after = page.getByRole('region', { name: 'After submitting', exact: true });
    await after.getByRole('button', { name: 'Record the outcome', exact: true }).focus();
    await page.keyboard.press('Enter');
    await after.getByRole('radio', { name: 'Finalist', exact: true }).focus();
    await page.keyboard.press('Space');
    await after.getByLabel(/Date it was submitted/).fill('2026-03-14');
    const feedback = 'Judges praised the co-design.\nThey asked for more on patient outcomes.';
    await after.getByRole('textbox', { name: /judges’ written feedback/ }).focus();
    await page.keyboard.type(feedback.replace('\n', ' '));
    await after.getByRole('button', { name: 'Save the outcome', exact: true }).focus();
    await page.keyboard.press('Enter');
    await after.getByRole('status').filter({ hasText: 'Outcome saved: Finalist.' }).waitFor();
    mark('recorded');

    // The supplier's page shows it without a reload (the entry's event stream).
    const seen = partner.browser.page.getByRole('region', { name: 'After submitting', exact: true });
    // The outcome's own list (the finalist stage, a region inside this one, has its own).
    await eventually(() => seen.locator('dl').first().locator('dd').allInnerTexts()).toEqual([
      'Finalist',
      '14 March 2026',
      feedback.replace('\n', ' '),
      expect.stringContaining(`${lead.person.name} (${lead.person.organisationName})`),
    ]);
    mark('seen');
    // One axe run (each takes seconds on this long page): the lead's page holds every new part at
    // once, the copy buttons and their message, the setting, the outcome shown and its form.
    await expectNoAxeViolations(scenario.artifacts, page, 'outcome-copy-and-setting');
    mark('axe');
  });
});
