import { sha256 } from '@oslojs/crypto/sha2';
import * as Y from 'yjs';
import { CITATION_ITEM_ID_ATTRIBUTE, CITATION_NODE } from './citations.ts';
import { readEvidence, readTestimonials } from './documentItems.ts';
import { EVIDENCE_MAP, TESTIMONIALS_MAP } from './documentLayout.ts';
import {
  contentDelta,
  itemCollectionIn,
  plainAttributes,
  sectionFragmentIn,
  shortFieldsMapIn,
  xmlChildren,
} from './documentRead.ts';

/**
 * Content hashes of an entry (PRODUCT §3 journeys 6–7): what a lead approves,
 * what an organisation endorses and what a submission records. The client
 * computes them live and the server from its own document, with the same
 * code, so "approved for this content" means the same on both sides.
 *
 * The hash is a SHA-256 (hex) of a canonical serialisation of the normalised
 * content: element names, attributes sorted by name, text with its marks
 * (sorted), adjacent runs with the same marks merged. Whitespace at the start
 * and end of a block, and empty blocks at the start and end of a section, do
 * not count: they are not content a judge reads. What no editor makes is
 * skipped (documentRead.ts), so a malformed document still hashes.
 */

/** A run of text with its marks (bold, link …), marks by name in sorted order. */
export type ContentText = { t: string; m?: Record<string, unknown> };
/** An element (paragraph, heading, list, citation …) with its sorted attributes and children. */
export type ContentElement = { n: string; a?: Record<string, unknown>; c: ContentNode[] };
export type ContentNode = ContentText | ContentElement;

/** A section's normalised content: the blocks of its fragment. */
export type SectionContent = ContentNode[];

const isText = (node: ContentNode): node is ContentText => 't' in node;

/** A JSON value with object keys sorted at every level (undefined values dropped), for stable bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Uint8Array) return Array.from(value);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const inner = (value as Record<string, unknown>)[key];
      if (inner !== undefined) sorted[key] = sortKeys(inner);
    }
    return sorted;
  }
  return value;
}

function attributesOf(element: Y.XmlElement): Record<string, unknown> | undefined {
  const attributes = plainAttributes(element);
  const kept = Object.entries(attributes).filter(([, v]) => v !== null && v !== undefined);
  return kept.length > 0 ? (sortKeys(Object.fromEntries(kept)) as Record<string, unknown>) : undefined;
}

/** `depth` is the depth of the text's parent (inline elements in it are one deeper). */
function textRuns(text: Y.XmlText, depth: number): ContentNode[] {
  const runs: ContentNode[] = [];
  // Pending suggestions are not content (issue 14): hashed as if rejected.
  for (const op of contentDelta(text)) {
    const marks = op.attributes && Object.keys(op.attributes).length > 0 ? op.attributes : undefined;
    if (typeof op.insert === 'string') runs.push(marks ? { t: op.insert, m: marks } : { t: op.insert });
    else runs.push(elementContent(op.insert, depth + 1));
  }
  return runs;
}

function elementContent(element: Y.XmlElement, depth: number): ContentElement {
  const node: ContentElement = { n: element.nodeName, c: childrenContent(element, depth) };
  const attributes = attributesOf(element);
  if (attributes) node.a = attributes;
  return node;
}

/** Children of a fragment or element, normalised: text runs merged, block-end whitespace trimmed. */
function childrenContent(parent: Y.XmlFragment | Y.XmlElement, depth: number): ContentNode[] {
  const raw: ContentNode[] = [];
  for (const child of xmlChildren(parent, depth)) {
    if (child instanceof Y.XmlText) raw.push(...textRuns(child, depth));
    else raw.push(elementContent(child, depth + 1));
  }
  // Merge adjacent runs with the same marks (how text is split into Y.XmlText nodes is not content).
  const merged: ContentNode[] = [];
  for (const node of raw) {
    const last = merged[merged.length - 1];
    if (last && isText(last) && isText(node) && canonicalJson(last.m ?? null) === canonicalJson(node.m ?? null)) {
      merged[merged.length - 1] = { ...last, t: last.t + node.t };
    } else {
      merged.push(isText(node) ? { ...node } : node);
    }
  }
  // Whitespace at the ends of a block does not count.
  const first = merged[0];
  if (first && isText(first)) first.t = first.t.replace(/^\s+/u, '');
  const last = merged[merged.length - 1];
  if (last && isText(last)) last.t = last.t.replace(/\s+$/u, '');
  return merged.filter((node) => !isText(node) || node.t !== '');
}

/** A block with nothing in it (an empty paragraph), which does not count at a section's ends. */
const isEmptyBlock = (node: ContentNode) => !isText(node) && node.c.length === 0 && node.a === undefined;

/** The normalised content of a section's fragment (see the module comment). */
export function sectionContent(fragment: Y.XmlFragment): SectionContent {
  const blocks = childrenContent(fragment, 0);
  let start = 0;
  let end = blocks.length;
  while (start < end && isEmptyBlock(blocks[start]!)) start++;
  while (end > start && isEmptyBlock(blocks[end - 1]!)) end--;
  return blocks.slice(start, end);
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** UTF-8 bytes of a string (lone surrogates as U+FFFD), without needing DOM or Node typings here. */
function utf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    let code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return Uint8Array.from(bytes);
}

/** SHA-256 (lower-case hex) of a string's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return hex(sha256(utf8(text)));
}

/** The content hash of a section's fragment: SHA-256 hex of its canonical normalised content. */
export function sectionContentHash(fragment: Y.XmlFragment): string {
  return sha256Hex(canonicalJson(sectionContent(fragment)));
}

/** The content hash of one section of a document (an absent section hashes like an empty one). */
export function documentSectionHash(doc: Y.Doc, sectionId: string): string {
  const fragment = sectionFragmentIn(doc, sectionId);
  return fragment ? sectionContentHash(fragment) : sha256Hex(canonicalJson([]));
}

/**
 * An item as hashed: its fields, except the lists of attached files
 * (`files`, `consent.forms`, issue 13) when they are empty, and a
 * testimonial's `consentRecordId` (issue 18) when null, so an entry approved
 * before those keys existed keeps its hash, and attaching, reordering or
 * removing a file, or pointing to a consent record, still changes it.
 */
function hashedItem<
  T extends {
    files?: readonly string[];
    consent?: { forms?: readonly string[] } | null;
    consentRecordId?: string | null;
  },
>(item: T): Record<string, unknown> {
  const { files, consent, consentRecordId, ...rest } = item;
  const hashed: Record<string, unknown> = { ...rest };
  if (consentRecordId !== undefined && consentRecordId !== null) hashed.consentRecordId = consentRecordId;
  if (files !== undefined && files.length > 0) hashed.files = files;
  if (consent !== undefined) {
    if (consent === null || (consent.forms?.length ?? 0) > 0) hashed.consent = consent;
    else {
      const { forms: _forms, ...consentRest } = consent;
      hashed.consent = consentRest;
    }
  }
  return hashed;
}

/**
 * The content hash of a whole entry: every listed section (by id), the
 * testimonials and the evidence items (each normalised to its fields, by id),
 * serialised with sorted keys. Section order in `sectionIds` does not matter.
 */
export function entryContentHash(doc: Y.Doc, sectionIds: readonly string[]): string {
  const sections: Record<string, SectionContent> = {};
  for (const sectionId of sectionIds) {
    const fragment = sectionFragmentIn(doc, sectionId);
    sections[sectionId] = fragment ? sectionContent(fragment) : [];
  }
  const testimonials = itemCollectionIn(doc, TESTIMONIALS_MAP);
  const evidence = itemCollectionIn(doc, EVIDENCE_MAP);
  const byId = <T extends Parameters<typeof hashedItem>[0] & { id: string }>(items: T[]) =>
    Object.fromEntries(items.map((item) => [item.id, hashedItem(item)]));
  // The award's short fields (issue 17 item 1), those written: an endorsement covers the project
  // title too. Left out while none is written, so an entry without them hashes as it did before.
  const shortFields: Record<string, string> = {};
  for (const [id, value] of shortFieldsMapIn(doc) ?? []) {
    if (value instanceof Y.Text && value.length > 0) shortFields[id] = value.toString();
  }
  return sha256Hex(
    canonicalJson({
      sections,
      testimonials: testimonials ? byId(readTestimonials(testimonials)) : {},
      evidence: evidence ? byId(readEvidence(evidence)) : {},
      ...(Object.keys(shortFields).length > 0 ? { shortFields } : {}),
    }),
  );
}

/**
 * The plain text of each top-level block of normalised content (for
 * paragraph-level diffs). A citation has no text of its own: `citationText`
 * gives what a reader sees in its place ("see E3"); without it, nothing.
 */
export function contentBlockTexts(content: SectionContent, citationText?: (itemId: string) => string): string[] {
  const textOf = (node: ContentNode): string => {
    if (isText(node)) return node.t;
    if (node.n === CITATION_NODE && citationText)
      return citationText(String(node.a?.[CITATION_ITEM_ID_ATTRIBUTE] ?? ''));
    return node.c.map(textOf).join('');
  };
  return content.map(textOf);
}
