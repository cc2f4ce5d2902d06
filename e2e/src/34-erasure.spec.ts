import type { SubmissionDetailDto } from '@jointly/shared';
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations } from './support/axe.ts';
import { tabTo } from './support/keyboard.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { uniqueTag } from './support/people.ts';
import { seedSubmittedEntry } from './support/seedSubmittedEntry.ts';
import { stepTimings } from './support/signoffChecks.ts';
import { signoffContent } from './support/signoffContent.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('34-erasure');

/**
 * Issue 18 item 2 in Chromium: scenario 10's entry submitted through the API;
 * the trust lead erases the patient's data from its testimonial card by
 * keyboard alone (the caret in the required reason, the outcome announced);
 * both leads' open pages show "[redacted]" without reloading, the submitted
 * version still verifies and no longer holds the name. axe on the lead's page.
 */
describe('Scenario 34: erasing a patient’s data after submission (issue 18 item 2)', () => {
  test('the lead erases by keyboard; both pages and the version show the placeholder', async () => {
    const { mark } = stepTimings(scenario.artifacts);
    const shared = await openSharedEntry(scenario, { partnerRole: 'lead' });
    const { lead, partner } = shared;
    const page = lead.browser.page;
    const content = signoffContent(uniqueTag(), lead.person.organisationName);
    const patient = content.exhibits.find((e) => e.label === 'E1')!;
    const name = 'testimonial' in patient ? patient.testimonial.name : '';
    await seedSubmittedEntry(shared, content);
    for (const entry of [lead.entry, partner.entry]) await entry.submittedBanner.region.waitFor({ timeout: 15_000 });
    mark('submitted');

    const erase = page.getByRole('button', { name: `Erase this person’s data (testimonial: ${name})`, exact: true });
    await erase.waitFor({ timeout: 15_000 });
    await erase.focus();
    await page.keyboard.press('Enter');
    const reason = page.getByLabel('Why is this person’s data erased?');
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('The patient asked us to remove their story.');
    await tabTo(page, page.getByRole('button', { name: 'Erase permanently', exact: true }), { maxPresses: 3 });
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'This person’s data was erased' }).waitFor({ timeout: 15_000 });
    mark('erased');

    // Both leads' pages resync: the card reads the placeholder, the name is gone.
    for (const p of [page, partner.browser.page]) {
      await p.getByRole('heading', { name: 'E1: [redacted]' }).waitFor({ timeout: 15_000 });
      await expect.poll(() => p.locator('main').textContent()).not.toContain(name);
    }
    const response = await lead.browser.context.request.get(
      `${scenario.origin}/api/entries/${shared.entryId}/submissions/1`,
    );
    const version = (await response.json()) as SubmissionDetailDto;
    expect(version.verified).toBe(true);
    expect(JSON.stringify(version)).not.toContain(name);
    await expectNoAxeViolations(scenario.artifacts, page, 'after-erasure');
  });
});
