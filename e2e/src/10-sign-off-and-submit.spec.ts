import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { EntryPage } from './pages/EntryPage.ts';
import type { EvidenceInput, TestimonialInput } from './pages/ItemsPanel.ts';
import { JudgePage } from './pages/JudgePage.ts';
import type { DownloadedFile } from './pages/SignoffPanel.ts';
import { axeViolations, describeViolations } from './support/axe.ts';
import { readDocxParagraphs, readPdfText } from './support/exportReadBack.ts';
import { hasFocus } from './support/keyboard.ts';
import { openSharedEntry, type Participant } from './support/openSharedEntry.ts';
import {
  BENEFITS,
  CO_DESIGN,
  CONTEXT,
  PARTNERSHIP,
  PARTNERSHIP_SECTIONS,
  SHARING,
  VALUE,
} from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { useScenario } from './support/scenario.ts';

const scenario = useScenario('10-sign-off-and-submit');

/** Every check of the Partnership template: 1 for the entry, 1 + 2 + 1 + 2 + 3 for its five sections. */
const TOTAL_CHECKS = 10;

/** Runs axe-core (WCAG 2.0–2.2 A and AA) on the page as it is now, with a screenshot of what was checked. */
async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  await scenario.artifacts.screenshot(page, `axe-${name}`);
  if (violations.length > 0) scenario.artifacts.note(`axe-${name}.json`, violations);
  expect(describeViolations(violations), `axe-core on ${name}`).toBe('');
}

/**
 * expect.poll with room for what reaches a page late: the provenance refetch
 * (debounced), the other browser's sync, and a page reading the entry again
 * after the server closed its socket (submit, reopen: 4101) and it reconnected.
 */
function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 15_000 });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What one organisation writes in a section: a paragraph, ending with a citation of an exhibit when `cite` is set. */
type Paragraph = { text: string; cite?: string };
type SectionPlan = { title: string; trust: Paragraph; supplier: Paragraph };

/** A paragraph as the section's text reads: the citation as "see E3". */
const asRead = ({ text, cite }: Paragraph) => (cite ? `${text}see ${cite}` : text);

/** Waits for a card, by its full heading ("E2: …"), in every given browser. */
async function expectCard(participants: Participant[], heading: string): Promise<void> {
  for (const { entry } of participants) await entry.items.card(heading).heading.waitFor({ timeout: 10_000 });
}

async function expectEditable(entries: EntryPage[], editable: boolean): Promise<void> {
  for (const entry of entries) {
    for (const title of PARTNERSHIP_SECTIONS) {
      await eventually(() => entry.section(title).isEditable()).toBe(editable);
    }
  }
}

function keep(file: DownloadedFile, prefix: string): DownloadedFile {
  scenario.artifacts.save(`${prefix}-${file.filename}`, file.bytes);
  return file;
}

describe('Scenario 10: approve, endorse, submit, export and reopen (PRODUCT §3 journeys 6–8; SIGNOFF.md)', () => {
  test('two organisations complete the entry, both endorse, the lead submits; exports open; reopening makes it editable again', async () => {
    const timings: Record<string, number> = {};
    let last = Date.now();
    const mark = (step: string) => {
      const now = Date.now();
      timings[step] = now - last;
      last = now;
      scenario.artifacts.note('timings-ms.json', timings);
    };

    // A trust lead and a supplier, invited as a lead too, so each organisation can endorse.
    const { lead, partner, title } = await openSharedEntry(scenario, { partnerRole: 'lead' });
    const both = [lead, partner];
    const entries = both.map((p) => p.entry);
    const trustOrg = lead.person.organisationName;
    const supplierOrg = partner.person.organisationName;
    const tag = uniqueTag();
    mark('set-up');

    // Items the template's rules need, each organisation adding some (E1 … E6 in the order added).
    const consent = {
      given: true,
      date: '2026-03-02',
      howRecorded: 'Signed consent form held by the patient experience team',
      covers: ['Judging the award', 'Publication'],
    } satisfies TestimonialInput['consent'];
    const patient = {
      quote: `I was scanned within a week instead of waiting three months ${tag}.`,
      kind: 'Patient',
      name: `Ann Jones ${tag}`,
      role: 'Patient at the community diagnostic centre',
      date: '2026-02-10',
      sections: [VALUE],
      consent,
    } satisfies TestimonialInput;
    const staff = {
      quote: `The shared reporting hub halved our waiting list within a year ${tag}.`,
      kind: 'NHS staff',
      name: `Dr Lena Ortiz ${tag}`,
      role: 'Consultant radiologist',
      organisation: trustOrg,
      sections: [VALUE, CO_DESIGN],
      consent,
    } satisfies TestimonialInput;
    const metric = {
      title: `Emergency readmissions within 30 days ${tag}`,
      kind: 'Metric',
      baseline: '14.2% (2019/20)',
      result: '9.1% (2025/26)',
      period: 'April 2019 to March 2026',
      date: '2026-06-30',
      source: 'Trust integrated performance report',
      sections: [BENEFITS, SHARING, VALUE],
    } satisfies EvidenceInput;
    const saving = {
      title: `Annual cost of outsourced reporting ${tag}`,
      kind: 'Financial',
      baseline: '£1.9m a year (2019/20)',
      result: '£1.1m a year (2025/26)',
      source: 'Trust finance report',
      sections: [VALUE],
    } satisfies EvidenceInput;
    const workshops = {
      title: `Co-design workshop notes ${tag}`,
      kind: 'Qualitative',
      date: '2026-01-20',
      source: 'Patient experience team',
      sections: [CO_DESIGN],
    } satisfies EvidenceInput;
    const review = {
      title: `Partnership review and adoption guide ${tag}`,
      kind: 'Document',
      date: '2026-05-14',
      source: 'Published on the integrated care system website',
      sections: [CONTEXT, SHARING],
    } satisfies EvidenceInput;

    await lead.entry.items.addTestimonial(patient);
    await expectCard(both, `E1: ${patient.name}`);
    await partner.entry.items.addTestimonial(staff);
    await expectCard(both, `E2: ${staff.name}`);
    await partner.entry.items.addEvidence(metric);
    await expectCard(both, `E3: ${metric.title}`);
    await lead.entry.items.addEvidence(saving);
    await expectCard(both, `E4: ${saving.title}`);
    await lead.entry.items.addEvidence(workshops);
    await expectCard(both, `E5: ${workshops.title}`);
    await partner.entry.items.addEvidence(review);
    await expectCard(both, `E6: ${review.title}`);
    mark('items');

    /** The "Exhibit to cite" option of each label. */
    const citeOption: Record<string, string> = {
      E1: `E1: ${patient.name}`,
      E2: `E2: ${staff.name}`,
      E3: `E3: ${metric.title}`,
      E4: `E4: ${saving.title}`,
      E5: `E5: ${workshops.title}`,
      E6: `E6: ${review.title}`,
    };

    // Both organisations write in every section: the trust a paragraph, then the supplier another.
    const plan: SectionPlan[] = [
      {
        title: CONTEXT,
        trust: { text: `We began community scanning with the supplier in 2018 ${tag}.` },
        supplier: { text: `We added evening clinics when demand moved in 2021 ${tag}, `, cite: 'E6' },
      },
      {
        title: BENEFITS,
        trust: { text: `Patients are scanned nearer home and sooner ${tag}.` },
        supplier: { text: `Readmissions fell by a third ${tag}, `, cite: 'E3' },
      },
      {
        title: SHARING,
        trust: { text: `Two neighbouring trusts now use our referral pathway ${tag}.` },
        supplier: { text: `We published the adoption guide ${tag}, `, cite: 'E6' },
      },
      {
        title: CO_DESIGN,
        trust: { text: `Radiographers redesigned the booking letters with us ${tag}, `, cite: 'E2' },
        supplier: { text: `Patients shaped the clinic layout in workshops ${tag}, `, cite: 'E5' },
      },
      {
        title: VALUE,
        trust: { text: `Patients say the clinic changed their care ${tag}, `, cite: 'E1' },
        supplier: { text: `Reporting now costs £800,000 a year less ${tag}, `, cite: 'E4' },
      },
    ];
    const expectedText = (section: SectionPlan) => `${asRead(section.trust)}\n${asRead(section.supplier)}`;

    // The trust goes through the sections in order; the supplier follows one section behind,
    // adding its paragraph once the trust's has reached its browser.
    await Promise.all([
      (async () => {
        for (const section of plan) {
          const editor = lead.entry.section(section.title);
          await editor.enterAtEnd(section.trust.text);
          if (section.trust.cite) await editor.cite(citeOption[section.trust.cite]!);
        }
      })(),
      (async () => {
        for (const section of plan) {
          const editor = partner.entry.section(section.title);
          await eventually(() => editor.text()).toBe(asRead(section.trust));
          await editor.enterAtEnd(section.supplier.text, { newParagraph: true });
          if (section.supplier.cite) await editor.cite(citeOption[section.supplier.cite]!);
        }
      })(),
    ]);
    mark('typing');
    for (const entry of entries) {
      for (const section of plan) {
        await eventually(() => entry.section(section.title).text()).toBe(expectedText(section));
        expect(await entry.section(section.title).wordCount()).toMatch(
          new RegExp(`^\\d{2} of ${PARTNERSHIP.wordLimit} words$`),
        );
      }
    }
    mark('text in both');
    // Every rule of the template is met, in both browsers.
    for (const entry of entries) {
      await eventually(() => entry.coverageStatus.textContent()).toBe(`${TOTAL_CHECKS} of ${TOTAL_CHECKS} checks met.`);
      for (const section of plan) {
        const lines = await entry.section(section.title).checkLines();
        expect(lines.length, section.title).toBeGreaterThan(0);
        expect(
          lines.filter((line) => !line.startsWith('Met: ')),
          section.title,
        ).toEqual([]);
      }
    }
    mark('coverage');
    // Who wrote each section, as the server counts it: both organisations, everywhere.
    for (const section of plan) {
      await eventually(async () =>
        (await lead.entry.section(section.title).contributorLines()).map((line) => line.replace(/: .*$/, '')),
      ).toEqual(
        expect.arrayContaining([`${lead.person.name} (${trustOrg})`, `${partner.person.name} (${supplierOrg})`]),
      );
    }
    await scenario.artifacts.screenshot(lead.browser.page, 'trust-written');
    mark('writing');

    // The trust lead approves each section.
    for (const section of plan) {
      const editor = lead.entry.section(section.title);
      expect(await editor.status(), section.title).toBe('In progress');
      await editor.approveButton.click();
      await editor.approveButton.waitFor({ state: 'detached' });
      await eventually(() => editor.status()).toBe('Approved');
      // I11-10: the button went; focus is on what happened, not on <body>.
      expect(await hasFocus(editor.approvedBy), `focus after approving ${section.title}`).toBe(true);
      expect(await editor.approvedBy.textContent()).toMatch(
        new RegExp(`^Approved by ${escapeRegExp(`${lead.person.name} (${trustOrg})`)} on .*\\d`),
      );
    }
    mark('approvals');

    // Submitting before anyone endorsed: refused, and the error summary says who has not endorsed.
    scenario.expectConsoleErrors(/status of 409 \(Conflict\) \(http:\/\/[^)]+\/submit\)$/);
    await lead.entry.signoff.submit();
    expect((await lead.entry.signoff.unmetConditions()).sort()).toEqual(
      [`${trustOrg} has not endorsed the entry.`, `${supplierOrg} has not endorsed the entry.`].sort(),
    );
    expect(await lead.entry.signoff.endorsementRows()).toEqual({
      [trustOrg]: 'Not endorsed',
      [supplierOrg]: 'Not endorsed',
    });
    // Each message links to the organisation's row in the endorsements table.
    await lead.entry.signoff.unmetSummary
      .getByRole('link', { name: `${supplierOrg} has not endorsed the entry.`, exact: true })
      .click();
    const supplierRow = lead.entry.signoff.endorsements.getByRole('row').filter({ hasText: supplierOrg });
    expect(await hasFocus(supplierRow), 'focus on the supplier’s endorsement row').toBe(true);
    await expectNoAxeViolations(lead.browser.page, 'entry-signoff-unmet');
    mark('refused submit');

    // Each organisation endorses through its own lead; neither can endorse for the other.
    expect(await partner.entry.signoff.endorseButton(trustOrg).count()).toBe(0);
    expect(await lead.entry.signoff.endorseButton(supplierOrg).count()).toBe(0);
    await partner.entry.signoff.endorseButton(supplierOrg).click();
    await eventually(async () => (await partner.entry.signoff.endorsementRows())[supplierOrg]).toMatch(
      new RegExp(`^Endorsed By ${escapeRegExp(partner.person.name)} on .*\\d`),
    );
    await lead.entry.signoff.endorseButton(trustOrg).click();
    await eventually(() => lead.entry.signoff.endorsementRows()).toEqual({
      [trustOrg]: expect.stringMatching(new RegExp(`^Endorsed By ${escapeRegExp(lead.person.name)} on .*\\d`)),
      [supplierOrg]: expect.stringMatching(new RegExp(`^Endorsed By ${escapeRegExp(partner.person.name)} on .*\\d`)),
    });
    // I11-8: the lead's list of unmet conditions followed both endorsements; it is not stale.
    await lead.entry.signoff.currentConditions
      .getByText('Every condition for submitting is now met. You can submit the entry.')
      .waitFor({ timeout: 15_000 });
    // The supplier's page read the entry again when it endorsed: it sees the trust's approvals.
    for (const section of plan) {
      await eventually(() => partner.entry.section(section.title).status()).toBe('Approved');
    }
    mark('endorsements');

    // The lead submits: version 1. Both browsers turn read-only without a reload.
    const submittedAt = Date.now();
    const bannerAfterMs: Record<string, Promise<number>> = Object.fromEntries(
      both.map(({ browser, entry }) => [
        browser.label,
        entry.submittedBanner.region.waitFor({ timeout: 15_000 }).then(() => Date.now() - submittedAt),
      ]),
    );
    await lead.entry.signoff.submit();
    await lead.entry.signoff.submittedHeading.waitFor();
    expect(await lead.entry.signoff.submittedVersion.textContent()).toMatch(
      /^Version 1, submitted on \d+ \w+ \d{4} at .+\.$/,
    );
    expect(await lead.entry.signoff.unmetSummary.count()).toBe(0);
    for (const [label, after] of Object.entries(bannerAfterMs)) timings[`banner shown: ${label}`] = await after;
    for (const entry of entries) {
      expect(await entry.submittedBanner.summary.textContent()).toMatch(
        new RegExp(
          `^Submitted on \\d+ \\w+ \\d{4} at .+ by ${escapeRegExp(`${lead.person.name} (${trustOrg})`)} — version 1$`,
        ),
      );
      await entry.submittedBanner.region
        .getByText('This entry has been submitted, so it cannot be changed.', { exact: false })
        .waitFor();
    }
    await expectEditable(entries, false);
    for (const entry of entries) {
      expect(await entry.signoff.submitButton.count()).toBe(0);
      expect(await entry.items.addTestimonialButton.count()).toBe(0);
      expect(await entry.items.addEvidenceButton.count()).toBe(0);
      for (const section of plan) expect(await entry.section(section.title).toolbar.count()).toBe(0);
    }
    // Typing into a submitted section changes nothing.
    await partner.entry.section(CONTEXT).textbox.click();
    await partner.browser.page.keyboard.type('typed after submission');
    expect(await partner.entry.section(CONTEXT).text()).toBe(expectedText(plan[0]!));
    await scenario.artifacts.screenshot(partner.browser.page, 'supplier-submitted');
    await expectNoAxeViolations(lead.browser.page, 'entry-submitted');
    mark('submit');

    // The exports, downloaded through the page's links and opened.
    const history = lead.entry.history;
    const docx = keep(await history.download(history.currentLink('criteria answers (Word)')), 'current');
    expect(docx.filename).toMatch(/\.docx$/);
    const paragraphs = (await readDocxParagraphs(docx.bytes)).map((p) => p.text);
    expect(paragraphs).toContain(title);
    for (const section of plan) {
      expect(paragraphs, `DOCX heading of ${section.title}`).toContainEqual(
        expect.stringMatching(new RegExp(`^${escapeRegExp(section.title)} — \\d+ / ${PARTNERSHIP.wordLimit} words$`)),
      );
      expect(paragraphs, `DOCX text of ${section.title}`).toEqual(
        expect.arrayContaining([asRead(section.trust), asRead(section.supplier)]),
      );
    }

    const criteria = keep(await history.download(history.currentLink('criteria answers (PDF)')), 'current');
    expect(criteria.filename).toMatch(/\.pdf$/);
    const criteriaPdf = await readPdfText(criteria.bytes);
    expect(criteriaPdf.pages).toBeGreaterThan(0);
    expect(criteriaPdf.flat).toContain(title);
    for (const section of plan) {
      expect(criteriaPdf.flat, `criteria PDF: ${section.title}`).toContain(section.title);
      expect(criteriaPdf.flat).toContain(asRead(section.trust));
      expect(criteriaPdf.flat).toContain(asRead(section.supplier));
    }

    const evidence = keep(await history.download(history.currentLink('supporting evidence (PDF)')), 'current');
    const evidencePdf = await readPdfText(evidence.bytes);
    for (const heading of [
      `E1: Testimonial — ${patient.name}`,
      `E2: Testimonial — ${staff.name}`,
      `E3: ${metric.title}`,
      `E4: ${saving.title}`,
      `E5: ${workshops.title}`,
      `E6: ${review.title}`,
      patient.quote,
      staff.quote,
    ]) {
      expect(evidencePdf.flat, 'evidence PDF').toContain(heading);
    }

    const registerPdf = await readPdfText(
      keep(await history.download(history.currentLink('contributor register (PDF)')), 'current').bytes,
    );
    const registerCsv = keep(
      await history.download(history.currentLink('contributor register (CSV)')),
      'current',
    ).bytes.toString('utf8');
    for (const person of [lead.person, partner.person]) {
      expect(registerPdf.flat).toContain(person.name);
      expect(registerPdf.flat).toContain(person.organisationName);
      expect(registerCsv).toContain(person.name);
      expect(registerCsv).toContain(person.organisationName);
    }
    mark('exports');

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
    await expectNoAxeViolations(partner.browser.page, 'judge-view');
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
    const version1 = keep(
      await lead.entry.history.download(lead.entry.history.versionLink('Criteria answers (PDF)', 1)),
      'version-1',
    );
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
