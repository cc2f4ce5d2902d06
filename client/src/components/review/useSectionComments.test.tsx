import type { CommentThreadDto } from '@jointly/shared';
import { act, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { publishEntryEvent } from '../../collab/entryEvents.ts';
import { AnchoredComments } from './AnchoredComments.tsx';
import { SectionComments } from './SectionComments.tsx';
import { useSectionComments } from './useSectionComments.ts';

const SECTION = { id: 's1', title: 'Benefits' };
const priya = { userId: 'u1', name: 'Priya Shah', organisation: { id: 'o1', name: 'Leeds Teaching Hospitals' } };
const thread = (id: string, body: string, anchored: boolean): CommentThreadDto => ({
  id,
  sectionId: SECTION.id,
  author: priya,
  body,
  mentions: [],
  createdAt: '2026-03-01T10:00:00Z',
  resolved: false,
  resolvedBy: null,
  resolvedAt: null,
  replies: [],
  ...(anchored ? { anchor: { start: 'AA==', end: 'AA==', quote: 'fell by a third' } } : {}),
});

/** Both views of a section's threads, as the entry page shows them: the margin and the list. */
function Section({ load }: { load: () => Promise<CommentThreadDto[]> }) {
  const comments = useSectionComments('e1', SECTION.id, { load });
  const shared = { section: SECTION, comments, members: [], meUserId: 'u1', mayComment: true, submitted: false };
  return (
    <>
      <AnchoredComments {...shared} editor={null} handlers={{ current: {} }}>
        <p>the text</p>
      </AnchoredComments>
      <SectionComments {...shared} entryId="e1" />
    </>
  );
}

describe('a section’s comments, shared by the margin and the list', () => {
  it('are read once for both views, each showing its own threads, and once again on a comments event', async () => {
    const load = vi.fn(async () => [thread('t1', 'On the words', true), thread('t2', 'On the section', false)]);
    await act(async () => {
      render(<Section load={load} />);
    });
    expect(load).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('region', { name: 'Comment on fell by a third' }).textContent).toContain('On the words');
    expect(document.querySelector('summary')?.textContent).toBe('Comments on Benefits (1 open)');
    const list = screen.getByRole('list', { name: 'Comment threads on Benefits' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(list.textContent).toContain('On the section');

    await act(async () => publishEntryEvent('e1', { kind: 'comments', sectionId: 'another' }));
    expect(load).toHaveBeenCalledTimes(1);
    await act(async () => publishEntryEvent('e1', { kind: 'comments', sectionId: SECTION.id }));
    expect(load).toHaveBeenCalledTimes(2);
  });
});
