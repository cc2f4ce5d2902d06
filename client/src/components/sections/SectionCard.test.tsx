import { sectionCharLimit, sectionContentHash } from '@jointly/shared';
import { findCategory } from '@jointly/templates';
import { act, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { Presence } from '../../collab/presenceFromAwareness.ts';
import { SectionCard } from './SectionCard.tsx';

const category = findCategory('hsj-partnership-long-term-partnership');
const template = category?.sections[0];
if (!template) throw new Error('seed category missing');

const section = {
  id: template.id,
  title: template.title,
  summary: template.summary,
  prompts: template.prompts,
  wordLimit: template.wordLimit,
  status: 'not_started' as const,
  words: 7,
};

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

const zoe: Presence = {
  clientId: 9,
  userId: 'u9',
  name: 'Zoe Smith',
  organisationId: 'o9',
  organisationName: 'Supplier Ltd',
  color: '#007f3b',
  sectionId: section.id,
  isSelf: false,
};

describe('SectionCard', () => {
  it('renders the section from its template: title, prompts, word limit, status', () => {
    render(
      <SectionCard section={section} position={1} total={5} fragment={null} documentLoaded={false} people={[]}>
        <div />
      </SectionCard>,
    );
    const region = screen.getByRole('region', { name: template.title });
    expect(within(region).getByRole('heading', { level: 2, name: template.title })).toBeTruthy();
    expect(within(region).getByText('Section 1 of 5')).toBeTruthy();
    for (const prompt of template.prompts) expect(within(region).getByText(prompt)).toBeTruthy();
    // Before the document is loaded, the server's stored count shows.
    expect(region.querySelector('.jointly-word-count')?.textContent).toBe(`7 of ${template.wordLimit} words`);
    expect(within(region).getByText('In progress')).toBeTruthy();
  });

  it('counts words live from the shared document, and flags going over the limit', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment(`section:${section.id}`);
    render(
      <SectionCard section={section} position={2} total={5} fragment={fragment} documentLoaded people={[zoe]}>
        <div />
      </SectionCard>,
    );
    const count = () => document.querySelector('.jointly-word-count')?.textContent;
    expect(count()).toBe('0 of 400 words');
    expect(screen.getByText('Not started')).toBeTruthy();
    act(() => fragment.insert(0, [paragraph('Five years of joint work')]));
    expect(count()).toBe('5 of 400 words');
    act(() => fragment.insert(1, [paragraph(Array.from({ length: 400 }, () => 'word').join(' '))]));
    expect(count()).toBe('405 of 400 words – 5 words over the limit');
    expect(screen.getAllByRole('status').map((status) => status.textContent)).toContain(
      `${section.title} is over its 400 word limit.`,
    );
    expect(screen.getByText('Zoe Smith')).toBeTruthy();
  });
});

describe('SectionCard word count placement (issue 11 item 11)', () => {
  it('I11-11: puts the word count and size notice in a sticky bar right after the text, so they stay in view while writing', () => {
    render(
      <SectionCard section={section} position={1} total={5} fragment={null} documentLoaded={false} people={[]}>
        <div data-testid="editor" />
      </SectionCard>,
    );
    const count = document.getElementById(`section-${section.id}-words`);
    const bar = count?.parentElement;
    expect(bar?.className).toBe('jointly-section__count');
    expect(bar?.previousElementSibling).toBe(screen.getByTestId('editor'));
    expect(bar?.querySelector(`#section-${section.id}-size`)).toBeTruthy();
    // Not in the header any more, where it scrolled away above a long text.
    expect(document.querySelector('.jointly-section__header .jointly-word-count')).toBeNull();
  });
});

describe('SectionCard size notice (issue 10, finding 8; C-SCHEMA-3)', () => {
  it('I10-8: says, in a polite live region near the word count, when the section is close to and at its size limit', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment(`section:${section.id}`);
    const limit = sectionCharLimit(section.wordLimit);
    expect(limit).toBe(4800);
    render(
      <SectionCard section={section} position={1} total={5} fragment={fragment} documentLoaded people={[]}>
        <div />
      </SectionCard>,
    );
    const region = screen.getByRole('region', { name: template.title });
    const notice = region.querySelector<HTMLElement>(`#section-${section.id}-size`);
    if (!notice) throw new Error('no size notice');
    expect(notice.getAttribute('role')).toBe('status');
    expect(notice.getAttribute('aria-live')).toBe('polite');
    expect(notice.textContent).toBe('');
    act(() => fragment.insert(0, [paragraph('a'.repeat((limit / 10) * 9 - 1))]));
    expect(notice.textContent).toBe('');
    act(() => fragment.insert(1, [paragraph('b')]));
    expect(notice.textContent).toBe('This section is close to its size limit of 4,800 characters.');
    act(() => fragment.insert(2, [paragraph('c'.repeat(limit / 10))]));
    expect(notice.textContent).toBe(
      'This section is at its size limit of 4,800 characters. Remove some text to add more.',
    );
    expect(notice.className).toContain('jointly-size-notice--at');
    act(() => fragment.delete(2, 1));
    expect(notice.textContent).toBe('This section is close to its size limit of 4,800 characters.');
  });
});

describe('SectionCard sign-off status', () => {
  it('shows "Changed since approval" within a second of a change to the live document, for anyone', async () => {
    vi.useFakeTimers();
    try {
      const doc = new Y.Doc();
      const fragment = doc.getXmlFragment(`section:${section.id}`);
      fragment.insert(0, [paragraph('Five years of joint work')]);
      const approved = {
        ...section,
        status: 'approved' as const,
        approval: {
          contentHash: sectionContentHash(fragment),
          approvedBy: { userId: 'u1', name: 'Priya Shah', organisation: { id: 'o1', name: 'Leeds Trust' } },
          approvedAt: '2026-03-01T10:00:00Z',
        },
      };
      render(
        <SectionCard
          section={approved}
          position={1}
          total={5}
          fragment={fragment}
          documentLoaded
          people={[]}
          signoff={{ entryId: 'e1', mayApprove: false, onApproved: () => undefined }}
        >
          <div />
        </SectionCard>,
      );
      const region = screen.getByRole('region', { name: template.title });
      expect(within(region).getByText('Approved', { selector: '.nhsuk-tag' })).toBeTruthy();
      // Not a lead: no approve button, but anyone may see what changed.
      expect(within(region).queryByRole('button', { name: `Approve ${template.title}` })).toBeNull();
      expect(within(region).getByText('What changed since approval')).toBeTruthy();

      act(() => fragment.insert(1, [paragraph('A new paragraph')]));
      act(() => vi.advanceTimersByTime(250));
      expect(within(region).getByText('Changed since approval', { selector: '.nhsuk-tag' })).toBeTruthy();

      // Back to the approved content: approved again.
      act(() => fragment.delete(1, 1));
      act(() => vi.advanceTimersByTime(250));
      expect(within(region).getByText('Approved', { selector: '.nhsuk-tag' })).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('offers a lead "Approve <section title>" while the section is not approved for its content', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment(`section:${section.id}`);
    fragment.insert(0, [paragraph('Draft text')]);
    render(
      <SectionCard
        section={{ ...section, approval: null }}
        position={1}
        total={5}
        fragment={fragment}
        documentLoaded
        people={[]}
        signoff={{ entryId: 'e1', mayApprove: true, onApproved: () => undefined }}
      >
        <div />
      </SectionCard>,
    );
    expect(screen.getByRole('button', { name: `Approve ${template.title}` })).toBeTruthy();
    expect(screen.getByText('In progress', { selector: '.nhsuk-tag' })).toBeTruthy();
  });
});
