import type { Locator, Page } from 'playwright-core';

/** The radio labels of "Who is it from?" (TESTIMONIAL_KIND_LABELS). */
export type TestimonialKindLabel =
  | 'Patient'
  | 'Service user'
  | 'Carer'
  | 'NHS staff'
  | 'Partner staff'
  | 'Leader'
  | 'Other';

/** The radio labels of "What kind of evidence is it?" (EVIDENCE_KIND_LABELS). */
export type EvidenceKindLabel = 'Metric' | 'Financial' | 'Qualitative' | 'Document' | 'Other';

/** The boxes of "What the consent covers" (CONSENT_USE_LABELS). */
export type ConsentUseLabel = 'Judging the award' | 'Publication';

export type TestimonialInput = {
  quote: string;
  kind: TestimonialKindLabel;
  name?: string;
  role?: string;
  organisation?: string;
  /** YYYY-MM-DD */
  date?: string;
  /** Titles of the sections it supports. */
  sections?: string[];
  /** Left out: the consent fieldset is not touched. */
  consent?: { given: boolean; date?: string; howRecorded?: string; covers?: ConsentUseLabel[] };
  anonymise?: boolean;
};

export type EvidenceInput = {
  title: string;
  kind: EvidenceKindLabel;
  baseline?: string;
  result?: string;
  period?: string;
  /** YYYY-MM-DD */
  date?: string;
  source?: string;
  sections?: string[];
};

type Collection = 'testimonial' | 'evidence';

/**
 * The "Testimonials and evidence" sidebar region of an entry: its lists
 * (h3 "Testimonials", "Evidence"), each item's card (h4 "E2: Ann Jones"), the
 * add buttons and the add / change forms.
 */
export class ItemsPanel {
  readonly region: Locator;
  readonly testimonialsHeading: Locator;
  readonly evidenceHeading: Locator;
  /** Shown only while no form is open: the evidence form's own submit button is also named "Add evidence". */
  readonly addTestimonialButton: Locator;
  readonly addEvidenceButton: Locator;
  /** The form "Add a testimonial" (or "Change testimonial" while changing one). */
  readonly testimonialForm: TestimonialForm;
  readonly evidenceForm: EvidenceForm;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Testimonials and evidence', exact: true });
    this.testimonialsHeading = this.region.getByRole('heading', { level: 3, name: 'Testimonials', exact: true });
    this.evidenceHeading = this.region.getByRole('heading', { level: 3, name: 'Evidence', exact: true });
    this.addTestimonialButton = this.region.getByRole('button', { name: 'Add a testimonial', exact: true });
    this.addEvidenceButton = this.region.getByRole('button', { name: 'Add evidence', exact: true });
    this.testimonialForm = new TestimonialForm(this.region);
    this.evidenceForm = new EvidenceForm(this.region);
  }

  /** Every card's heading, in the order shown: "E1: Ann Jones", "Label pending: …". */
  async itemHeadings(): Promise<string[]> {
    return (await this.region.getByRole('heading', { level: 4 }).allTextContents()).map((text) => text.trim());
  }

  /** The card (list item) whose h4 is exactly `heading`, e.g. "E2: Readmissions". */
  card(heading: string): ItemCard {
    return new ItemCard(this.region, heading);
  }

  /** Opens "Add a testimonial", fills it in and submits it; returns once the form has closed. */
  async addTestimonial(input: TestimonialInput): Promise<void> {
    await this.addTestimonialButton.click();
    await this.testimonialForm.fill(input);
    await this.testimonialForm.addButton.click();
    await this.testimonialForm.form.waitFor({ state: 'detached' });
  }

  async addEvidence(input: EvidenceInput): Promise<void> {
    await this.addEvidenceButton.click();
    await this.evidenceForm.fill(input);
    await this.evidenceForm.addButton.click();
    await this.evidenceForm.form.waitFor({ state: 'detached' });
  }
}

/** One item's card: heading, history ("Added by Name (Organisation), …") and its buttons. */
export class ItemCard {
  readonly root: Locator;
  readonly heading: Locator;

  constructor(
    panel: Locator,
    readonly headingText: string,
  ) {
    const heading = { level: 4, name: headingText, exact: true } as const;
    // `has` is matched inside each list item, so it starts from the page, not from the panel.
    this.root = panel.getByRole('listitem').filter({ has: panel.page().getByRole('heading', heading) });
    this.heading = this.root.getByRole('heading', heading);
  }

  /** "Name: …" of the heading without the label: what buttons and the history are named by. */
  get title(): string {
    return this.headingText.slice(this.headingText.indexOf(': ') + 2);
  }

  /** The list "History of <collection>: <title>". */
  history(collection: Collection): Locator {
    return this.root.getByRole('list', { name: `History of ${collection}: ${this.title}`, exact: true });
  }

  /** The history lines, e.g. "Added by Priya Shah (Leeds …), 22 Nov 2026, 09:30". */
  async historyLines(collection: Collection): Promise<string[]> {
    return (await this.history(collection).getByRole('listitem').allTextContents()).map((text) => text.trim());
  }

  /** What the card flags under "Needs attention" (and everything else said about it), as text. */
  async text(): Promise<string> {
    return ((await this.root.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  changeButton(collection: Collection): Locator {
    return this.root.getByRole('button', { name: `Change ${collection}: ${this.title}`, exact: true });
  }

  removeButton(collection: Collection): Locator {
    return this.root.getByRole('button', { name: `Remove ${collection}: ${this.title}`, exact: true });
  }

  get anonymiseButton(): Locator {
    return this.root.getByRole('button', { name: `Anonymise testimonial: ${this.title}`, exact: true });
  }

  /** An evidence item's "Attached files" and its attach control. */
  get files(): AttachedFiles {
    return new AttachedFiles(this.root, `evidence: ${this.title}`);
  }
}

/**
 * The files attached to an item (issue 13): the list "Attached files", one
 * row per file, and the control "Attach files to <target>" with its uploads
 * in progress and its refusals.
 */
export class AttachedFiles {
  readonly list: Locator;
  /** The fieldset around the button: also the drop zone. */
  readonly control: Locator;
  readonly attachButton: Locator;
  /** The hidden `<input type=file>` the button opens (for setInputFiles: what a picker hands the page). */
  readonly input: Locator;
  /** Refusals in words, next to the button ("Error: x.pdf was not accepted: …"). */
  readonly errors: Locator;
  readonly uploads: Locator;

  constructor(card: Locator, target: string) {
    this.list = card.getByRole('list', { name: 'Attached files', exact: true });
    const name = `Attach files to ${target}`;
    this.control = card.getByRole('group', { name, exact: true });
    this.attachButton = this.control.getByRole('button', { name, exact: true });
    // A file input has no role; it is hidden behind the button, which is how a person reaches it.
    this.input = this.control.locator('input[type=file]');
    this.errors = this.control.getByRole('alert');
    this.uploads = this.control.getByRole('list', { name: 'Uploads in progress', exact: true });
  }

  /** The progress bar of one upload: "Uploading <name>" while it is sent, "Checking <name>" while the server reads it. */
  progress(name: string): Locator {
    return this.uploads.getByRole('progressbar', { name: new RegExp(`^(Uploading|Checking) ${escapeRegExp(name)}$`) });
  }

  file(name: string): AttachedFileRow {
    return new AttachedFileRow(this.list, name);
  }

  /** The attached files' names, in the item's order. */
  async names(): Promise<string[]> {
    if ((await this.list.count()) === 0) return [];
    return (await this.list.getByRole('listitem').getByRole('strong').allTextContents()).map((text) => text.trim());
  }
}

/** One attached file: thumbnail, name, "PDF, 1.2 KB, 3 pages", "Uploaded by …", Download and the editing buttons. */
export class AttachedFileRow {
  readonly root: Locator;
  readonly download: Locator;
  readonly moveUp: Locator;
  readonly moveDown: Locator;

  constructor(
    list: Locator,
    readonly name: string,
  ) {
    this.root = list
      .getByRole('listitem')
      .filter({ has: list.page().getByRole('strong').getByText(name, { exact: true }) });
    // Each button says which file it acts on (the name is visually hidden after the verb).
    this.download = this.root.getByRole('link', { name: `Download ${name}`, exact: true });
    this.moveUp = this.root.getByRole('button', { name: `Move up ${name}`, exact: true });
    this.moveDown = this.root.getByRole('button', { name: `Move down ${name}`, exact: true });
  }

  async text(): Promise<string> {
    return ((await this.root.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  /**
   * The thumbnail's decoded width in pixels: 0 while it loads, when it failed
   * (or was replaced by the kind badge). Its alt is empty (the name is beside
   * it), so it has no role to find it by.
   */
  async thumbnailWidth(): Promise<number> {
    const image = this.root.locator('img');
    if ((await image.count()) === 0) return 0;
    return image.evaluate((element: HTMLImageElement) => (element.complete ? element.naturalWidth : 0));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Fields both forms share: a named form, "Sections it supports", Cancel. */
abstract class ItemForm {
  readonly form: Locator;
  readonly sections: Locator;
  readonly cancelButton: Locator;
  readonly errorSummary: Locator;

  constructor(panel: Locator, names: string) {
    this.form = panel.getByRole('form', { name: new RegExp(`^(${names})$`) });
    this.sections = this.form.getByRole('group', { name: 'Sections it supports', exact: true });
    this.cancelButton = this.form.getByRole('button', { name: 'Cancel', exact: true });
    this.errorSummary = this.form.getByRole('alert');
  }

  protected radio(group: string, label: string): Locator {
    return this.form.getByRole('group', { name: group, exact: true }).getByRole('radio', { name: label, exact: true });
  }

  protected textbox(label: string): Locator {
    return this.form.getByRole('textbox', { name: label, exact: true });
  }

  /** A date input (`type=date` has no textbox role in Chromium), by its label. */
  protected dateField(label: string): Locator {
    return this.form.getByLabel(label, { exact: true });
  }

  sectionBox(title: string): Locator {
    return this.sections.getByRole('checkbox', { name: title, exact: true });
  }

  protected async checkSections(titles: string[] = []): Promise<void> {
    for (const title of titles) await this.sectionBox(title).check();
  }
}

export class TestimonialForm extends ItemForm {
  readonly quote: Locator;
  readonly personName: Locator;
  readonly personRole: Locator;
  readonly personOrganisation: Locator;
  readonly date: Locator;
  readonly consent: Locator;
  readonly consentDate: Locator;
  readonly consentHow: Locator;
  readonly anonymise: Locator;
  readonly addButton: Locator;
  readonly saveButton: Locator;

  constructor(panel: Locator) {
    super(panel, 'Add a testimonial|Change testimonial');
    this.quote = this.textbox('What they said');
    this.personName = this.textbox('Their name (optional)');
    this.personRole = this.textbox('Their role (optional)');
    this.personOrganisation = this.textbox('Their organisation (optional)');
    this.date = this.dateField('When they said it (optional)');
    this.consent = this.form.getByRole('group', { name: 'Consent', exact: true });
    this.consentDate = this.consent.getByLabel('Date consent was given', { exact: true });
    this.consentHow = this.consent.getByRole('textbox', { name: 'How consent was recorded', exact: true });
    this.anonymise = this.consent.getByRole('checkbox', { name: 'Anonymise', exact: true });
    this.addButton = this.form.getByRole('button', { name: 'Add testimonial', exact: true });
    this.saveButton = this.form.getByRole('button', { name: 'Save testimonial', exact: true });
  }

  kind(label: TestimonialKindLabel): Locator {
    return this.radio('Who is it from?', label);
  }

  consentGiven(given: boolean): Locator {
    return this.consent
      .getByRole('group', { name: 'Has the person given consent?', exact: true })
      .getByRole('radio', { name: given ? 'Yes' : 'No, not yet', exact: true });
  }

  consentCovers(label: ConsentUseLabel): Locator {
    return this.consent
      .getByRole('group', { name: 'What the consent covers', exact: true })
      .getByRole('checkbox', { name: label, exact: true });
  }

  async fill(input: TestimonialInput): Promise<void> {
    await this.form.waitFor();
    await this.quote.fill(input.quote);
    await this.kind(input.kind).check();
    if (input.name !== undefined) await this.personName.fill(input.name);
    if (input.role !== undefined) await this.personRole.fill(input.role);
    if (input.organisation !== undefined) await this.personOrganisation.fill(input.organisation);
    if (input.date !== undefined) await this.date.fill(input.date);
    await this.checkSections(input.sections);
    if (input.consent) {
      await this.consentGiven(input.consent.given).check();
      if (input.consent.date !== undefined) await this.consentDate.fill(input.consent.date);
      if (input.consent.howRecorded !== undefined) await this.consentHow.fill(input.consent.howRecorded);
      for (const use of input.consent.covers ?? []) await this.consentCovers(use).check();
    }
    if (input.anonymise) await this.anonymise.check();
  }
}

export class EvidenceForm extends ItemForm {
  readonly title: Locator;
  readonly baseline: Locator;
  readonly result: Locator;
  readonly period: Locator;
  readonly date: Locator;
  readonly source: Locator;
  readonly addButton: Locator;
  readonly saveButton: Locator;

  constructor(panel: Locator) {
    super(panel, 'Add evidence|Change evidence');
    this.title = this.textbox('Title');
    this.baseline = this.textbox('Baseline (optional)');
    this.result = this.textbox('Result (optional)');
    this.period = this.textbox('Period (optional)');
    this.date = this.dateField('Date (optional)');
    this.source = this.textbox('Source (optional)');
    this.addButton = this.form.getByRole('button', { name: 'Add evidence', exact: true });
    this.saveButton = this.form.getByRole('button', { name: 'Save evidence', exact: true });
  }

  kind(label: EvidenceKindLabel): Locator {
    return this.radio('What kind of evidence is it?', label);
  }

  async fill(input: EvidenceInput): Promise<void> {
    await this.form.waitFor();
    await this.title.fill(input.title);
    await this.kind(input.kind).check();
    if (input.baseline !== undefined) await this.baseline.fill(input.baseline);
    if (input.result !== undefined) await this.result.fill(input.result);
    if (input.period !== undefined) await this.period.fill(input.period);
    if (input.date !== undefined) await this.date.fill(input.date);
    if (input.source !== undefined) await this.source.fill(input.source);
    await this.checkSections(input.sections);
  }
}
