import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentBlockTexts, entryContentHash, sectionContent, sectionContentHash, sha256Hex } from './contentHash.ts';
import { addItem, emptyEvidence, emptyTestimonial } from './documentItems.ts';

function paragraph(text: string, format?: Record<string, unknown>): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  p.insert(0, [t]);
  t.insert(0, text, format);
  return p;
}

function section(doc: Y.Doc, id: string, blocks: Y.XmlElement[]): Y.XmlFragment {
  const fragment = doc.getXmlFragment(`section:${id}`);
  fragment.insert(fragment.length, blocks);
  return fragment;
}

describe('sectionContentHash', () => {
  it('is a SHA-256 in hex and the same for the same content in different documents', () => {
    const a = section(new Y.Doc(), 's', [paragraph('Hello world')]);
    const b = section(new Y.Doc(), 's', [paragraph('Hello world')]);
    expect(sectionContentHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(sectionContentHash(a)).toBe(sectionContentHash(b));
  });

  it('changes with the text, the marks, the element names and the attributes', () => {
    const base = sectionContentHash(section(new Y.Doc(), 's', [paragraph('Hello world')]));
    expect(sectionContentHash(section(new Y.Doc(), 's', [paragraph('Hello World')]))).not.toBe(base);
    expect(sectionContentHash(section(new Y.Doc(), 's', [paragraph('Hello world', { bold: true })]))).not.toBe(base);
    const heading = (level?: string) => {
      const element = new Y.XmlElement('heading');
      if (level) element.setAttribute('level', level);
      const text = new Y.XmlText();
      element.insert(0, [text]);
      text.insert(0, 'Hello world');
      return element;
    };
    const plainHeading = sectionContentHash(section(new Y.Doc(), 's', [heading()]));
    expect(plainHeading).not.toBe(base);
    expect(sectionContentHash(section(new Y.Doc(), 's', [heading('2')]))).not.toBe(plainHeading);
  });

  it('does not depend on the order attributes were set in or how text runs are split', () => {
    const one = new Y.XmlElement('link');
    one.setAttribute('href', 'https://a.example');
    one.setAttribute('title', 'A');
    const two = new Y.XmlElement('link');
    two.setAttribute('title', 'A');
    two.setAttribute('href', 'https://a.example');
    expect(sectionContentHash(section(new Y.Doc(), 's', [one]))).toBe(
      sectionContentHash(section(new Y.Doc(), 's', [two])),
    );

    const split = new Y.XmlElement('paragraph');
    const first = new Y.XmlText();
    const second = new Y.XmlText();
    split.insert(0, [first, second]);
    first.insert(0, 'Hello ');
    second.insert(0, 'world');
    expect(sectionContentHash(section(new Y.Doc(), 's', [split]))).toBe(
      sectionContentHash(section(new Y.Doc(), 's', [paragraph('Hello world')])),
    );
  });

  it('ignores whitespace at block ends and empty blocks at the ends of the section', () => {
    const base = sectionContentHash(section(new Y.Doc(), 's', [paragraph('Hello world')]));
    expect(sectionContentHash(section(new Y.Doc(), 's', [paragraph('  Hello world \n')]))).toBe(base);
    expect(
      sectionContentHash(section(new Y.Doc(), 's', [paragraph(''), paragraph('Hello world'), paragraph(' ')])),
    ).toBe(base);
    // Whitespace inside a block is content.
    expect(sectionContentHash(section(new Y.Doc(), 's', [paragraph('Hello  world')]))).not.toBe(base);
  });

  it('gives the normalised content and its block texts', () => {
    const fragment = section(new Y.Doc(), 's', [paragraph('One'), paragraph(' Two ')]);
    expect(sectionContent(fragment)).toEqual([
      { n: 'paragraph', c: [{ t: 'One' }] },
      { n: 'paragraph', c: [{ t: 'Two' }] },
    ]);
    expect(contentBlockTexts(sectionContent(fragment))).toEqual(['One', 'Two']);
  });

  it('I11-9: block texts show a citation as what the reader sees, not as nothing', () => {
    const content = [
      {
        n: 'paragraph',
        c: [{ t: 'Waits halved (' }, { n: 'citation', a: { itemId: 'item-0001' }, c: [] }, { t: ').' }],
      },
    ];
    expect(contentBlockTexts(content)).toEqual(['Waits halved ().']);
    expect(contentBlockTexts(content, (id) => (id === 'item-0001' ? 'see E4' : '?'))).toEqual([
      'Waits halved (see E4).',
    ]);
  });
});

describe('sha256Hex', () => {
  it('hashes the UTF-8 bytes (known vectors)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('\u00e9\u{1f600}')).toBe('1184d1f608158eea09d297565575892231550c403aaa913008d867a97cfd5c76');
  });
});

describe('entryContentHash', () => {
  function entryDoc(quote: string): Y.Doc {
    const doc = new Y.Doc({ gc: true });
    section(doc, 'a', [paragraph('Alpha')]);
    section(doc, 'b', [paragraph('Beta')]);
    addItem(doc.getMap('testimonials'), { ...emptyTestimonial(), quote }, 'testimonial-1');
    addItem(doc.getMap('evidence'), { ...emptyEvidence(), title: 'Audit' }, 'evidence-1');
    return doc;
  }

  it('covers the sections, the testimonials and the evidence', () => {
    const base = entryContentHash(entryDoc('Great'), ['a', 'b']);
    expect(entryContentHash(entryDoc('Great'), ['b', 'a'])).toBe(base);
    expect(entryContentHash(entryDoc('Great!'), ['a', 'b'])).not.toBe(base);
    const changedEvidence = entryDoc('Great');
    (changedEvidence.getMap('evidence').get('evidence-1') as Y.Map<unknown>).set('result', '40%');
    expect(entryContentHash(changedEvidence, ['a', 'b'])).not.toBe(base);
    const changedSection = entryDoc('Great');
    section(changedSection, 'b', [paragraph('More')]);
    expect(entryContentHash(changedSection, ['a', 'b'])).not.toBe(base);
  });

  it('I13: an entry without attached files hashes as it did before files existed; a file changes the hash', () => {
    const doc = new Y.Doc();
    section(doc, 'a', [paragraph('Alpha')]);
    const consent = { obtained: true, date: '2025-01-02', howRecorded: 'form', uses: ['judging' as const], forms: [] };
    addItem(
      doc.getMap('testimonials'),
      { ...emptyTestimonial(), quote: 'Great', kind: 'patient', consent },
      'testimonial-1',
    );
    addItem(doc.getMap('evidence'), { ...emptyEvidence(), title: 'Audit' }, 'evidence-1');
    // Computed before `files` and `consent.forms` were added to the item fields.
    const before = '790bac99f648d089635e80897fa3eeaf2708c4745c38aff33dfff3c1e1070e06';
    expect(entryContentHash(doc, ['a'])).toBe(before);
    const evidence = doc.getMap('evidence').get('evidence-1') as Y.Map<unknown>;
    evidence.set('files', ['abcdefghijklmnop', 'bcdefghijklmnopq']);
    const withFiles = entryContentHash(doc, ['a']);
    expect(withFiles).not.toBe(before);
    evidence.set('files', ['bcdefghijklmnopq', 'abcdefghijklmnop']);
    expect(entryContentHash(doc, ['a'])).not.toBe(withFiles);
    evidence.set('files', []);
    const testimonial = doc.getMap('testimonials').get('testimonial-1') as Y.Map<unknown>;
    testimonial.set('consent', { ...consent, forms: ['abcdefghijklmnop'] });
    expect(entryContentHash(doc, ['a'])).not.toBe(before);
    testimonial.set('consent', consent);
    expect(entryContentHash(doc, ['a'])).toBe(before);
    // Issue 18 item 1: a consent record pointed to changes the hash; none (null) keeps it.
    testimonial.set('consentRecordId', 'abcdefghijklmnop');
    expect(entryContentHash(doc, ['a'])).not.toBe(before);
    testimonial.set('consentRecordId', null);
    expect(entryContentHash(doc, ['a'])).toBe(before);
  });

  it('issue 17 item 1: covers the short fields written; none written (or emptied) hashes as before', () => {
    const doc = entryDoc('Great');
    const before = entryContentHash(doc, ['a', 'b']);
    const title = new Y.Text();
    doc.getMap('shortFields').set('project-title', title);
    expect(entryContentHash(doc, ['a', 'b'])).toBe(before);
    title.insert(0, 'Outpatients, together');
    const written = entryContentHash(doc, ['a', 'b']);
    expect(written).not.toBe(before);
    title.insert(title.length, '!');
    expect(entryContentHash(doc, ['a', 'b'])).not.toBe(written);
    title.delete(0, title.length);
    expect(entryContentHash(doc, ['a', 'b'])).toBe(before);
  });

  it('treats a missing section as empty', () => {
    const doc = new Y.Doc();
    expect(entryContentHash(doc, ['a'])).toBe(entryContentHash(new Y.Doc(), ['a']));
  });
});
