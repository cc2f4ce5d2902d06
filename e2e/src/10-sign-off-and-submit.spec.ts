import { describe, expect, test } from 'vitest';
import type { DownloadedFile } from './pages/SignoffPanel.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { readDocxParagraphs, readPdfText } from './support/exportReadBack.ts';
import { hasFocus } from './support/keyboard.ts';
import { openSharedEntry, type Participant } from './support/openSharedEntry.ts';
import { CONTEXT, PARTNERSHIP } from './support/partnershipCategory.ts';
import { uniqueTag } from './support/people.ts';
import { escapeRegExp, eventually, expectEditable, stepTimings } from './support/signoffChecks.ts';
import { asRead, expectedText, signoffContent } from './support/signoffContent.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('10-sign-off-and-submit');

/** Every check of the Partnership template: 1 for the entry, 1 + 2 + 1 + 2 + 3 for its five sections. */
const TOTAL_CHECKS = 10;

/** Waits for a card, by its full heading ("E2: …"), in every given browser. */
async function expectCard(participants: Participant[], heading: string): Promise<void> {
  for (const { entry } of participants) await entry.items.card(heading).heading.waitFor({ timeout: 10_000 });
}

function keep(file: DownloadedFile, prefix: string): DownloadedFile {
  scenario.artifacts.save(`${prefix}-${file.filename}`, file.bytes);
  return file;
}

describe('Scenario 10: approve, endorse, submit and export (PRODUCT §3 journeys 5–7; SIGNOFF.md)', () => {
  test('two organisations complete the entry, both endorse, the lead submits; exports open', async () => {
    const { timings, mark } = stepTimings(scenario.artifacts);

    // A trust lead and a supplier, invited as a lead too, so each organisation can endorse.
    const { lead, partner, title } = await openSharedEntry(scenario, { partnerRole: 'lead' });
    const both = [lead, partner];
    const entries = both.map((p) => p.entry);
    const trustOrg = lead.person.organisationName;
    const supplierOrg = partner.person.organisationName;
    const { patient, staff, metric, saving, workshops, review, exhibits, plan } = signoffContent(uniqueTag(), trustOrg);
    mark('set-up');

    // Items the template's rules need, each organisation adding some (E1 … E6 in the order added).
    for (const exhibit of exhibits) {
      const { items } = exhibit.by === 'trust' ? lead.entry : partner.entry;
      if ('testimonial' in exhibit) await items.addTestimonial(exhibit.testimonial);
      else await items.addEvidence(exhibit.evidence);
      await expectCard(both, exhibit.heading);
    }
    mark('items');

    /** The "Exhibit to cite" option of each label. */
    const citeOption: Record<string, string> = Object.fromEntries(exhibits.map((e) => [e.label, e.heading]));

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

    // The trust lead approves each section. Issue 14: the supplier's page hears of it on the
    // socket (C-EVENT-2) and shows it approved within a second, with no reload and no poll.
    const seenByPartnerMs: Record<string, number> = {};
    for (const section of plan) {
      const editor = lead.entry.section(section.title);
      expect(await editor.status(), section.title).toBe('In progress');
      const clickedAt = Date.now();
      const seenByPartner = expect
        .poll(() => partner.entry.section(section.title).status(), { timeout: 5_000, interval: 20 })
        .toBe('Approved')
        .then(() => Date.now() - clickedAt);
      await editor.approveButton.click();
      await editor.approveButton.waitFor({ state: 'detached' });
      await eventually(() => editor.status()).toBe('Approved');
      // I11-10: the button went; focus is on what happened, not on <body>.
      expect(await hasFocus(editor.approvedBy), `focus after approving ${section.title}`).toBe(true);
      expect(await editor.approvedBy.textContent()).toMatch(
        new RegExp(`^Approved by ${escapeRegExp(`${lead.person.name} (${trustOrg})`)} on .*\\d`),
      );
      seenByPartnerMs[section.title] = await seenByPartner;
    }
    scenario.artifacts.save(
      'approval-seen-by-partner-ms.json',
      new TextEncoder().encode(JSON.stringify(seenByPartnerMs, null, 2)),
    );
    for (const [title, ms] of Object.entries(seenByPartnerMs))
      expect(ms, `${title} approved on the other page`).toBeLessThan(1000);
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
    await expectNoAxeViolations(scenario.artifacts, lead.browser.page, 'entry-signoff-unmet');
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
    await expectNoAxeViolations(scenario.artifacts, lead.browser.page, 'entry-submitted');
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
  });
});
