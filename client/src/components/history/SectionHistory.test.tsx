import type { SectionCompareDto, SectionDto, SectionHistoryDto, SectionVersionDto } from '@jointly/shared';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { publishEntryEvent } from '../../collab/entryEvents.ts';
import { SectionHistory } from './SectionHistory.tsx';

const section: SectionDto = {
  id: 'impact',
  title: 'Impact',
  summary: '',
  wordLimit: 400,
  status: 'in_progress',
  prompts: [],
  words: 12,
};
const by = { userId: 'u1', name: 'Priya Shah', organisation: { id: 'o1', name: 'Leeds Teaching Hospitals' } };
const version = (id: string, kind: SectionVersionDto['kind'], hash: string, name: string | null = null) =>
  ({ id, kind, name, by, at: '2026-03-01T10:00:00Z', words: 12, contentHash: hash, restoredFrom: null }) as const;

function respond(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** The server as the panel sees it: the history, naming and comparing. */
function serve(history: SectionHistoryDto, compare?: SectionCompareDto) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const method = init.method ?? 'GET';
      calls.push({ method, url, body: init.body ? JSON.parse(String(init.body)) : undefined });
      if (url.includes('/compare')) return respond(200, compare);
      if (method === 'POST') return respond(201, version('h9', 'named', 'now', 'Sent to comms'));
      return respond(200, history);
    }),
  );
  return calls;
}

async function openPanel(mayRestore = true) {
  render(<SectionHistory entryId="e1" section={section} fragment={null} mayRestore={mayRestore} />);
  const details = screen.getByText('History of Impact').closest('details')!;
  await act(async () => {
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('SectionHistory', () => {
  const history: SectionHistoryDto = {
    sectionId: 'impact',
    currentHash: 'now',
    namedVersionsLeft: 99,
    versions: [version('h2', 'named', 'now', 'Sent to comms'), version('a1', 'approval', 'then')],
  };

  it('lists each version with its kind, who and organisation, and words; only others can be restored', async () => {
    serve(history);
    await openPanel();
    const list = await screen.findByRole('list', { name: 'Versions of Impact' });
    const items = list.querySelectorAll('li');
    expect(items[0]!.textContent).toContain('Named version “Sent to comms” (the same as the text now)');
    expect(items[0]!.textContent).toContain('Priya Shah (Leeds Teaching Hospitals)');
    expect(items[0]!.textContent).toContain('12 words');
    expect(items[1]!.textContent).toContain('Approved');
    const restore = screen.getAllByRole('button', { name: /^Restore this version/ });
    expect(restore).toHaveLength(1);
    expect(items[1]!.contains(restore[0]!)).toBe(true);
  });

  it('viewers see no restore button', async () => {
    serve(history);
    await openPanel(false);
    await screen.findByRole('list', { name: 'Versions of Impact' });
    expect(screen.queryAllByRole('button', { name: /^Restore this version/ })).toHaveLength(0);
  });

  it('names a version: refuses an empty name without sending it, then sends the name and announces it', async () => {
    const calls = serve(history);
    await openPanel();
    await screen.findByRole('list', { name: 'Versions of Impact' });
    const save = screen.getByRole('button', { name: 'Save this version' });
    await act(async () => fireEvent.click(save));
    expect(screen.getByText('Enter a name for this version', { exact: false })).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    fireEvent.change(screen.getByRole('textbox', { name: /Name this version/ }), {
      target: { value: 'Sent to comms' },
    });
    await act(async () => fireEvent.click(save));
    expect(calls.find((c) => c.method === 'POST')).toEqual({
      method: 'POST',
      url: '/api/entries/e1/sections/impact/history',
      body: { name: 'Sent to comms' },
    });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Version “Sent to comms” saved.'));
  });

  it('compares: the changed words are marked with hidden words, and focus moves to the result', async () => {
    const calls = serve(history, {
      sectionId: 'impact',
      from: 'a1',
      to: 'current',
      fromHash: 'then',
      toHash: 'now',
      changed: true,
      blocks: [
        {
          kind: 'changed',
          parts: [
            { kind: 'same', text: 'Waits ' },
            { kind: 'removed', text: 'fell' },
            { kind: 'added', text: 'halved' },
          ],
        },
      ],
    });
    await openPanel();
    await screen.findByRole('list', { name: 'Versions of Impact' });
    fireEvent.change(screen.getByRole('combobox', { name: 'From' }), { target: { value: 'a1' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Compare' })));
    expect(calls.at(-1)!.url).toBe('/api/entries/e1/sections/impact/history/compare?from=a1&to=current');
    const heading = await screen.findByRole('heading', { name: /^Changes from Approved/ });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    const diff = screen.getByRole('list', { name: 'Changes, paragraph by paragraph' });
    expect(diff.querySelector('ins')!.textContent).toBe('[added: halved]');
    expect(diff.querySelector('del')!.textContent).toBe('[removed: fell]');
    expect(diff.textContent).toBe('Changed paragraph: Waits [removed: fell][added: halved]');
  });

  it('asks before restoring; Cancel puts focus back on the button', async () => {
    serve(history);
    await openPanel();
    const restore = await screen.findByRole('button', { name: /^Restore this version/ });
    restore.focus();
    await act(async () => fireEvent.click(restore));
    const confirm = screen.getByRole('heading', { name: /^Restore Approved/ });
    expect(document.activeElement).toBe(confirm);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cancel' })));
    expect(screen.queryByRole('heading', { name: /^Restore Approved/ })).toBeNull();
    expect(document.activeElement).toBe(restore);
  });

  it('reads the history again when a version of this section is announced', async () => {
    const calls = serve(history);
    await openPanel();
    await screen.findByRole('list', { name: 'Versions of Impact' });
    const reads = () => calls.filter((c) => c.method === 'GET').length;
    const before = reads();
    await act(async () => publishEntryEvent('e1', { kind: 'history', sectionId: 'other' }));
    expect(reads()).toBe(before);
    await act(async () => publishEntryEvent('e1', { kind: 'history', sectionId: 'impact' }));
    await waitFor(() => expect(reads()).toBe(before + 1));
  });
});
