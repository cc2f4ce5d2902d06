import type { SubmitConditionsDto } from '@jointly/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { axeViolations, describeViolations } from './support/axe.ts';
import { tabTo } from './support/keyboard.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { uniqueTag } from './support/people.ts';
import { daysAgo } from './support/recentDates.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('32-consent-records');

async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  await scenario.artifacts.screenshot(page, `axe-${name}`);
  if (violations.length > 0) scenario.artifacts.note(`axe-${name}.json`, violations);
  expect(describeViolations(violations), `axe-core on ${name}`).toBe('');
}

/** The consent paths of the entry's unmet submit conditions, as the server lists them. */
async function consentPaths(context: BrowserContext, entryId: string): Promise<string[]> {
  const response = await context.request.get(`/api/entries/${entryId}/submit-conditions`);
  const { issues } = (await response.json()) as SubmitConditionsDto;
  return issues.map((issue) => issue.path).filter((path) => path.includes('.consentRecord'));
}

describe('Scenario 32: consent with evidence and a lifetime (issue 18 item 1)', () => {
  test('a lead records a consent by keyboard, the testimonial uses it, and withdrawing it blocks submission', async () => {
    const { entryId, lead, partner } = await openSharedEntry(scenario);
    const page = lead.browser.page;
    const items = lead.entry.items;
    const form = items.testimonialForm;
    const name = `Zoë Nguyễn ${uniqueTag()}`;

    await items.addTestimonialButton.click();
    await form.form.waitFor();
    await form.quote.fill('The clinic listened to my family and changed how it books appointments.');
    await form.kind('Patient').check();
    await form.personName.fill(name);

    // The consent record, by keyboard alone: open the disclosure, choose the uses, the date, record.
    const summary = form.form.locator('summary', { hasText: 'Record consent with its evidence' });
    await form.personName.focus();
    await tabTo(page, summary, { maxPresses: 60 });
    await page.keyboard.press('Enter');
    const uses = form.form.getByRole('group', { name: 'What this consent covers', exact: true });
    await expect.poll(() => uses.getByRole('checkbox', { name: 'Judging the award' }).isChecked()).toBe(true);
    await tabTo(page, uses.getByRole('checkbox', { name: 'Social media', exact: true }));
    await page.keyboard.press('Space');
    await tabTo(page, form.form.getByLabel('Date given', { exact: true }));
    await form.form.getByLabel('Date given', { exact: true }).fill(daysAgo(10));
    await expectNoAxeViolations(page, 'record-consent');
    await tabTo(page, form.form.getByRole('button', { name: 'Record consent', exact: true }));
    await page.keyboard.press('Enter');

    await form.form.getByText(/^Consent record: Valid until \d{1,2} \w+ \d{4}$/).waitFor({ timeout: 10_000 });
    await form.form.getByText('Judging the award and Social media', { exact: true }).waitFor();
    await form.addButton.click();
    await form.form.waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => consentPaths(lead.browser.context, entryId), { timeout: 10_000 }).toEqual([]);

    // Withdrawn with a reason, by keyboard: the testimonial now blocks submission, in both organisations' view.
    const card = items.card(`E1: ${name}`);
    await card.heading.waitFor({ timeout: 10_000 });
    await card.changeButton('testimonial').click();
    await form.form.waitFor();
    const withdraw = form.form.getByRole('button', { name: 'Withdraw consent', exact: true });
    await withdraw.waitFor({ timeout: 10_000 });
    await form.personName.focus();
    await tabTo(page, withdraw, { maxPresses: 60 });
    await page.keyboard.press('Enter');
    const reason = form.form.getByLabel('Why is consent withdrawn?', { exact: true });
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Her family asked us to stop using it');
    await tabTo(page, form.form.getByRole('button', { name: 'Confirm withdrawal', exact: true }));
    await page.keyboard.press('Enter');
    await form.form
      .getByText(/^Consent record: Withdrawn on .* by .*: Her family asked us to stop using it$/)
      .waitFor({ timeout: 10_000 });
    await expectNoAxeViolations(page, 'withdrawn');

    for (const context of [lead.browser.context, partner.browser.context]) {
      await expect
        .poll(() => consentPaths(context, entryId), { timeout: 10_000 })
        .toEqual([expect.stringMatching(/^testimonials\.[\w-]+\.consentRecord\.withdrawn$/)]);
    }
  });
});
