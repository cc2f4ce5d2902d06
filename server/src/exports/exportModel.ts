import {
  buildExhibits,
  type ContributorRegisterRowDto,
  countWords,
  EVIDENCE_MAP,
  type Exhibit,
  exhibitLabelNumber,
  itemCollectionIn,
  type JudgeNumbering,
  judgeLabelOf,
  numberForJudges,
  readEvidence,
  readShortFields,
  readTestimonials,
  relabelTypedReferences,
  SECTION_PREFIX,
  type ShortFieldRule,
  sectionFragmentIn,
  sectionPlainText,
  TESTIMONIALS_MAP,
  type TextCleaners,
  type WithheldExhibit,
} from '@jointly/shared';
import * as Y from 'yjs';
import { cleanLine, cleanText } from './safeText.ts';
import { type Block, type Run, readSectionBlocks } from './sectionBlocks.ts';

/**
 * What the exports show, built from an entry's Y.Doc (the live one, or a
 * submitted version's encoded state) and the entry's metadata. The renderers
 * take the doc and metadata, never an entry id, so submitted versions render
 * the same way as the current document.
 */

export type ExportSectionMeta = { id: string; title: string; wordLimit: number };

export type ExportEntryMeta = {
  title: string;
  programme: string;
  categoryName: string;
  /** The category template's sections, in order. */
  sections: readonly ExportSectionMeta[];
  /** Item id → exhibit label ("E3"), as the server assigned them (provenance items). */
  exhibitLabels: ReadonlyMap<string, string>;
  /** The submitted version rendered, or null for the current document. */
  version?: number | null;
  /** The version the current document was submitted as, while the entry is submitted (null: a draft). */
  submittedVersion?: number | null;
  /** The partner organisations' names, lead first (every page's footer names them). */
  organisations: readonly string[];
  /** A lead marked the entry not for publication: every footer says NOT FOR PUBLICATION (issue 17 item 5). */
  notForPublication?: boolean;
  /** The award's short fields the category declares, in order (issue 17 item 1). */
  shortFields?: readonly Pick<ShortFieldRule, 'id' | 'label' | 'charLimit' | 'required'>[];
};

export type ExportDocument = Y.Doc | Uint8Array;

export type CriteriaSection = ExportSectionMeta & { words: number; blocks: Block[] };
/** A short field as the exports show it under the title: its label and the text written (never empty). */
export type CriteriaShortField = { label: string; value: string };
export type CriteriaModel = { entry: ExportEntryMeta; shortFields: CriteriaShortField[]; sections: CriteriaSection[] };

/** Runs `read` on `source`: the doc itself, or a doc made from an encoded (V1) state and freed afterwards. */
export function withDocument<T>(source: ExportDocument, read: (doc: Y.Doc) => T): T {
  if (source instanceof Y.Doc) return read(source);
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, source);
    return read(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * The criteria answers: each template section with its word count (counted as
 * the editor and the checks count it) and its content. A citation resolves to
 * its label when the item exists in this document.
 */
export function criteriaModel(source: ExportDocument, entry: ExportEntryMeta): CriteriaModel {
  return withDocument(source, (doc) => {
    // Citations read as the exhibits are numbered in the evidence document (I11-16), not by the app's labels.
    const { numbering } = judgeExhibitsIn(doc, entry);
    const lookup = (itemId: string) => judgeLabelOf(numbering, entry.exhibitLabels.get(itemId) ?? null);
    const sections = entry.sections.map((section) => {
      const fragment = sectionFragmentIn(doc, section.id);
      return {
        ...section,
        words: fragment ? countWords(sectionPlainText(fragment)) : 0,
        blocks: fragment ? relabelTyped(readSectionBlocks(fragment, lookup), numbering) : [],
      };
    });
    // Issue 17 item 1: the fields written so far, each on one line as the export can print it.
    const shortFields = readShortFields(doc, entry.shortFields ?? [])
      .map(({ field, value }) => ({ label: cleanLine(field.label), value: cleanLine(value).trim() }))
      .filter((field) => field.value !== '');
    return { entry, shortFields, sections };
  });
}

/** References typed as text ("see E8") read with the judges' numbers too; one to no exhibit stays as written. */
function relabelTyped(blocks: Block[], numbering: JudgeNumbering): Block[] {
  const relabel = (label: string) => judgeLabelOf(numbering, label);
  const runs = (list: Run[]): Run[] =>
    list.map((run) => (run.kind === 'text' ? { ...run, text: relabelTypedReferences(run.text, relabel) } : run));
  return blocks.map((block): Block => {
    switch (block.type) {
      case 'heading':
      case 'paragraph':
        return { ...block, runs: runs(block.runs) };
      case 'list':
        return { ...block, items: block.items.map((item) => relabelTyped(item, numbering)) };
      case 'quote':
        return { ...block, blocks: relabelTyped(block.blocks, numbering) };
      default: {
        const never: never = block;
        return never;
      }
    }
  });
}

/** Section ids the document has text for that the template does not list (not exported; reported to callers). */
export function extraSectionIds(doc: Y.Doc, entry: ExportEntryMeta): string[] {
  const known = new Set(entry.sections.map((s) => s.id));
  return [...doc.share.keys()]
    .filter((name) => name.startsWith(SECTION_PREFIX))
    .map((name) => name.slice(SECTION_PREFIX.length))
    .filter((id) => !known.has(id));
}

// ---------------------------------------------------------------------------
// Supporting evidence
// ---------------------------------------------------------------------------

export type EvidenceModel = {
  entry: ExportEntryMeta;
  /** Labelled with the judges' numbers (judgeNumbering), as every citation in the exports reads. */
  exhibits: Exhibit[];
  withheld: WithheldExhibit[];
  /** The app's label → the judges' label. */
  numbering: JudgeNumbering;
};

/** What the export does to free text: drop what a PDF or DOCX cannot hold (safeText.ts). */
const EXPORT_TEXT: TextCleaners = { text: cleanText, line: cleanLine };

/**
 * The supporting-evidence document: the exhibits exactly as the judge view
 * shows them (buildExhibits in @jointly/shared), with the export's text cleaning.
 */
export function evidenceModel(source: ExportDocument, entry: ExportEntryMeta): EvidenceModel {
  return withDocument(source, (doc) => ({ entry, ...judgeExhibitsIn(doc, entry) }));
}

/** The document's exhibits as buildExhibits orders them, numbered for the judges (one numbering for every export). */
function judgeExhibitsIn(doc: Y.Doc, entry: ExportEntryMeta) {
  const testimonialMap = itemCollectionIn(doc, TESTIMONIALS_MAP);
  const evidenceMap = itemCollectionIn(doc, EVIDENCE_MAP);
  const testimonials = testimonialMap ? readTestimonials(testimonialMap) : [];
  const evidence = evidenceMap ? readEvidence(evidenceMap) : [];
  const labelOf = (id: string) => entry.exhibitLabels.get(id) ?? null;
  return numberForJudges(buildExhibits(testimonials, evidence, labelOf, EXPORT_TEXT));
}

/** The judges' numbering of the exhibits in `source` (for outputs that cite exhibits without listing them). */
export function judgeNumberingOf(source: ExportDocument, entry: ExportEntryMeta): JudgeNumbering {
  return withDocument(source, (doc) => judgeExhibitsIn(doc, entry).numbering);
}

// ---------------------------------------------------------------------------
// Contributor register
// ---------------------------------------------------------------------------

export type RegisterRow = {
  person: string;
  organisation: string;
  /** Section titles (template order), then any other section ids. */
  sections: string[];
  /** Exhibit labels (label order) of the items this person created or changed. */
  items: string[];
  /** Names of the files this person uploaded, oldest first (issue 13). */
  files: string[];
  edits: number;
  firstAt: string;
  lastAt: string;
};

export type RegisterModel = { entry: ExportEntryMeta; rows: RegisterRow[] };

/**
 * The contributor register from provenance (ProvenanceDto.register), with
 * titles for section ids and the judges' exhibit numbers for item ids (an
 * item the exported document no longer has is not listed: judges have no
 * exhibit by that number).
 */
export function registerModel(
  entry: ExportEntryMeta,
  register: readonly ContributorRegisterRowDto[],
  numbering: JudgeNumbering,
): RegisterModel {
  const sectionOrder = new Map(entry.sections.map((s, index) => [s.id, index]));
  const sectionTitle = new Map(entry.sections.map((s) => [s.id, s.title]));
  const rows = register.map((row) => {
    const sections = [...row.sections]
      .sort((a, b) => (sectionOrder.get(a) ?? Infinity) - (sectionOrder.get(b) ?? Infinity) || a.localeCompare(b))
      .map((id) => cleanLine(sectionTitle.get(id) ?? id));
    const labels = [...new Set(row.items.map((id) => judgeLabelOf(numbering, entry.exhibitLabels.get(id) ?? null)))];
    const items = labels
      .filter((label): label is string => label !== null)
      .sort((a, b) => exhibitLabelNumber(a) - exhibitLabelNumber(b));
    return {
      person: cleanLine(row.actor.name),
      organisation: cleanLine(row.actor.organisation.name),
      sections,
      items,
      files: row.files.map((file) => cleanLine(file.name)),
      edits: row.edits,
      firstAt: row.firstAt,
      lastAt: row.lastAt,
    };
  });
  return { entry, rows };
}
