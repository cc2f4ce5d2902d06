import { countWords, sectionContentHash, sectionFragmentName, sectionPlainText } from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { snapshotOfDocument, snapshotOfState } from './sectionSnapshot.ts';

/** A section as the editor writes it: a heading, a paragraph with marks and a citation, a list. */
function writeSection(doc: Y.Doc, sectionId: string) {
  const fragment = doc.getXmlFragment(sectionFragmentName(sectionId));
  doc.transact(() => {
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', 2 as unknown as string);
    const headingText = new Y.XmlText();
    heading.insert(0, [headingText]);
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    const citation = new Y.XmlElement('citation');
    citation.setAttribute('itemId', 'evidence-metric-1');
    const after = new Y.XmlText();
    paragraph.insert(0, [text, citation, after]);
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const itemParagraph = new Y.XmlElement('paragraph');
    const itemText = new Y.XmlText();
    itemParagraph.insert(0, [itemText]);
    item.insert(0, [itemParagraph]);
    list.insert(0, [item]);
    fragment.insert(0, [heading, paragraph, list]);
    headingText.insert(0, 'Outcomes');
    text.insert(0, 'Waiting times ');
    text.insert(14, 'halved', { bold: {} });
    text.insert(20, ', ');
    text.insert(22, 'see the audit', { link: { href: 'https://example.nhs.uk/audit' } });
    after.insert(0, ' and more.');
    itemText.insert(0, 'One list item');
  });
}

describe('section snapshots (draft history storage)', () => {
  it('keep the section’s content, hash and words, and nothing of its edit history', () => {
    const doc = new Y.Doc();
    writeSection(doc, 'outcomes');
    // Edits and deletions leave tombstones in the entry's document that a version need not carry.
    const text = (doc.getXmlFragment('section:outcomes').get(1) as Y.XmlElement).get(0) as Y.XmlText;
    for (let i = 0; i < 200; i++) {
      text.insert(0, 'draft words ');
      text.delete(0, 12);
    }
    const live = sectionContentHash(doc.getXmlFragment('section:outcomes'));
    const snapshot = snapshotOfDocument(doc, 'outcomes');
    expect(snapshot.contentHash).toBe(live);
    expect(snapshot.words).toBe(countWords(sectionPlainText(doc.getXmlFragment('section:outcomes'))));
    expect(snapshot.words).toBeGreaterThan(10);
    const reread = snapshotOfState('outcomes', snapshot.state);
    expect(reread.contentHash).toBe(live);
    expect(reread.content).toEqual(snapshot.content);
    // Rebuilt, not copied: no deleted items, one client, whatever the entry's document went through.
    const decoded = Y.decodeUpdate(snapshot.state);
    expect(decoded.ds.clients.size).toBe(0);
    expect(new Set(decoded.structs.map((s) => s.id.client)).size).toBe(1);
  });

  it('a 1,000-word section (20 paragraphs, some bold) is kept in about its text’s size', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('section:long');
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 97}`).join(' ');
    doc.transact(() => {
      for (let p = 0; p < 20; p++) {
        const paragraph = new Y.XmlElement('paragraph');
        const text = new Y.XmlText();
        paragraph.insert(0, [text]);
        fragment.insert(fragment.length, [paragraph]);
        text.insert(0, `${words(45)} `);
        text.insert(text.length, words(5), { bold: {} });
      }
    });
    const snapshot = snapshotOfDocument(doc, 'long');
    expect(snapshot.words).toBe(1000);
    const textBytes = sectionPlainText(fragment).length;
    console.info(
      `history: a 1,000-word version takes ${snapshot.state.length} bytes (${textBytes} characters of text)`,
    );
    // The text, plus a few bytes per paragraph and formatting run.
    expect(snapshot.state.length).toBeLessThan(textBytes + 20 * 100);
  });

  it('an absent or empty section is an empty version', () => {
    const snapshot = snapshotOfDocument(new Y.Doc(), 'nothing');
    expect(snapshot.content).toEqual([]);
    expect(snapshot.words).toBe(0);
  });
});
