import { EVIDENCE_MAP, sectionFragmentName, TESTIMONIALS_MAP } from '@jointly/shared';
import * as Y from 'yjs';

/**
 * Documents no editor makes, written the way a client that bypasses the editor
 * writes them (issue 10 finding 3, RELIABILITY I61): each shape starts from a
 * readable base (a paragraph of four words in SECTION, a valid testimonial)
 * and adds its malformed part on top, so readers can be checked both for not
 * failing and for still reading what is readable.
 */

export const SECTION = 'context-and-evolution';
export const BASE_TEXT = 'Four words of text';
export const BASE_WORDS = 4;
export const TESTIMONIAL_ID = 'testimonial-base-1';

/** The readable base: one paragraph in SECTION and one testimonial. */
export function writeBase(doc: Y.Doc): void {
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    text.insert(0, BASE_TEXT);
    doc.getXmlFragment(sectionFragmentName(SECTION)).insert(0, [paragraph]);
    const item = new Y.Map<unknown>();
    doc.getMap(TESTIMONIALS_MAP).set(TESTIMONIAL_ID, item);
    item.set('quote', 'It helped.');
    item.set('kind', 'nhs_staff');
  });
}

/** The base's first paragraph, for shapes that spoil it from inside. */
const firstParagraph = (doc: Y.Doc) => doc.getXmlFragment(sectionFragmentName(SECTION)).get(0) as Y.XmlElement;

/** Appends raw list content to a section root, however the writing client typed it. */
function appendToSection(doc: Y.Doc, content: unknown[]): void {
  // A plain Y.Array view of the root: the update it makes names only the root, whatever its kind.
  const root = doc.getXmlFragment(sectionFragmentName(SECTION));
  (root as unknown as Y.Array<unknown>).insert(root.length, content);
}

/** Nests blockquotes `depth` deep at the end of SECTION, each inserted once its parent is in the doc. */
function appendNested(doc: Y.Doc, depth: number): void {
  doc.transact(() => {
    let parent: Y.XmlFragment = doc.getXmlFragment(sectionFragmentName(SECTION));
    for (let i = 0; i < depth; i++) {
      const inner = new Y.XmlElement('blockquote');
      parent.insert(parent.length, [inner]);
      parent = inner;
    }
    const text = new Y.XmlText();
    parent.insert(0, [text]);
    text.insert(0, 'deep');
  });
}

export type MalformedShape = {
  name: string;
  /** Whether the base's section text survives the shape (a section defined as another type replaces it). */
  keepsBase: boolean;
  /** Writes the malformed part into a doc that already holds the base (or, when !keepsBase, nothing). */
  write(doc: Y.Doc): void;
};

export const MALFORMED_SHAPES: MalformedShape[] = [
  { name: 'a raw string in a section', keepsBase: true, write: (doc) => appendToSection(doc, ['secret raw text']) },
  { name: 'a raw object in a section', keepsBase: true, write: (doc) => appendToSection(doc, [{ evil: { a: 1 } }]) },
  { name: 'raw bytes in a section', keepsBase: true, write: (doc) => appendToSection(doc, [new Uint8Array([1, 2])]) },
  {
    name: 'a Y.Map, a Y.Array and a Y.Text in a section',
    keepsBase: true,
    write: (doc) => appendToSection(doc, [new Y.Map(), Y.Array.from([1, 'x']), new Y.Text('loose text')]),
  },
  { name: 'a subdocument in a section', keepsBase: true, write: (doc) => appendToSection(doc, [new Y.Doc()]) },
  {
    name: 'raw values inside a paragraph',
    keepsBase: true,
    write: (doc) => (firstParagraph(doc) as unknown as Y.Array<unknown>).insert(0, ['raw', { a: 1 }, new Y.Map()]),
  },
  {
    name: 'an embed inside a paragraph text',
    keepsBase: true,
    write: (doc) => (firstParagraph(doc).get(0) as Y.XmlText).insertEmbed(0, { image: 'x' }),
  },
  {
    name: 'attributes holding shared types and a subdocument',
    keepsBase: true,
    write: (doc) => {
      // Yjs stores any value as an attribute; its typings allow only plain ones.
      const paragraph = firstParagraph(doc) as unknown as { setAttribute(name: string, value: unknown): void };
      paragraph.setAttribute('map', new Y.Map());
      paragraph.setAttribute('doc', new Y.Doc());
    },
  },
  {
    name: 'a section nested 20,000 blockquotes deep',
    keepsBase: true,
    write: (doc) => appendNested(doc, 20_000),
  },
  {
    name: 'a section defined as Y.Text before anyone wrote it',
    keepsBase: false,
    write: (doc) => {
      const text = doc.getText(sectionFragmentName(SECTION));
      text.insert(0, 'text of a Y.Text', { bold: true });
      text.insertEmbed(0, { image: 'x' });
    },
  },
  {
    name: 'a section defined as Y.Map before anyone wrote it',
    keepsBase: false,
    write: (doc) => {
      const map = doc.getMap(sectionFragmentName(SECTION));
      map.set('paragraph', 'not a paragraph');
      map.set('nested', new Y.Map());
    },
  },
  {
    name: 'items that are not maps and fields of the wrong type',
    keepsBase: true,
    write: (doc) => {
      doc.transact(() => {
        const testimonials = doc.getMap(TESTIMONIALS_MAP);
        testimonials.set('testimonial-raw-1', 'not a map');
        testimonials.set('testimonial-bytes1', new Uint8Array([1]));
        testimonials.set('testimonial-doc-01', new Y.Doc());
        const wrong = new Y.Map<unknown>();
        testimonials.set('testimonial-wrong1', wrong);
        wrong.set('quote', 42);
        wrong.set('kind', { not: 'a kind' });
        wrong.set('consent', 'yes');
        wrong.set('sectionIds', new Y.Array());
        wrong.set('personName', new Y.Doc());
        wrong.set('anonymise', new Y.Text('true'));
        const evidence = doc.getMap(EVIDENCE_MAP);
        const deep = new Y.Map<unknown>();
        evidence.set('evidence-deep-01', deep);
        let current = deep;
        for (let i = 0; i < 20_000; i++) {
          const inner = new Y.Map<unknown>();
          current.set('title', inner);
          current = inner;
        }
      });
    },
  },
  {
    name: 'item collections defined as Y.Array and Y.Text',
    keepsBase: false,
    write: (doc) => {
      doc.getArray(TESTIMONIALS_MAP).insert(0, ['not an item', new Y.Map()]);
      doc.getText(EVIDENCE_MAP).insert(0, 'not evidence');
    },
  },
];

/** The update a client sends for `shape`: the base (when kept) and then the malformed part. */
export function malformedUpdates(shape: MalformedShape): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  if (shape.keepsBase) {
    writeBase(doc);
    updates.push(Y.encodeStateAsUpdate(doc));
  }
  const before = Y.encodeStateVector(doc);
  shape.write(doc);
  updates.push(Y.encodeStateAsUpdate(doc, before));
  doc.destroy();
  return updates;
}
