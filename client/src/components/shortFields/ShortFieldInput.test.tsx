import type { ShortFieldRule } from '@jointly/shared';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AboutTheEntryCard } from './AboutTheEntryCard.tsx';
import { ShortFieldInput } from './ShortFieldInput.tsx';
import { mapPosition, shortFieldTextIn, writeShortField } from './shortFieldText.ts';

const TITLE: ShortFieldRule = {
  id: 'project-title',
  label: 'Project title',
  charLimit: 40,
  wordLimit: 3,
  required: true,
};
const SUMMARY: ShortFieldRule = { id: 'summary', label: 'Summary', charLimit: 100, required: false };

/** Two people's documents, each update relayed to the other as the server would. */
function twoPeople() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'relay') act(() => Y.applyUpdate(b, update, 'relay'));
  });
  b.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'relay') act(() => Y.applyUpdate(a, update, 'relay'));
  });
  return { a, b };
}

describe('writeShortField', () => {
  it('writes only what changed, so two people typing at once both keep their words', () => {
    const { a, b } = twoPeople();
    writeShortField(a, 'project-title', 'Outpatients');
    const early = Y.encodeStateVector(b);
    // Offline at once: one adds at the start, the other at the end.
    const offlineA = new Y.Doc();
    Y.applyUpdate(offlineA, Y.encodeStateAsUpdate(a));
    writeShortField(offlineA, 'project-title', 'Shared outpatients');
    writeShortField(b, 'project-title', 'Outpatients, together');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(offlineA, early));
    expect(shortFieldTextIn(b, 'project-title')?.toString()).toBe('Shared outpatients, together');
  });

  it('keeps a caret where it was in the text through another person’s change', () => {
    // "abcdef", caret after "d" (4): "XY" inserted at 1 moves it to 6; deleting "ab" moves it to 2.
    expect(mapPosition(4, [{ retain: 1 }, { insert: 'XY' }])).toBe(6);
    expect(mapPosition(4, [{ delete: 2 }])).toBe(2);
    expect(mapPosition(4, [{ retain: 5 }, { insert: 'later' }])).toBe(4);
    expect(mapPosition(4, [{ retain: 3 }, { delete: 3 }])).toBe(3);
  });
});

describe('ShortFieldInput', () => {
  it('is bound live: what one person types shows in the other’s input, with the counts', () => {
    const { a, b } = twoPeople();
    render(<ShortFieldInput doc={a} field={TITLE} editable />);
    const { container } = render(<ShortFieldInput doc={b} field={TITLE} editable />);
    const inputs = screen.getAllByLabelText('Project title') as HTMLInputElement[];
    expect(inputs).toHaveLength(2);
    const [mine, theirs] = inputs as [HTMLInputElement, HTMLInputElement];
    expect(mine.maxLength).toBe(40);
    fireEvent.change(mine, { target: { value: 'Outpatients together' } });
    expect(theirs.value).toBe('Outpatients together');
    expect(container.textContent).toContain('20 of 40 characters; 2 of 3 words');
    fireEvent.change(theirs, { target: { value: 'Outpatients, together, in Northshire' } });
    expect(mine.value).toBe('Outpatients, together, in Northshire');
    expect(container.textContent).toContain('1 word over the limit');
    expect(theirs.getAttribute('aria-invalid')).toBe('true');
    expect(theirs.getAttribute('aria-describedby')).toBe('short-field-project-title-count');
  });

  it('follows a field another person creates after the input opened, and is read-only when not editable', () => {
    const { a, b } = twoPeople();
    render(<ShortFieldInput doc={b} field={SUMMARY} editable={false} />);
    const input = screen.getByLabelText('Summary (optional)') as HTMLInputElement;
    expect(input.readOnly).toBe(true);
    act(() => writeShortField(a, 'summary', 'Waiting times halved'));
    expect(input.value).toBe('Waiting times halved');
    fireEvent.change(input, { target: { value: 'vandalism' } });
    expect(shortFieldTextIn(b, 'summary')?.toString()).toBe('Waiting times halved');
  });
});

describe('AboutTheEntryCard', () => {
  it('is a labelled region with one input per field, and nothing for a category with none', () => {
    const doc = new Y.Doc();
    const { rerender } = render(<AboutTheEntryCard entryId="e1" doc={doc} fields={[TITLE, SUMMARY]} editable />);
    const region = screen.getByRole('region', { name: 'About the entry' });
    expect(region.querySelectorAll('input')).toHaveLength(2);
    rerender(<AboutTheEntryCard entryId="e1" doc={doc} fields={[]} editable />);
    expect(screen.queryByRole('region', { name: 'About the entry' })).toBeNull();
  });
});
