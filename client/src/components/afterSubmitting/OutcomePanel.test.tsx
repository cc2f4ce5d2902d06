import type { EntryOutcomeDto, EntryOutcomeStateDto } from '@jointly/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { publishEntryEvent, setEntryEventsLive } from '../../collab/entryEvents.ts';
import { OutcomeForm } from './OutcomeForm.tsx';
import { OutcomePanel } from './OutcomePanel.tsx';
import { PublicationSetting } from './PublicationSetting.tsx';

const OUTCOME: EntryOutcomeDto = {
  stage: 'finalist',
  portalSubmittedOn: '2026-03-14',
  feedback: 'Strong co-design.\nMore on outcomes, please.',
  recordedBy: { userId: 'u1', name: 'Priya Shah', organisation: { id: 'o1', name: 'Northshire NHS Trust' } },
  recordedAt: '2026-06-01T10:00:00.000Z',
};

const loaded = (state: EntryOutcomeStateDto) => vi.fn(async () => state);

describe('OutcomePanel', () => {
  it('shows a viewer the outcome and the feedback, with nothing to change', async () => {
    await act(async () => {
      render(
        <OutcomePanel
          entry={{ id: 'e1', role: 'viewer', status: 'submitted' }}
          load={loaded({ outcome: OUTCOME, hasSubmittedVersion: true })}
        />,
      );
    });
    const panel = screen.getByRole('region', { name: 'After submitting' });
    expect(within(panel).getByText('Finalist')).toBeTruthy();
    expect(within(panel).getByText('14 March 2026')).toBeTruthy();
    expect(within(panel).getByText(/Strong co-design\./).textContent).toBe(OUTCOME.feedback);
    expect(within(panel).getByText(/Priya Shah \(Northshire NHS Trust\)/)).toBeTruthy();
    expect(within(panel).queryByRole('button')).toBeNull();
  });

  it('offers a lead nothing to record before a submitted version exists, then reads it again on the event', async () => {
    const load = vi
      .fn<() => Promise<EntryOutcomeStateDto>>()
      .mockResolvedValueOnce({ outcome: null, hasSubmittedVersion: false })
      .mockResolvedValue({ outcome: OUTCOME, hasSubmittedVersion: true });
    await act(async () => {
      render(<OutcomePanel entry={{ id: 'e2', role: 'lead', status: 'draft' }} load={load} />);
    });
    expect(screen.getByText(/Once the entry is submitted/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Record the outcome' })).toBeNull();
    await act(async () => {
      publishEntryEvent('e2', { kind: 'outcome' });
    });
    expect(load).toHaveBeenCalledTimes(2);
    expect(screen.getByRole('button', { name: 'Change the outcome' })).toBeTruthy();
  });

  it('reads the outcome again when events reach the page again (one recorded while the socket reconnected)', async () => {
    const load = vi
      .fn<() => Promise<EntryOutcomeStateDto>>()
      .mockResolvedValueOnce({ outcome: null, hasSubmittedVersion: true })
      .mockResolvedValue({ outcome: OUTCOME, hasSubmittedVersion: true });
    await act(async () => {
      render(<OutcomePanel entry={{ id: 'e4', role: 'viewer', status: 'submitted' }} load={load} />);
    });
    expect(screen.queryByText('Finalist')).toBeNull();
    await act(async () => {
      setEntryEventsLive('e4', true);
    });
    expect(load).toHaveBeenCalledTimes(2);
    expect(screen.getByText('Finalist')).toBeTruthy();
    setEntryEventsLive('e4', false);
  });
});

describe('OutcomeForm', () => {
  it('refuses a missing stage before sending, then saves and announces it', async () => {
    const save = vi.fn(async () => ({ ...OUTCOME, stage: 'winner' as const, feedback: '' }));
    const onSaved = vi.fn();
    render(<OutcomeForm entryId="e3" current={null} onSaved={onSaved} save={save} />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save the outcome' }));
    });
    expect(save).not.toHaveBeenCalled();
    const summary = screen.getByRole('alert');
    expect(summary.textContent).toContain('Choose what happened to the entry');

    fireEvent.click(screen.getByRole('radio', { name: 'Winner' }));
    fireEvent.change(screen.getByLabelText(/Date it was submitted/), { target: { value: '2026-03-14' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save the outcome' }));
    });
    expect(save).toHaveBeenCalledWith('e3', { stage: 'winner', portalSubmittedOn: '2026-03-14', feedback: '' });
    expect(onSaved).toHaveBeenCalled();
    expect(screen.getByRole('status').textContent).toBe('Outcome saved: Winner.');
  });
});

describe('PublicationSetting', () => {
  it('a lead ticks it and hears what it does; others only read it when it is on', async () => {
    const save = vi.fn(async () => ({ notForPublication: true }));
    const onChanged = vi.fn();
    const { unmount } = render(
      <PublicationSetting entryId="e4" notForPublication={false} mayChange onChanged={onChanged} save={save} />,
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('checkbox', { name: 'Not for publication' }));
    });
    expect(save).toHaveBeenCalledWith('e4', { notForPublication: true });
    expect(onChanged).toHaveBeenCalled();
    expect(screen.getByRole('status').textContent).toContain('NOT FOR PUBLICATION');
    unmount();

    const { container, rerender } = render(
      <PublicationSetting entryId="e4" notForPublication={false} mayChange={false} onChanged={() => {}} />,
    );
    expect(container.textContent).toBe('');
    rerender(<PublicationSetting entryId="e4" notForPublication mayChange={false} onChanged={() => {}} />);
    expect(container.textContent).toContain('marked this entry not for publication');
    expect(screen.queryByRole('checkbox')).toBeNull();
  });
});
