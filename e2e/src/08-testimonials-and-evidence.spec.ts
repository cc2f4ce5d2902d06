import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { EntryPage } from './pages/EntryPage.ts';
import type { EvidenceInput, TestimonialInput } from './pages/ItemsPanel.ts';
import { axeViolations, describeViolations } from './support/axe.ts';
import { openSharedEntry, type Participant } from './support/openSharedEntry.ts';
import { BENEFITS, VALUE } from './support/partnershipCategory.ts';
import { type Person, uniqueTag } from './support/people.ts';
import { daysAgo } from './support/recentDates.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('08-testimonials-and-evidence');

/** Every check of the Partnership template: 1 for the entry, 1 + 2 + 1 + 2 + 3 for its five sections. */
const TOTAL_CHECKS = 10;

/** What the Partnership template's rules say (packages/templates/categories/hsj-partnership-long-term-partnership.json). */
const RULE = {
  baselineMet: 'Met: At least one measure showing where things started (baseline) and where they ended up (outcome).',
  baselineMissing: 'Missing: evidence linked to this section with both a baseline and a result',
  benefitsCitesMet: 'Met: Back up the claimed benefits by citing an exhibit, e.g. "see E2".',
  benefitsCitesMissing: 'Missing: a citation of an exhibit in this section’s text',
  testimonialsMet: 'Met: Testimonials from both NHS staff and patients about how effective the partnership has been.',
  testimonialsMissingBoth: 'Missing: testimonials from NHS staff and a patient linked to this section',
  testimonialsMissingStaff: 'Missing: a testimonial from NHS staff linked to this section',
  valueFiguresMet: 'Met: At least one financial figure or measured non-financial improvement.',
  valueFiguresMissing: 'Missing: financial or metric evidence linked to this section',
  everyVoiceMet:
    'Met: Every organisation on the entry (the partner and each NHS organisation) is heard from in at least one testimonial.',
} as const;

const MISSING_CITATION = 'Warning: this cites an exhibit that does not exist, see [missing exhibit]';

/** Runs axe-core (WCAG 2.0–2.2 A and AA) on the page as it is now, with a screenshot of what was checked. */
async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  await scenario.artifacts.screenshot(page, `axe-${name}`);
  if (violations.length > 0) scenario.artifacts.note(`axe-${name}.json`, violations);
  expect(describeViolations(violations), `axe-core on ${name}`).toBe('');
}

/** expect.poll with room for the provenance refetch (debounced 500 ms) and the other browser's sync. */
function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 10_000 });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A history line as the card shows it: "Added by Name (Organisation), <when>". */
function historyLine(verb: 'Added by' | 'Changed by', person: Person): RegExp {
  return new RegExp(`^${verb} ${escapeRegExp(`${person.name} (${person.organisationName})`)}, .*\\d`);
}

/** Waits until a section's checks, in every given browser, include each of `lines`. */
async function expectChecks(entries: EntryPage[], section: string, lines: string[]): Promise<void> {
  for (const entry of entries) {
    await eventually(() => entry.section(section).checkLines()).toEqual(expect.arrayContaining(lines));
  }
}

async function expectChecksMet(entries: EntryPage[], met: number): Promise<void> {
  for (const entry of entries) {
    await eventually(() => entry.coverageStatus.textContent()).toBe(`${met} of ${TOTAL_CHECKS} checks met.`);
  }
}

/** Waits for a card, by its full heading ("E2: …"), in every given browser. */
async function expectCard(participants: Participant[], heading: string): Promise<void> {
  for (const { entry } of participants) await entry.items.card(heading).heading.waitFor({ timeout: 10_000 });
}

function patientTestimonial(tag: string, sections: string[]): TestimonialInput & { name: string } {
  return {
    quote: `The new clinic meant I was scanned in a week instead of waiting three months ${tag}.`,
    kind: 'Patient',
    name: `Ann Jones ${tag}`,
    role: 'Patient at the community diagnostic centre',
    date: daysAgo(300),
    sections,
    consent: {
      given: true,
      date: daysAgo(298),
      howRecorded: 'Signed form held by the patient experience team',
      covers: ['Judging the award', 'Publication'],
    },
  };
}

function readmissionsMetric(tag: string, sections: string[]): EvidenceInput {
  return {
    title: `Emergency readmissions within 30 days ${tag}`,
    kind: 'Metric',
    baseline: '14.2% (2019/20)',
    result: '9.1% (2024/25)',
    period: 'April 2019 to March 2025',
    date: daysAgo(520),
    source: 'Trust integrated performance report',
    sections,
  };
}

describe('Scenario 8: testimonials and evidence, with provenance the server vouches for', () => {
  test('each organisation adds an item; both see its label and who added it, and the checks that need it turn Met', async () => {
    const { lead, partner } = await openSharedEntry(scenario);
    const both = [lead, partner];
    const entries = both.map((p) => p.entry);
    const tag = uniqueTag();

    // Before any item: nothing to show, and every check is missing.
    for (const entry of entries) {
      await entry.items.testimonialsHeading.waitFor();
      await entry.items.evidenceHeading.waitFor();
      await entry.items.region.getByText('No testimonials yet.').waitFor();
    }
    await expectChecksMet(entries, 0);
    await expectChecks(entries, BENEFITS, [RULE.baselineMissing]);
    await expectChecks(entries, VALUE, [RULE.testimonialsMissingBoth, RULE.valueFiguresMissing]);

    // The trust adds a patient's testimonial with recorded consent, for the value section.
    // (axe on the form, filled in, before it is submitted.)
    const patient = patientTestimonial(tag, [VALUE]);
    await lead.entry.items.addTestimonialButton.click();
    await lead.entry.items.testimonialForm.fill(patient);
    await expectNoAxeViolations(lead.browser.page, 'testimonial-form');
    await lead.entry.items.testimonialForm.addButton.click();
    await lead.entry.items.testimonialForm.form.waitFor({ state: 'detached' });

    const e1 = `E1: ${patient.name}`;
    await expectCard(both, e1);
    for (const { entry } of both) {
      await eventually(() => entry.items.card(e1).historyLines('testimonial')).toEqual([
        expect.stringMatching(historyLine('Added by', lead.person)),
      ]);
    }
    // Consent is complete, so the only flag is that no section cites it yet.
    const e1Text = await partner.entry.items.card(e1).text();
    expect(e1Text).toContain('Not cited in any section’s text');
    expect(e1Text).not.toContain('Consent has not been recorded as obtained');
    await expectChecks(entries, VALUE, [RULE.testimonialsMissingStaff]);
    expect(await partner.entry.entryChecks()).toEqual([
      `Missing: a testimonial from (or added by) ${partner.person.organisationName}`,
    ]);
    await expectChecksMet(entries, 0);

    // The supplier adds a metric with a baseline and a result, for the benefits and value sections.
    const metric = readmissionsMetric(tag, [BENEFITS, VALUE]);
    await partner.entry.items.addEvidenceButton.click();
    await partner.entry.items.evidenceForm.fill(metric);
    await expectNoAxeViolations(partner.browser.page, 'evidence-form');
    await partner.entry.items.evidenceForm.addButton.click();
    await partner.entry.items.evidenceForm.form.waitFor({ state: 'detached' });

    const e2 = `E2: ${metric.title}`;
    await expectCard(both, e2);
    for (const { entry } of both) {
      await eventually(() => entry.items.card(e2).historyLines('evidence')).toEqual([
        expect.stringMatching(historyLine('Added by', partner.person)),
      ]);
      // The trust's testimonial still says the trust added it.
      expect(await entry.items.card(e1).historyLines('testimonial')).toEqual([
        expect.stringMatching(historyLine('Added by', lead.person)),
      ]);
    }
    expect(await lead.entry.items.card(e2).text()).toContain(
      `Metric. Baseline: ${metric.baseline}. Result: ${metric.result}. Period: ${metric.period}. Source: ${metric.source}`,
    );
    await expectChecks(entries, BENEFITS, [RULE.baselineMet]);
    await expectChecks(entries, VALUE, [RULE.valueFiguresMet, RULE.testimonialsMissingStaff]);
    await expectChecksMet(entries, 2);

    // The supplier adds what an NHS consultant said (named, consent not yet recorded).
    const staff: TestimonialInput = {
      quote: `The shared reporting hub halved our waiting list within a year ${tag}.`,
      kind: 'NHS staff',
      name: `Dr Lena Ortiz ${tag}`,
      role: 'Consultant radiologist',
      organisation: lead.person.organisationName,
      sections: [VALUE],
    };
    await partner.entry.items.addTestimonial(staff);
    const e3 = `E3: ${staff.name}`;
    await expectCard(both, e3);
    await expectChecks(entries, VALUE, [RULE.testimonialsMet, RULE.valueFiguresMet]);
    for (const entry of entries) {
      await eventually(() => entry.entryChecks()).toEqual([RULE.everyVoiceMet]);
    }
    await expectChecksMet(entries, 4);
    // Named without consent: flagged, and an editor may anonymise it.
    await eventually(() => lead.entry.items.card(e3).text()).toContain('Consent has not been recorded as obtained');
    await lead.entry.items.card(e3).anonymiseButton.waitFor();
    expect(await lead.entry.items.itemHeadings()).toEqual([e1, e3, e2]);
    await expectNoAxeViolations(lead.browser.page, 'panel-with-items');

    // The trust anonymises it: the card is named by the quote now, and its history says who changed it.
    await lead.entry.items.card(e3).anonymiseButton.click();
    const e3Anonymised = 'E3: “The shared reporting hub halved our…”';
    await expectCard(both, e3Anonymised);
    for (const { entry } of both) {
      await eventually(() => entry.items.card(e3Anonymised).historyLines('testimonial')).toEqual([
        expect.stringMatching(historyLine('Added by', partner.person)),
        expect.stringMatching(historyLine('Changed by', lead.person)),
      ]);
      // Editors still see who said it, tagged: the name is hidden from the judges, not from the team.
      expect(await entry.items.card(e3Anonymised).text()).toContain(`${staff.name}, Consultant radiologist`);
      await entry.items.card(e3Anonymised).root.getByText('Anonymised', { exact: true }).waitFor();
      expect(await entry.items.card(e3Anonymised).anonymiseButton.count()).toBe(0);
    }
    await expectChecksMet(entries, 4);

    // The contributor register: both people, their organisations and the items they worked on.
    for (const entry of entries) {
      await eventually(() => entry.registerRows()).toEqual([
        expect.objectContaining({
          Person: lead.person.name,
          Organisation: lead.person.organisationName,
          Sections: 'None',
          Items: 'E1, E3',
        }),
        expect.objectContaining({
          Person: partner.person.name,
          Organisation: partner.person.organisationName,
          Sections: 'None',
          Items: 'E2, E3',
        }),
      ]);
    }
    await scenario.artifacts.screenshot(lead.browser.page, 'trust-items');
    await scenario.artifacts.screenshot(partner.browser.page, 'supplier-items');
  });

  test('a citation reads the exhibit label, and is flagged in both browsers when the item is removed', async () => {
    const { lead, partner } = await openSharedEntry(scenario);
    const both = [lead, partner];
    const entries = both.map((p) => p.entry);
    const tag = uniqueTag();

    const patient = patientTestimonial(tag, [VALUE]);
    await lead.entry.items.addTestimonial(patient);
    await expectCard(both, `E1: ${patient.name}`);
    const metric = readmissionsMetric(tag, [BENEFITS]);
    await partner.entry.items.addEvidence(metric);
    const e2 = `E2: ${metric.title}`;
    await expectCard(both, e2);
    await expectChecks(entries, BENEFITS, [RULE.baselineMet, RULE.benefitsCitesMissing]);
    await expectChecksMet(entries, 1);

    // The trust writes in the benefits section and cites the supplier's metric by its label.
    const benefits = lead.entry.section(BENEFITS);
    const sentence = `Readmissions fell by a third ${tag} `;
    await benefits.typeAtEnd(sentence);
    await benefits.citeButton.click();
    await benefits.exhibitToCite.waitFor();
    expect(await benefits.exhibitToCite.getByRole('option').allTextContents()).toEqual([`E1: ${patient.name}`, e2]);
    await expectNoAxeViolations(lead.browser.page, 'cite-form');
    await benefits.exhibitToCite.selectOption({ label: e2 });
    await benefits.insertCitationButton.click();
    await benefits.exhibitToCite.waitFor({ state: 'detached' });

    for (const entry of entries) {
      await eventually(() => entry.section(BENEFITS).text()).toBe(`${sentence}see E2`);
      await entry.section(BENEFITS).textbox.getByText('see E2', { exact: true }).waitFor();
    }
    await expectChecks(entries, BENEFITS, [RULE.baselineMet, RULE.benefitsCitesMet]);
    await expectChecksMet(entries, 2);
    // The metric is cited now; the testimonial is not.
    await eventually(() => partner.entry.items.card(e2).text()).not.toContain('Not cited in any section’s text');
    // Who wrote the section, as the server counts it.
    for (const entry of entries) {
      await eventually(() => entry.section(BENEFITS).contributorLines()).toEqual([
        `${lead.person.name} (${lead.person.organisationName}): 100% of the text`,
      ]);
    }

    // The supplier removes the metric: the citation in the trust's text is flagged in both browsers.
    await partner.entry.items.card(e2).removeButton('evidence').click();
    for (const entry of entries) {
      await entry.items.card(e2).heading.waitFor({ state: 'detached' });
      await eventually(() => entry.section(BENEFITS).text()).toBe(`${sentence}see [missing exhibit]`);
      await entry.section(BENEFITS).textbox.getByText(MISSING_CITATION, { exact: true }).waitFor();
      await entry.coverage
        .getByRole('listitem')
        .filter({ hasText: `${BENEFITS}: cites an exhibit that was removed` })
        .waitFor();
    }
    await expectChecks(entries, BENEFITS, [RULE.baselineMissing, RULE.benefitsCitesMissing]);
    await expectChecksMet(entries, 0);
    // The register still knows who added the removed item.
    await eventually(() => lead.entry.registerRows()).toEqual([
      expect.objectContaining({
        Person: lead.person.name,
        Organisation: lead.person.organisationName,
        Sections: BENEFITS,
        Items: 'E1',
      }),
      expect.objectContaining({
        Person: partner.person.name,
        Organisation: partner.person.organisationName,
        Sections: 'None',
        Items: 'E2',
      }),
    ]);
    await scenario.artifacts.screenshot(lead.browser.page, 'trust-missing-citation');
    await scenario.artifacts.screenshot(partner.browser.page, 'supplier-missing-citation');
    await expectNoAxeViolations(partner.browser.page, 'missing-citation');
  });
});
