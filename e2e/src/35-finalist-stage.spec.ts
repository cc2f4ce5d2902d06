import type { Page } from 'playwright-core';
import { describe, test } from 'vitest';
import { SectionEditor } from './pages/SectionEditor.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { uniqueTag } from './support/people.ts';
import { seedSubmittedEntry } from './support/seedSubmittedEntry.ts';
import { eventually } from './support/signoffChecks.ts';
import { signoffContent } from './support/signoffContent.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('35-finalist-stage');

/**
 * Issue 17 item 4's finalist stage in Chromium: a submitted entry whose
 * outcome is recorded "Finalist" through the API; the trust lead sets a time
 * limit and chooses the supplier's lead as presenter by keyboard, and adds a
 * rehearsal note; the supplier's open page shows both without reloading.
 * Both organisations then co-write the presentation outline live, and the
 * speaking-time estimate follows on both pages. axe on the lead's page with
 * the stage, its forms and the outline.
 */
describe('Scenario 35: the finalist stage (issue 17 item 4)', () => {
  test('presenters and a rehearsal note set by one organisation are seen by the other', async () => {
    const shared = await openSharedEntry(scenario, { partnerRole: 'lead' });
    const { lead, partner } = shared;
    const page = lead.browser.page;
    await seedSubmittedEntry(shared, signoffContent(uniqueTag(), lead.person.organisationName));
    // Both pages have taken the submission in (their sockets reconnect on it) before the outcome.
    for (const entry of [lead.entry, partner.entry]) await entry.submittedBanner.region.waitFor({ timeout: 15_000 });
    const outcome = await lead.browser.context.request.put(`/api/entries/${shared.entryId}/outcome`, {
      data: { stage: 'finalist', portalSubmittedOn: null, feedback: '' },
    });
    if (!outcome.ok()) throw new Error(`outcome: ${outcome.status()}`);

    const stage = (p: Page) => p.getByRole('region', { name: 'Finalist stage', exact: true });
    await stage(page).waitFor({ timeout: 15_000 });
    await stage(page).getByLabel('Time limit in minutes').focus();
    await page.keyboard.type('10');
    await stage(page)
      .getByRole('checkbox', { name: `${partner.person.name} (${partner.person.organisationName})` })
      .focus();
    await page.keyboard.press('Space');
    await stage(page).getByRole('button', { name: 'Save the finalist stage', exact: true }).focus();
    await page.keyboard.press('Enter');
    await stage(page).getByRole('status').filter({ hasText: 'Finalist stage saved.' }).waitFor();

    await stage(page).getByLabel('Date of the rehearsal').fill('2026-06-10');
    await stage(page).getByRole('textbox', { name: /^Note/ }).focus();
    await page.keyboard.type('Ran 11 minutes: cut the history slide.');
    await stage(page).getByRole('button', { name: 'Add the note', exact: true }).focus();
    await page.keyboard.press('Enter');
    await stage(page).getByText('Ran 11 minutes: cut the history slide.').waitFor();

    const theirs = stage(partner.browser.page);
    await eventually(() => theirs.locator('dd').allInnerTexts()).toEqual([
      '10 minutes, about 1,300 words at 130 words a minute',
      `${partner.person.name} (${partner.person.organisationName})`,
    ]);
    await theirs.getByText('Ran 11 minutes: cut the history slide.').waitFor({ timeout: 10_000 });

    // The presentation outline, written by both organisations into the submitted entry (C-WRITE-5).
    const mine = new SectionEditor(page, 'Presentation outline');
    const yours = new SectionEditor(partner.browser.page, 'Presentation outline');
    const speakingTime = (p: Page) => stage(p).getByText(/^Speaking time:/);
    await eventually(() => speakingTime(page).textContent()).toBe(
      'Speaking time: about 0 s of 10 min (0 words at 130 a minute)',
    );
    // Thirteen words at 130 a minute: about 5 s; twenty-six: about 10 s.
    await mine.typeAtEnd('Opening: how a trust and a supplier halved waiting times for outpatients together.');
    await eventually(() => yours.text()).toBe(
      'Opening: how a trust and a supplier halved waiting times for outpatients together.',
    );
    await yours.enterAtEnd('Results: nine weeks instead of eighteen, measured across every single clinic we run.', {
      newParagraph: true,
    });
    await eventually(() => mine.text()).toContain('Results: nine weeks instead of eighteen');
    for (const p of [page, partner.browser.page]) {
      await eventually(() => speakingTime(p).textContent()).toBe(
        'Speaking time: about 10 s of 10 min (26 words at 130 a minute)',
      );
    }
    await expectNoAxeViolations(scenario.artifacts, page, 'finalist-stage');
  });
});
