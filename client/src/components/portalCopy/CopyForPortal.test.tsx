import {
  addItem,
  CITATION_ITEM_ID_ATTRIBUTE,
  CITATION_NODE,
  EVIDENCE_MAP,
  emptyEvidence,
  readEvidence,
} from '@jointly/shared';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { ExhibitState } from '../../editor/ExhibitDirectory.ts';
import { CopyForPortal, copiedMessage } from './CopyForPortal.tsx';
import { portalCopyOf, portalCopyReady } from './portalCopyOf.ts';

/** A section with a citation of the second live exhibit and a numbered list, as the editor stores them. */
function sectionWithCitation() {
  const doc = new Y.Doc();
  const evidence = doc.getMap(EVIDENCE_MAP);
  addItem(evidence, { ...emptyEvidence(), title: 'Waiting times', kind: 'metric' }, 'evidence-a');
  addItem(evidence, { ...emptyEvidence(), title: 'Clinic audit', kind: 'metric' }, 'evidence-c');
  const fragment = doc.getXmlFragment('section:context');
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  const citation = new Y.XmlElement(CITATION_NODE);
  citation.setAttribute(CITATION_ITEM_ID_ATTRIBUTE, 'evidence-c');
  paragraph.insert(0, [text, citation]);
  text.insert(0, 'The audit agreed,\u00a0twice, ');
  const list = new Y.XmlElement('orderedList');
  const item = new Y.XmlElement('listItem');
  const itemParagraph = new Y.XmlElement('paragraph');
  const itemText = new Y.XmlText();
  itemParagraph.insert(0, [itemText]);
  itemText.insert(0, 'listen');
  item.insert(0, [itemParagraph]);
  list.insert(0, [item]);
  fragment.insert(0, [paragraph, list]);
  return { fragment, items: { testimonials: [], evidence: readEvidence(evidence) } };
}

describe('portalCopyOf', () => {
  it('reads citations with the judges’ numbers (the app’s E3 is the second exhibit: E2) and counts both ways', () => {
    const { fragment, items } = sectionWithCitation();
    // E2 was deleted: the app's labels are E1 and E3, the judges read E1 and E2.
    const labels: Record<string, string> = { 'evidence-a': 'E1', 'evidence-c': 'E3' };
    const copied = portalCopyOf(fragment, items, (id) => labels[id] ?? null);
    expect(copied.text).toBe('The audit agreed,\u00a0twice, see E2\n\n1. listen');
    // Word: The, audit, "agreed, twice," (joined by the no-break space), see, E2, 1., listen.
    expect(copied.words).toBe(7);
    // Ours: The, audit, agreed,, twice,, see, exhibit, listen.
    expect(copied.ourWords).toBe(7);
  });

  it('is not ready until the labels are read and every cited exhibit is numbered or gone', () => {
    const states: Record<string, ExhibitState> = {
      numbered: { status: 'labelled', label: 'E1' },
      deleted: { status: 'missing' },
      fresh: { status: 'pending' },
    };
    const stateOf = (id: string): ExhibitState => states[id] ?? { status: 'unknown' };
    expect(portalCopyReady(false, [], stateOf)).toBe(false);
    expect(portalCopyReady(true, ['numbered', 'deleted'], stateOf)).toBe(true);
    // An item added a moment ago, its label not yet sent: "see [label pending]" must not reach the portal.
    expect(portalCopyReady(true, ['numbered', 'fresh'], stateOf)).toBe(false);
    expect(portalCopyReady(true, ['not-yet-loaded'], stateOf)).toBe(false);
  });
});

describe('CopyForPortal', () => {
  it('copies the section’s text by a button named for the section and says the word count on the page', async () => {
    const copy = vi.fn(async () => {});
    render(
      <CopyForPortal
        sectionTitle="Context and evolution"
        read={() => ({ text: 'Waits halved, see E2.', words: 4, ourWords: 4 })}
        copy={copy}
      />,
    );
    const button = screen.getByRole('button', { name: 'Copy for the portal: Context and evolution' });
    await act(async () => {
      fireEvent.click(button);
    });
    expect(copy).toHaveBeenCalledWith('Waits halved, see E2.');
    expect(screen.getByRole('status').textContent).toBe(
      'Copied for the portal: 4 words, as a word processor counts them.',
    );
  });

  it('explains a count that differs from Jointly’s, and says so when the browser refuses the clipboard', async () => {
    expect(copiedMessage({ text: '- a\n- b', words: 4, ourWords: 2 })).toContain('Jointly counts 2');
    render(
      <CopyForPortal
        sectionTitle="Benefits"
        read={() => ({ text: 'x', words: 1, ourWords: 1 })}
        copy={async () => {
          throw new Error('NotAllowedError');
        }}
      />,
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy for the portal: Benefits' }));
    });
    expect(screen.getByRole('alert').textContent).toContain('did not let Jointly use the clipboard');
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('asks to wait while the document is not loaded', async () => {
    const copy = vi.fn(async () => {});
    render(<CopyForPortal sectionTitle="Benefits" read={() => null} copy={copy} />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy for the portal: Benefits' }));
    });
    expect(copy).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('still loading');
  });
});
