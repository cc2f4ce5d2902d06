import { emptyEvidence, emptyTestimonial, type ProvenanceDto } from '@jointly/shared';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ItemsPanel } from './ItemsPanel.tsx';

const ada = {
  userId: 'u1',
  name: 'Ada Lovelace',
  organisation: { id: 'o1', name: 'Leeds Teaching Hospitals NHS Trust' },
};
const bob = { userId: 'u2', name: 'Bob Smith', organisation: { id: 'o2', name: 'Acme Health Ltd' } };

const PROVENANCE: ProvenanceDto = {
  entryId: 'entry1',
  sections: [],
  register: [],
  items: [
    {
      itemId: 'testimonial01',
      collection: 'testimonials',
      label: 'E2',
      created: { actor: ada, at: '2026-03-03T14:05:00Z' },
      changes: [{ actor: bob, at: '2026-03-04T09:30:00Z' }],
      deleted: null,
    },
  ],
};

const SECTIONS = [
  { id: 'results', title: 'Results' },
  { id: 'value', title: 'Value' },
];

describe('ItemsPanel', () => {
  it('says where an item copied from another entry was first contributed (issue 17 item 3)', () => {
    const copied: ProvenanceDto = {
      ...PROVENANCE,
      items: [
        {
          ...PROVENANCE.items[0]!,
          origin: {
            firstContributedBy: bob,
            entry: { id: 'entry0', title: 'Virtual wards 2026' },
            via: 'copy',
            copiedBy: ada,
            copiedAt: '2026-03-03T14:05:00Z',
          },
        },
      ],
    };
    render(
      <ItemsPanel
        entryId="entry1"
        doc={new Y.Doc()}
        items={{
          testimonials: [{ ...emptyTestimonial(), id: 'testimonial01', quote: 'Quicker.', personName: 'Ann Jones' }],
          evidence: [],
          citations: {},
        }}
        provenance={copied}
        provenanceFailed={false}
        sections={SECTIONS}
        editable={false}
      />,
    );
    const card = screen.getByRole('heading', { level: 4, name: 'E2: Ann Jones' }).closest('li') as HTMLElement;
    expect(
      within(card).getByText('First contributed by Bob Smith (Acme Health Ltd) in entry “Virtual wards 2026”'),
    ).toBeTruthy();
  });

  it('shows an item with its exhibit label, who added and changed it, and its flags', () => {
    render(
      <ItemsPanel
        entryId="entry1"
        doc={new Y.Doc()}
        items={{
          testimonials: [
            {
              ...emptyTestimonial(),
              id: 'testimonial01',
              quote: 'The new pathway changed my care.',
              personName: 'Ann Jones',
              kind: 'patient',
              sectionIds: ['results'],
            },
          ],
          evidence: [{ ...emptyEvidence(), id: 'evidence0001', title: 'Readmissions', kind: 'metric' }],
          citations: { results: ['evidence0001'] },
        }}
        provenance={PROVENANCE}
        provenanceFailed={false}
        sections={SECTIONS}
        editable
      />,
    );
    const panel = screen.getByRole('region', { name: 'Testimonials and evidence' });
    const testimonial = within(panel).getByRole('heading', { level: 4, name: 'E2: Ann Jones' });
    const card = testimonial.closest('li') as HTMLElement;
    expect(within(card).getByText(/Added by Ada Lovelace \(Leeds Teaching Hospitals NHS Trust\)/)).toBeTruthy();
    expect(within(card).getByText(/Changed by Bob Smith \(Acme Health Ltd\)/)).toBeTruthy();
    expect(within(card).getByText('Supports: Results')).toBeTruthy();
    expect(within(card).getByText('Not cited in any section’s text')).toBeTruthy();
    expect(within(card).getByText('Consent has not been recorded as obtained')).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Anonymise testimonial: Ann Jones' })).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Change testimonial: Ann Jones' })).toBeTruthy();
    // No label yet for the evidence: the server has not assigned one.
    expect(within(panel).getByRole('heading', { level: 4, name: 'Label pending: Readmissions' })).toBeTruthy();
    expect(within(panel).getAllByRole('status')[0]?.textContent).toBe('Warning: 1 item needs attention.');
  });

  it('is read-only for viewers', () => {
    render(
      <ItemsPanel
        entryId="entry1"
        doc={new Y.Doc()}
        items={{ testimonials: [], evidence: [], citations: {} }}
        provenance={null}
        provenanceFailed={false}
        sections={SECTIONS}
        editable={false}
      />,
    );
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByText('No testimonials yet.')).toBeTruthy();
  });

  it('I13: flags evidence dated outside the category’s window, in words, and counts it as needing attention', () => {
    render(
      <ItemsPanel
        entryId="entry1"
        doc={new Y.Doc()}
        items={{
          testimonials: [],
          evidence: [
            { ...emptyEvidence(), id: 'evidence0001', title: 'Old audit', kind: 'metric', date: '2023-01-31' },
            { ...emptyEvidence(), id: 'evidence0002', title: 'New audit', kind: 'metric', date: '2025-06-30' },
          ],
          citations: { results: ['evidence0001', 'evidence0002'] },
        }}
        provenance={null}
        provenanceFailed={false}
        sections={SECTIONS}
        evidenceWindow={{ from: '2024-05-15', to: '2026-05-15', reference: 'deadline', months: 24 }}
        editable={false}
      />,
    );
    const old = screen
      .getByRole('heading', { level: 4, name: 'Label pending: Old audit' })
      .closest('li') as HTMLElement;
    expect(within(old).getByText('Needs attention')).toBeTruthy();
    expect(
      within(old).getByText(
        'Dated 31 January 2023, more than 24 months before the entry deadline (15 May 2026): the category counts evidence dated from 15 May 2024',
      ),
    ).toBeTruthy();
    const recent = screen
      .getByRole('heading', { level: 4, name: 'Label pending: New audit' })
      .closest('li') as HTMLElement;
    expect(within(recent).queryByText('Needs attention')).toBeNull();
    expect(screen.getAllByRole('status')[0]?.textContent).toBe('Warning: 1 item needs attention.');
  });
});
