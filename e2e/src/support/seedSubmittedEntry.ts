import {
  addItem,
  CITATION_ITEM_ID_ATTRIBUTE,
  CITATION_NODE,
  CONSENT_USE_LABELS,
  EVIDENCE_KIND_LABELS,
  EVIDENCE_MAP,
  type EvidenceFields,
  emptyEvidence,
  emptyTestimonial,
  sectionFragmentName,
  TESTIMONIAL_KIND_LABELS,
  TESTIMONIALS_MAP,
  type TestimonialFields,
} from '@jointly/shared';
import * as Y from 'yjs';
import type { EvidenceInput, TestimonialInput } from '../pages/ItemsPanel.ts';
import { approveSectionThroughApi, endorseThroughApi, getEntryThroughApi, submitThroughApi } from './api.ts';
import { exchangeOnRawSocket } from './exchangeOnRawSocket.ts';
import type { SharedEntry } from './openSharedEntry.ts';
import type { Exhibit, Paragraph, SignoffContent } from './signoffContent.ts';
import { docFromSyncStep2, updateMessage } from './yjsMessages.ts';

/** The organisation that writes something: the trust (the lead's) or the supplier (the partner's). */
type Writer = Exhibit['by'];

/**
 * Takes a shared entry (its partner a lead of the other organisation) to
 * "submitted" without the pages, for scenarios that start after submission:
 * the content's items, in order (so E1 … E6), and its paragraphs are written
 * on raw collab sockets from the page of the organisation that writes them in
 * scenario 10, as y-sync updates of the document layout the editor writes
 * (the supplier's paragraph after the trust's); then every section is approved,
 * both organisations endorse and the lead submits, through the HTTP API.
 * Scenario 10 does all of this through the pages.
 */
export async function seedSubmittedEntry(shared: SharedEntry, content: SignoffContent): Promise<void> {
  await seedReadyToSubmit(shared, content);
  await submitThroughApi(shared.lead.browser.context, shared.entryId);
}

/** As seedSubmittedEntry, all but the submission: the lead may submit it next. */
export async function seedReadyToSubmit(shared: SharedEntry, content: SignoffContent): Promise<void> {
  const { entryId, lead, partner } = shared;
  const { sections } = await getEntryThroughApi(lead.browser.context, entryId);
  const sectionId = (title: string) => {
    const section = sections.find((s) => s.title === title);
    if (!section) throw new Error(`The entry has no section "${title}"`);
    return section.id;
  };
  const sectionIds = (titles: string[] = []) => titles.map(sectionId);

  // Each organisation writes what it writes in scenario 10 from its own copy of the document (its own
  // Yjs client), one update a step, stored in order: the server numbers items in the order it stores
  // them, and counts an organisation as heard from when it added a testimonial.
  const docs = { trust: new Y.Doc(), supplier: new Y.Doc() };
  const writes: { by: Writer; message: number[] }[] = [];
  const step = (by: Writer, change: (doc: Y.Doc) => void) => {
    const doc = docs[by];
    const before = Y.encodeStateVector(doc);
    doc.transact(() => change(doc));
    const update = Y.encodeStateAsUpdate(doc, before);
    Y.applyUpdate(docs[by === 'trust' ? 'supplier' : 'trust'], update);
    writes.push({ by, message: updateMessage(update) });
  };
  const itemIds: Record<string, string> = {};
  for (const exhibit of content.exhibits) {
    step(exhibit.by, (doc) => {
      itemIds[exhibit.label] =
        'testimonial' in exhibit
          ? addItem(doc.getMap(TESTIMONIALS_MAP), testimonialFields(exhibit.testimonial, sectionIds))
          : addItem(doc.getMap(EVIDENCE_MAP), evidenceFields(exhibit.evidence, sectionIds));
    });
  }
  for (const by of ['trust', 'supplier'] as const) {
    step(by, (doc) => {
      for (const section of content.plan) {
        const fragment = doc.getXmlFragment(sectionFragmentName(sectionId(section.title)));
        fragment.insert(fragment.length, [paragraph(section[by], itemIds)]);
      }
    });
  }

  let stored: Y.Doc | null = null;
  for (const { by, message } of writes) {
    const exchange = await exchangeOnRawSocket((by === 'trust' ? lead : partner).browser.page, entryId, [message]);
    if (!exchange.lastAnswer) throw new Error(`The ${by}'s write was not stored (close code ${exchange.closeCode})`);
    stored = docFromSyncStep2(exchange.lastAnswer);
  }
  const storedItems = [
    ...(stored?.getMap(TESTIMONIALS_MAP).keys() ?? []),
    ...(stored?.getMap(EVIDENCE_MAP).keys() ?? []),
  ];
  const missing = Object.values(itemIds).filter((id) => !storedItems.includes(id));
  if (missing.length > 0) throw new Error(`Items not stored: ${missing.join(', ')}`);

  for (const { id } of sections) await approveSectionThroughApi(lead.browser.context, entryId, id);
  await endorseThroughApi(lead.browser.context, entryId);
  await endorseThroughApi(partner.browser.context, entryId);
}

/** The stored value a page shows as `label`, e.g. "NHS staff" → "nhs_staff". */
function valueLabelled<V extends string>(labels: Record<V, string>, label: string): V {
  const value = (Object.keys(labels) as V[]).find((key) => labels[key] === label);
  if (!value) throw new Error(`Nothing is labelled "${label}"`);
  return value;
}

/** The fields the testimonial form stores for `input`. */
function testimonialFields(input: TestimonialInput, sectionIds: (titles?: string[]) => string[]): TestimonialFields {
  const { consent } = input;
  return {
    ...emptyTestimonial(),
    quote: input.quote,
    kind: valueLabelled(TESTIMONIAL_KIND_LABELS, input.kind),
    personName: input.name ?? '',
    personRole: input.role ?? '',
    personOrganisation: input.organisation ?? '',
    date: input.date ?? '',
    anonymise: input.anonymise ?? false,
    sectionIds: sectionIds(input.sections),
    consent: consent
      ? {
          obtained: consent.given,
          date: consent.date ?? '',
          howRecorded: consent.howRecorded ?? '',
          uses: (consent.covers ?? []).map((label) => valueLabelled(CONSENT_USE_LABELS, label)),
        }
      : null,
  };
}

/** The fields the evidence form stores for `input` (the form's other fields are named as stored). */
function evidenceFields(input: EvidenceInput, sectionIds: (titles?: string[]) => string[]): EvidenceFields {
  const { kind, sections, ...asStored } = input;
  return {
    ...emptyEvidence(),
    ...asStored,
    kind: valueLabelled(EVIDENCE_KIND_LABELS, kind),
    sectionIds: sectionIds(sections),
  };
}

/** A paragraph as the editor stores it: its text, then the citation node of the item it cites. */
function paragraph({ text, cite }: Paragraph, itemIds: Record<string, string>): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  const children: (Y.XmlText | Y.XmlElement)[] = [new Y.XmlText(text)];
  if (cite) {
    const citation = new Y.XmlElement(CITATION_NODE);
    const itemId = itemIds[cite];
    if (!itemId) throw new Error(`No item is labelled ${cite}`);
    citation.setAttribute(CITATION_ITEM_ID_ATTRIBUTE, itemId);
    children.push(citation);
  }
  element.insert(0, children);
  return element;
}
