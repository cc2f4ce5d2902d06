import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { safeLinkHref } from './safeText.ts';
import { MAX_DEPTH, readSectionBlocks, runsText } from './sectionBlocks.ts';
import { bold, cite, el, italic, link, p, txt, writeSection } from './testing/sectionContent.ts';

const CITED = 'item0000cited';
const GONE = 'item00000gone';
const labels = new Map([[CITED, 'E3']]);
const lookup = (id: string) => labels.get(id) ?? null;

function blocksOf(...nodes: Parameters<typeof writeSection>[2]) {
  const doc = new Y.Doc();
  writeSection(doc, 's', nodes);
  return readSectionBlocks(doc.getXmlFragment('section:s'), lookup);
}

describe('readSectionBlocks', () => {
  it('reads the editor schema: headings, paragraphs with marks and links, lists, quotes, breaks and citations', () => {
    const blocks = blocksOf(
      el('heading', { level: 3 }, txt('Our approach')),
      p(txt('We ', bold('halved'), ' waits ', italic('and'), ' see ', link('the report', 'https://example.org/r'))),
      el('paragraph', {}, txt('line one'), el('hardBreak'), txt('line two '), cite(CITED), txt(' and '), cite(GONE)),
      el(
        'bulletList',
        {},
        el('listItem', {}, p('first')),
        el('listItem', {}, p('second'), el('orderedList', { start: 4 }, el('listItem', {}, p('nested')))),
      ),
      el('blockquote', {}, p('A quote')),
      el('heading', { level: 4 }, txt('Minor')),
    );
    expect(blocks).toEqual([
      {
        type: 'heading',
        level: 3,
        runs: [{ kind: 'text', text: 'Our approach', bold: false, italic: false, link: null }],
      },
      {
        type: 'paragraph',
        runs: [
          { kind: 'text', text: 'We ', bold: false, italic: false, link: null },
          { kind: 'text', text: 'halved', bold: true, italic: false, link: null },
          { kind: 'text', text: ' waits ', bold: false, italic: false, link: null },
          { kind: 'text', text: 'and', bold: false, italic: true, link: null },
          { kind: 'text', text: ' see ', bold: false, italic: false, link: null },
          { kind: 'text', text: 'the report', bold: false, italic: false, link: 'https://example.org/r' },
        ],
      },
      {
        type: 'paragraph',
        runs: [
          { kind: 'text', text: 'line one', bold: false, italic: false, link: null },
          { kind: 'break' },
          { kind: 'text', text: 'line two ', bold: false, italic: false, link: null },
          { kind: 'citation', itemId: CITED, label: 'E3', text: 'see E3' },
          { kind: 'text', text: ' and ', bold: false, italic: false, link: null },
          { kind: 'citation', itemId: GONE, label: null, text: 'see [missing exhibit]' },
        ],
      },
      {
        type: 'list',
        ordered: false,
        start: 1,
        items: [
          [{ type: 'paragraph', runs: [expect.objectContaining({ text: 'first' })] }],
          [
            { type: 'paragraph', runs: [expect.objectContaining({ text: 'second' })] },
            {
              type: 'list',
              ordered: true,
              start: 4,
              items: [[{ type: 'paragraph', runs: [expect.objectContaining({ text: 'nested' })] }]],
            },
          ],
        ],
      },
      { type: 'quote', blocks: [{ type: 'paragraph', runs: [expect.objectContaining({ text: 'A quote' })] }] },
      { type: 'heading', level: 4, runs: [expect.objectContaining({ text: 'Minor' })] },
    ]);
  });

  it('drops unknown nodes with their content and ignores unknown attributes and marks (RELIABILITY I61)', () => {
    const blocks = blocksOf(
      el('script', {}, txt('alert("top-level script")')),
      el('div', { onclick: 'alert(1)' }, p('inside an unknown block')),
      el(
        'paragraph',
        { onclick: 'alert(2)', style: 'display:none', class: 'x' },
        txt(
          'kept ',
          { text: 'evil link', marks: { link: { href: 'javascript:alert(3)', onclick: 'alert(4)' } } },
          { text: ' data', marks: { link: { href: 'data:text/html,<script>alert(5)</script>' } } },
          { text: ' spaced', marks: { link: { href: ' JaVa\tScRiPt:alert(6)' } } },
          { text: ' marked', marks: { textStyle: { color: 'red' }, onmouseover: 'alert(7)', bold: {} } },
        ),
        el('img', { src: 'x', onerror: 'alert(8)' }, txt('image alt')),
        el('span', { onclick: 'alert(9)' }, txt('unknown inline')),
        el('citation', { itemId: '"><script>alert(10)</script>' }),
        el('citation', { itemId: CITED, onclick: 'alert(11)' }),
      ),
      el('heading', { level: 1, onclick: 'alert(12)' }, txt('level one becomes three')),
      el('heading', { level: '<script>' }, txt('bad level')),
      el(
        'bulletList',
        { onclick: 'alert(13)' },
        el('listItem', {}, p('ok')),
        el('script', {}, txt('in list')),
        txt('bare text in list'),
      ),
      el('orderedList', { start: 'alert(14)' }, el('listItem', {}, p('one'))),
      el('blockquote', {}, el('iframe', { src: 'https://evil.example' }, txt('frame'))),
      txt('bare text at the top level'),
    );
    const json = JSON.stringify(blocks);
    for (const bad of [
      'alert',
      'script',
      'onclick',
      'onerror',
      'javascript',
      'data:',
      'unknown',
      'image alt',
      'frame',
      'bare text',
      'inside an unknown',
      'textStyle',
      'display:none',
      'color',
    ]) {
      expect(json, bad).not.toContain(bad);
    }
    expect(blocks[0]).toEqual({
      type: 'paragraph',
      runs: [
        { kind: 'text', text: 'kept evil link data spaced', bold: false, italic: false, link: null },
        { kind: 'text', text: ' marked', bold: true, italic: false, link: null },
        { kind: 'citation', itemId: null, label: null, text: 'see [missing exhibit]' },
        { kind: 'citation', itemId: CITED, label: 'E3', text: 'see E3' },
      ],
    });
    expect(blocks[1]).toMatchObject({ type: 'heading', level: 3 });
    expect(blocks[2]).toMatchObject({ type: 'heading', level: 3 });
    expect(blocks[3]).toMatchObject({ type: 'list', ordered: false, items: [[{ type: 'paragraph' }]] });
    expect(blocks[4]).toMatchObject({ type: 'list', ordered: true, start: 1 });
    expect(blocks[5]).toEqual({ type: 'quote', blocks: [] });
    expect(blocks).toHaveLength(6);
  });

  it('removes characters that would corrupt a DOCX (XML-invalid controls, lone surrogates)', () => {
    const [block] = blocksOf(p('a\u0000b\u0007c\u001bd\ud800e\ufffff \u{1F600}'));
    expect(block?.type === 'paragraph' && runsText(block.runs)).toBe('abcd\ufffdef \u{1F600}');
  });

  it('drops nesting deeper than the editor makes', () => {
    let node = p('deep');
    for (let i = 0; i < MAX_DEPTH + 5; i++) node = el('blockquote', {}, node);
    const json = JSON.stringify(blocksOf(node));
    expect(json).not.toContain('deep');
  });
});

describe('safeLinkHref', () => {
  it.each([
    ['https://www.nhs.uk/about', 'https://www.nhs.uk/about'],
    ['http://example.org', 'http://example.org/'],
    ['mailto:team@nhs.net', 'mailto:team@nhs.net'],
    ['javascript:alert(1)', null],
    ['JAVASCRIPT:alert(1)', null],
    [' java\nscript:alert(1)', null],
    ['vbscript:msgbox', null],
    ['data:text/html,hi', null],
    ['file:///etc/passwd', null],
    ['/relative/path', null],
    ['https://', null],
    ['mailto:', null],
    [42, null],
    [{ href: 'https://x' }, null],
  ])('%j → %j', (input, expected) => {
    expect(safeLinkHref(input)).toBe(expected);
  });
});

describe('readSectionBlocks with pending suggestions (issue 14 item 3, S-APPROVE-5)', () => {
  it('exports the text as if every suggestion were rejected: proposed words left out, words proposed for removal kept', () => {
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    doc.getXmlFragment('section:s').insert(0, [paragraph]);
    text.insert(0, 'We cut ', {});
    text.insert(text.length, 'nearly ', { insertion: { id: 'sugg-0001' } });
    text.insert(text.length, 'all ', { deletion: { id: 'sugg-0002' }, bold: {} });
    text.insert(text.length, 'waits.', {});
    const [block] = readSectionBlocks(doc.getXmlFragment('section:s'), lookup);
    expect(block?.type === 'paragraph' ? runsText(block.runs) : null).toBe('We cut all waits.');
  });
});
