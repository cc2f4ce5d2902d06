import type { OrganisationSearchResultDto } from '@jointly/shared';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OrganisationPicker, PICKER_SEARCH_DELAY_MS } from './OrganisationPicker.tsx';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const FOUND: OrganisationSearchResultDto[] = [
  { id: 'o1', name: 'Leeds Teaching Hospitals NHS Trust', kind: 'nhs_trust', odsCode: 'RR8' },
  { id: 'o2', name: 'Leeds Community Healthcare', kind: 'nhs_trust', odsCode: null },
];

function Harness({ onPick }: { onPick: (o: OrganisationSearchResultDto | null) => void }) {
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<OrganisationSearchResultDto | null>(null);
  return (
    <OrganisationPicker
      id="organisationName"
      label="Organisation name"
      text={text}
      onTextChange={setText}
      picked={picked}
      onPick={(o) => {
        setPicked(o);
        onPick(o);
      }}
    />
  );
}

async function type(box: HTMLElement, value: string) {
  fireEvent.change(box, { target: { value } });
  await act(async () => {
    vi.advanceTimersByTime(PICKER_SEARCH_DELAY_MS);
  });
  await act(async () => {});
}

describe('OrganisationPicker (issue 15)', () => {
  it('searches as you type and picks by keyboard, announcing what it found', async () => {
    vi.useFakeTimers();
    const fetchMock = vi.fn(
      async (_url: string) =>
        new Response(JSON.stringify({ organisations: FOUND }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const onPick = vi.fn();
    render(<Harness onPick={onPick} />);
    const box = screen.getByRole('combobox', { name: 'Organisation name' });
    await type(box, 'l');
    expect(fetchMock).not.toHaveBeenCalled();
    await type(box, 'leeds');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/organisations?query=leeds');
    expect(box.getAttribute('aria-expanded')).toBe('true');
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      'Leeds Teaching Hospitals NHS Trust NHS trust, ODS code RR8',
      'Leeds Community Healthcare NHS trust',
      'Create a new organisation called “leeds”',
    ]);
    expect(screen.getByRole('status').textContent).toContain('2 organisations found');

    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1]?.id);
    expect(options[1]?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onPick).toHaveBeenLastCalledWith(FOUND[0]);
    expect((box as HTMLInputElement).value).toBe('Leeds Teaching Hospitals NHS Trust');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('listbox')).toBeNull();

    // Typing again unpicks it.
    await type(box, 'Leeds Teaching Hospitals NHS Trus');
    expect(onPick).toHaveBeenLastCalledWith(null);
  });

  it('closes on Escape, and makes the typed name a new organisation when chosen', async () => {
    vi.useFakeTimers();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ organisations: [] }), { status: 200 })),
    );
    const onPick = vi.fn();
    render(<Harness onPick={onPick} />);
    const box = screen.getByRole('combobox', { name: 'Organisation name' });
    await type(box, 'Northern Diagnostics');
    expect(screen.getByRole('status').textContent).toContain('It will be created');
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Create a new organisation called “Northern Diagnostics”',
    ]);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onPick).toHaveBeenLastCalledWith(null);
    expect(screen.getByRole('status').textContent).toContain('Choose its type below');
  });
});
