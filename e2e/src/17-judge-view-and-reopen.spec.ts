import { describe, expect, test } from 'vitest';
import { JudgePage } from './pages/JudgePage.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { readPdfText } from './support/exportReadBack.ts';
import { openSharedEntry } from './support/openSharedEntry.ts';
import { CONTEXT } from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { seedSubmittedEntry } from './support/seedSubmittedEntry.ts';
import { escapeRegExp, eventually, expectEditable, stepTimings } from './support/signoffChecks.ts';
import { asRead, expectedText, signoffContent } from './support/signoffContent.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('17-judge-view-and-reopen');

describe('Scenario 17: the judge view of a submitted entry, and reopening it (PRODUCT §3 journeys 7–8; SIGNOFF.md)', () => {
  test('the judge view shows the submitted entry; reopening makes it editable again and keeps version 1', async () => {
    const { mark } = stepTimings(scenario.artifacts);

    // Scenario 10's two organisations and content, submitted through the API rather than the pages.
    const shared = await openSharedEntry(scenario, { partnerRole: 'lead' });
    const { lead, partner, title } = shared;
    const entries = [lead.entry, partner.entry];
    const trustOrg = lead.person.organisationName;
    const supplierOrg = partner.person.organisationName;
    const tag = uniqueTag();
    const content = signoffContent(tag, trustOrg);
    const { patient, staff, metric, saving, workshops, review, plan } = content;
    mark('set-up');
    await seedSubmittedEntry(shared, content);
    for (const entry of entries) await entry.submittedBanner.region.waitFor({ timeout: 15_000 });
    mark('submitted');

    // The judge view, from the supplier's page, while the entry is submitted.
    await partner.entry.judgePreviewLink.click();
    const judge = new JudgePage(partner.browser.page);
    await judge.heading(title).waitFor();
    for (const section of plan) {
      await eventually(() => judge.sectionText(section.title)).toBe(expectedText(section));
    }
    await eventually(() => judge.exhibitHeadings()).toEqual([
      expect.stringMatching(new RegExp(`^E1: Testimonial from ${escapeRegExp(patient.name)}`)),
      expect.stringMatching(new RegExp(`^E2: Testimonial from ${escapeRegExp(staff.name)}`)),
      `E3: ${metric.title}`,
      `E4: ${saving.title}`,
      `E5: ${workshops.title}`,
      `E6: ${review.title}`,
    ]);
    await expectNoAxeViolations(scenario.artifacts, partner.browser.page, 'judge-view');
    await judge.backLink.click();
    await partner.entry.submittedBanner.region.waitFor();
    mark('judge view');

    // The lead reopens: both browsers are editable again, and version 1 stays in the history.
    await lead.entry.submittedBanner.reopen();
    for (const entry of entries) {
      await eventually(() => entry.submittedBanner.region.count()).toBe(0);
      await entry.signoff.submitButton.waitFor({ timeout: 15_000 });
    }
    await expectEditable(entries, true);
    for (const entry of entries) {
      await eventually(() => entry.history.versionHeadings()).toEqual(['Version 1']);
      for (const what of ['Criteria answers (PDF)', 'Criteria answers (Word)', 'Supporting evidence (PDF)'] as const) {
        await entry.history.versionLink(what, 1).waitFor();
      }
    }

    // The supplier adds a paragraph: the section is changed since its approval, in both browsers.
    const afterReopen = `A paragraph added after reopening ${tag}.`;
    const context = partner.entry.section(CONTEXT);
    await context.enterAtEnd(afterReopen, { newParagraph: true });
    for (const entry of entries) {
      await eventually(() => entry.section(CONTEXT).text()).toBe(`${expectedText(plan[0]!)}\n${afterReopen}`);
      await eventually(() => entry.section(CONTEXT).status()).toBe('Changed since approval');
    }
    await lead.entry.section(CONTEXT).approveButton.waitFor();
    await lead.entry.section(CONTEXT).approvalDiff.getByText('What changed since approval').click();
    await lead.entry.section(CONTEXT).approvalDiff.getByText(afterReopen, { exact: true }).waitFor();

    // Version 1's criteria answers are still what was submitted.
    const version1 = await lead.entry.history.download(lead.entry.history.versionLink('Criteria answers (PDF)', 1));
    scenario.artifacts.save(`version-1-${version1.filename}`, version1.bytes);
    const version1Pdf = await readPdfText(version1.bytes);
    for (const section of plan) {
      expect(version1Pdf.flat, `version 1: ${section.title}`).toContain(section.title);
      expect(version1Pdf.flat).toContain(asRead(section.supplier));
    }
    expect(version1Pdf.flat).not.toContain(afterReopen);

    // The activity feed tells the story, newest first.
    const submittedLine = `${lead.person.name} (${trustOrg}) submitted the entry (version 1)`;
    const reopenedLine = `${lead.person.name} (${trustOrg}) reopened the entry for editing`;
    await eventually(() => lead.entry.activityLines()).toEqual(
      expect.arrayContaining([
        reopenedLine,
        submittedLine,
        `${lead.person.name} endorsed the entry for ${trustOrg}`,
        `${partner.person.name} endorsed the entry for ${supplierOrg}`,
        ...plan.map((section) => `${lead.person.name} (${trustOrg}) approved '${section.title}'`),
      ]),
    );
    const activity = await lead.entry.activityLines();
    expect(activity.indexOf(reopenedLine)).toBeLessThan(activity.indexOf(submittedLine));
    await scenario.artifacts.screenshot(lead.browser.page, 'trust-reopened');
    await scenario.artifacts.screenshot(partner.browser.page, 'supplier-reopened');
    mark('reopen');
  });
});
