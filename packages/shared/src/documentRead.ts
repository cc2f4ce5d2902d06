import * as Y from 'yjs';
import { type ItemCollection, SHORT_FIELDS_MAP, sectionFragmentName } from './documentLayout.ts';
import { DELETION_MARK, INSERTION_MARK } from './suggestions.ts';

/**
 * Reading an entry's Yjs document defensively (issue 10 finding 3, RELIABILITY
 * I61). Every reader of a document (word counts, content hashes, citations,
 * items, exports, provenance, on the server and in the browser) reaches the
 * document's parts only through these functions, so a document holding what
 * no editor makes is read as far as it is readable and never throws:
 *
 * - a section root that is another kind of shared type (a `Y.Text` or `Y.Map`
 *   defined under a section's name) reads as an empty section;
 * - inside a section, only `Y.XmlElement`s and `Y.XmlText`s are read: raw
 *   strings, objects, bytes, embeds, other shared types and subdocuments are
 *   skipped, and so is anything nested deeper than MAX_XML_DEPTH;
 * - element attributes holding a shared type or a subdocument are skipped;
 * - an item collection that is another kind of type reads as empty, and an
 *   item field holding a shared type is read only MAX_FIELD_DEPTH deep.
 *
 * What was skipped is reported to the innermost `collectMalformed` around the
 * read (the server logs it once per entry), never thrown.
 */

/** Nesting deeper than this is skipped: the editor's deepest (lists in quotes in lists) is far shallower. */
export const MAX_XML_DEPTH = 64;
/** Nested shared types in an item field are read this deep (the app writes plain values). */
const MAX_FIELD_DEPTH = 8;
/** Problems kept per read: enough to say what was wrong, bounded whatever the document holds. */
const MAX_PROBLEMS = 20;

let reportTo: Set<string> | null = null;

function malformed(problem: string): void {
  if (reportTo && reportTo.size < MAX_PROBLEMS) reportTo.add(problem);
}

/** Runs a (synchronous) read and returns what it skipped as malformed, each problem once. */
export function collectMalformed<T>(read: () => T): { value: T; problems: string[] } {
  const outer = reportTo;
  const problems = new Set<string>();
  reportTo = problems;
  try {
    return { value: read(), problems: [...problems] };
  } finally {
    reportTo = outer;
  }
}

/** What a value in the document is, for a problem report. */
function kindOf(value: unknown): string {
  if (value instanceof Y.Doc) return 'a subdocument';
  if (value instanceof Y.AbstractType) return `a ${value.constructor.name}`;
  if (value instanceof Uint8Array) return 'bytes';
  return value === null ? 'null' : `a raw ${typeof value}`;
}

/**
 * The root type `name` read as `Constr`, or null when the document lacks it or
 * it was defined as another kind. A root a loaded update created is untyped
 * until first read; reading it as `Constr` types it (Yjs allows that once).
 */
function rootAs<T>(doc: Y.Doc, name: string, isWanted: (type: unknown) => type is T, read: () => T): T | null {
  const existing = doc.share.get(name);
  if (existing === undefined) return null;
  if (isWanted(existing)) return existing;
  if (existing.constructor !== Y.AbstractType) {
    malformed(`${name} is ${kindOf(existing)}`);
    return null;
  }
  return read();
}

const isFragment = (type: unknown): type is Y.XmlFragment => type instanceof Y.XmlFragment;
const isMap = (type: unknown): type is Y.Map<unknown> => type instanceof Y.Map;

/** A section's fragment, or null when the document has none or the name holds another kind of type. */
export function sectionFragmentIn(doc: Y.Doc, sectionId: string): Y.XmlFragment | null {
  const name = sectionFragmentName(sectionId);
  const fragment = rootAs(doc, name, isFragment, () => doc.getXmlFragment(name));
  // Keys written by a client that defined the name as a Y.Map: a fragment has none, and they are not read.
  if (fragment && fragment._map.size > 0) malformed(`${name} holds map entries`);
  return fragment;
}

/** An item collection's map, or null when the document has none or the name holds another kind of type. */
export function itemCollectionIn(doc: Y.Doc, collection: ItemCollection): Y.Map<unknown> | null {
  const map = rootAs(doc, collection, isMap, () => doc.getMap<unknown>(collection));
  // List content written by a client that defined the name as a Y.Array or Y.Text: not read.
  if (map && map._start !== null) malformed(`${collection} holds list content`);
  return map;
}

/** The short fields' map (issue 17 item 1), or null when the document has none or the name holds another kind of type. */
export function shortFieldsMapIn(doc: Y.Doc): Y.Map<unknown> | null {
  return rootAs(doc, SHORT_FIELDS_MAP, isMap, () => doc.getMap<unknown>(SHORT_FIELDS_MAP));
}

/**
 * The children of a section's fragment or element that an editor makes
 * (`Y.XmlElement`, `Y.XmlText`), skipping anything else. `depth` is the
 * parent's depth (a fragment is 0); below MAX_XML_DEPTH nothing is read.
 */
export function xmlChildren(parent: Y.XmlFragment | Y.XmlElement, depth: number): (Y.XmlElement | Y.XmlText)[] {
  if (depth >= MAX_XML_DEPTH) {
    malformed(`content nested deeper than ${MAX_XML_DEPTH}`);
    return [];
  }
  const children: (Y.XmlElement | Y.XmlText)[] = [];
  for (const child of parent.toArray() as unknown[]) {
    if (child instanceof Y.XmlElement || child instanceof Y.XmlText) children.push(child);
    else malformed(`a section holds ${kindOf(child)}`);
  }
  return children;
}

/** Whether an attribute or mark value is plain data (what an editor stores), not a shared type or subdocument. */
function isPlain(value: unknown): boolean {
  return !(value instanceof Y.AbstractType || value instanceof Y.Doc);
}

/** An element's attributes that hold plain data; those holding shared types or subdocuments are skipped. */
export function plainAttributes(element: Y.XmlElement): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(element.getAttributes() as Record<string, unknown>)) {
    if (isPlain(value)) attributes[key] = value;
    else malformed(`an attribute holds ${kindOf(value)}`);
  }
  return attributes;
}

/** A delta insert an editor makes inside text: a string, or an inline element (a citation). */
export function isTextInsert(insert: unknown): insert is string | Y.XmlElement {
  if (typeof insert === 'string' || insert instanceof Y.XmlElement) return true;
  malformed(`text holds ${kindOf(insert)}`);
  return false;
}

/** One piece of a Y.XmlText's delta: a string or inline element, with its marks. */
export type TextDeltaOp = { insert: string | Y.XmlElement; attributes?: Record<string, unknown> };

/**
 * A run of text as content: its delta with pending suggestions rejected
 * (issue 14 item 3). Text marked `insertion` is left out and text marked
 * `deletion` reads as if unmarked, so word counts, coverage, content hashes,
 * approvals and exports never count a proposal, and text without suggestion
 * marks reads exactly as before. What no editor makes is skipped. Every
 * reader of section text goes through here.
 */
export function contentDelta(text: Y.XmlText): TextDeltaOp[] {
  const ops: TextDeltaOp[] = [];
  for (const op of text.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
    if (!isTextInsert(op.insert)) continue;
    const attributes = op.attributes;
    if (attributes === undefined) {
      ops.push({ insert: op.insert });
      continue;
    }
    if (attributes[INSERTION_MARK] !== undefined && attributes[INSERTION_MARK] !== null) continue;
    if (DELETION_MARK in attributes) {
      const { [DELETION_MARK]: _deletion, ...rest } = attributes;
      ops.push(Object.keys(rest).length > 0 ? { insert: op.insert, attributes: rest } : { insert: op.insert });
    } else {
      ops.push({ insert: op.insert, attributes });
    }
  }
  return ops;
}

/** A field value as plain data: shared types converted MAX_FIELD_DEPTH deep, subdocuments dropped. */
function plainValue(value: unknown, depth: number): unknown {
  if (value instanceof Y.Doc) {
    malformed('an item field holds a subdocument');
    return undefined;
  }
  if (!(value instanceof Y.AbstractType)) return value;
  if (depth >= MAX_FIELD_DEPTH) {
    malformed(`an item field nested deeper than ${MAX_FIELD_DEPTH}`);
    return undefined;
  }
  if (value instanceof Y.Map) {
    const plain: Record<string, unknown> = {};
    for (const [key, inner] of value.entries()) plain[key] = plainValue(inner, depth + 1);
    return plain;
  }
  if (value instanceof Y.Array) return value.toArray().map((inner) => plainValue(inner, depth + 1));
  if (value instanceof Y.Text) return value.toString();
  malformed(`an item field holds ${kindOf(value)}`);
  return undefined;
}

/** The fields of an item as plain data (an item that is not a map has none). */
export function plainItemFields(value: unknown): Record<string, unknown> {
  if (value instanceof Y.Map) {
    const fields: Record<string, unknown> = {};
    for (const [key, inner] of value.entries()) fields[key] = plainValue(inner, 1);
    return fields;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && isPlain(value)) {
    return value as Record<string, unknown>;
  }
  return {};
}

/** The entries of an item collection that are items (maps); anything else is skipped. */
export function itemMaps(collection: Y.Map<unknown>): [string, Y.Map<unknown>][] {
  const items: [string, Y.Map<unknown>][] = [];
  for (const [id, value] of collection.entries()) {
    if (value instanceof Y.Map) items.push([id, value]);
    else malformed(`an item is ${kindOf(value)}`);
  }
  return items;
}
