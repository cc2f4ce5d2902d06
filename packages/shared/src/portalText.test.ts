import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CITATION_ITEM_ID_ATTRIBUTE, CITATION_NODE } from './citations.ts';
import { countWords, countWordsAsWordProcessor } from './countWords.ts';
import { PORTAL_MISSING_EXHIBIT, sectionPortalText } from './portalText.ts';
import { sectionPlainText } from './sectionText.ts';
import { INSERTION_MARK } from './suggestions.ts';

type Inline = string | Y.XmlElement | { text: string; attributes: Record<string, unknown> };

function element(name: string, children: (Y.XmlElement | Y.XmlText)[], attributes: Record<string, string> = {}) {
  const node = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.insert(0, children);
  return node;
}

function inline(name: string, parts: Inline[]): Y.XmlElement {
  const children: (Y.XmlElement | Y.XmlText)[] = [];
  for (const part of parts) {
    if (part instanceof Y.XmlElement) children.push(part);
    else {
      const text = new Y.XmlText();
      if (typeof part === 'string') text.insert(0, part);
      else text.insert(0, part.text, part.attributes);
      children.push(text);
    }
  }
  return element(name, children);
}

const p = (...parts: Inline[]) => inline('paragraph', parts);
const cite = (itemId: string) => element(CITATION_NODE, [], { [CITATION_ITEM_ID_ATTRIBUTE]: itemId });
const li = (...blocks: Y.XmlElement[]) => element('listItem', blocks);

function section(...blocks: Y.XmlElement[]): Y.XmlFragment {
  const fragment = new Y.Doc().getXmlFragment('section:context');
  fragment.insert(0, blocks);
  return fragment;
}

// The app's labels E1, E4 and E8 numbered for judges E1, E2, E3 (gaps closed, as the exports do).
const JUDGE: Record<string, string> = { E1: 'E1', E4: 'E2', E8: 'E3' };
const ITEM_LABELS: Record<string, string> = { 'evidence-a': 'E1', 'evidence-d': 'E4', 'testimony-h': 'E8' };
const options = {
  citationLabel: (itemId: string) => JUDGE[ITEM_LABELS[itemId] ?? ''] ?? null,
  typedLabel: (label: string) => JUDGE[label] ?? null,
};

describe('sectionPortalText', () => {
  it('separates paragraphs by a blank line and drops formatting', () => {
    const fragment = section(
      p('Waits ', { text: 'halved', attributes: { bold: {} } }, ' in a year.'),
      inline('heading', ['What changed']),
      p(''),
      p('Second paragraph.'),
    );
    expect(sectionPortalText(fragment, options)).toBe('Waits halved in a year.\n\nWhat changed\n\nSecond paragraph.');
  });

  it('reads citations and typed references with the judges’ numbers, a missing exhibit as the exports do', () => {
    const fragment = section(
      p('Staff said so, ', cite('testimony-h'), '; the audit, ', cite('evidence-d'), '.'),
      p('Typed: see E8 and (E4); unknown E9 stays. Gone: ', cite('evidence-gone'), '.'),
    );
    expect(sectionPortalText(fragment, options)).toBe(
      `Staff said so, see E3; the audit, see E2.\n\nTyped: see E3 and (E2); unknown E9 stays. Gone: ${PORTAL_MISSING_EXHIBIT}.`,
    );
  });

  it('writes bullet and numbered lists with markers, nested lists indented, the start number kept', () => {
    const fragment = section(
      p('Outcomes:'),
      element('bulletList', [
        li(p('waits halved ', cite('evidence-a'))),
        li(p('fewer missed appointments'), element('bulletList', [li(p('in clinics')), li(p('at home'))])),
      ]),
      element('orderedList', [li(p('listen')), li(p('act'))], { start: '3' }),
    );
    expect(sectionPortalText(fragment, options)).toBe(
      [
        'Outcomes:',
        '- waits halved see E1\n- fewer missed appointments\n  - in clinics\n  - at home',
        '3. listen\n4. act',
      ].join('\n\n'),
    );
  });

  it('keeps hard breaks, reads quotes as paragraphs, and leaves out pending insertions and unknown nodes', () => {
    const text = new Y.XmlText();
    text.insert(0, 'Kept');
    text.insert(4, ' proposed', { [INSERTION_MARK]: { id: 's1' } });
    const fragment = section(
      inline('paragraph', ['line one', element('hardBreak', []), 'line two']),
      element('blockquote', [p('“They listened.”')]),
      element('paragraph', [text]),
      element('script', [new Y.XmlText('alert(1)')]),
    );
    expect(sectionPortalText(fragment, options)).toBe('line one\nline two\n\n“They listened.”\n\nKept');
  });

  it('gives the word processor count of the copy, which differs from our own by the list markers', () => {
    const fragment = section(
      p('Two\u00a0words joined, ', cite('evidence-a'), '.'),
      element('orderedList', [li(p('first')), li(p('second'))]),
    );
    const copy = sectionPortalText(fragment, options);
    expect(copy).toBe('Two\u00a0words joined, see E1.\n\n1. first\n2. second');
    // Ours: Two, words, joined,, see, exhibit., first, second = 7. Word's: "Two words" is one word,
    // and the markers "1." and "2." are two more = 8.
    expect(countWords(sectionPlainText(fragment))).toBe(7);
    expect(countWordsAsWordProcessor(copy)).toBe(8);
  });
});
