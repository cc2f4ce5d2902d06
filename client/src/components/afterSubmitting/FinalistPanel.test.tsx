import type { FinalistStageDto, MemberDto } from '@jointly/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FinalistPanel } from './FinalistPanel.tsx';
import { FinalistStageForm } from './FinalistStageForm.tsx';

const trust = { id: 'o1', name: 'Northshire NHS Trust', kind: 'nhs_trust' as const };
const supplier = { id: 'o2', name: 'MedLogix Ltd', kind: 'supplier' as const };
const member = (userId: string, name: string, organisation: typeof trust | typeof supplier): MemberDto => ({
  userId,
  name,
  email: `${userId}@example.org`,
  role: 'contributor',
  organisation: organisation as MemberDto['organisation'],
  organisationStatus: 'confirmed',
  joinedAt: '2026-01-01T00:00:00.000Z',
});
const MEMBERS = [member('u1', 'Priya Shah', trust), member('u2', 'Tom Reed', supplier)];
const STAGE: FinalistStageDto = {
  open: true,
  timeLimitMinutes: 10,
  wordsPerMinute: 130,
  presenters: [{ userId: 'u2', name: 'Tom Reed', organisation: { id: 'o2', name: 'MedLogix Ltd' } }],
  notes: [
    {
      id: 'n1',
      rehearsedOn: '2026-06-10',
      note: 'Ran 11 minutes.\nCut the history.',
      author: { userId: 'u1', name: 'Priya Shah', organisation: { id: 'o1', name: 'Northshire NHS Trust' } },
      createdAt: '2026-06-10T10:00:00.000Z',
    },
  ],
};

describe('FinalistPanel', () => {
  it('shows a viewer the time limit, presenters and notes, with nothing to change', async () => {
    await act(async () => {
      render(
        <FinalistPanel
          entry={{ id: 'e1', role: 'viewer', status: 'submitted', members: MEMBERS }}
          load={vi.fn(async () => STAGE)}
        />,
      );
    });
    const region = screen.getByRole('region', { name: 'Finalist stage' });
    expect(within(region).getByText(/10 minutes, about 1,300 words at 130 words a minute/)).toBeTruthy();
    expect(within(region).getByText('Tom Reed (MedLogix Ltd)')).toBeTruthy();
    expect(within(region).getByText(/Cut the history/).textContent).toBe('Ran 11 minutes.\nCut the history.');
    expect(within(region).queryByRole('button')).toBeNull();
  });

  it('shows nothing before the stage opens when nothing was recorded', async () => {
    const closed = { ...STAGE, open: false, timeLimitMinutes: null, presenters: [], notes: [] };
    await act(async () => {
      render(
        <FinalistPanel
          entry={{ id: 'e2', role: 'lead', status: 'submitted', members: MEMBERS }}
          load={vi.fn(async () => closed)}
        />,
      );
    });
    expect(screen.queryByRole('region', { name: 'Finalist stage' })).toBeNull();
  });
});

describe('FinalistStageForm', () => {
  it('sends the lead’s choice of presenters across organisations, and refuses a blank time limit before sending', async () => {
    const save = vi.fn(async () => STAGE);
    render(
      <FinalistStageForm
        entry={{ id: 'e3', members: MEMBERS }}
        current={{ ...STAGE, timeLimitMinutes: null }}
        onSaved={() => {}}
        save={save}
      />,
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save the finalist stage' }));
    });
    expect(save).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('time limit');
    fireEvent.change(screen.getByLabelText('Time limit in minutes'), { target: { value: '8' } });
    fireEvent.click(screen.getByLabelText('Priya Shah (Northshire NHS Trust)'));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save the finalist stage' }));
    });
    expect(save).toHaveBeenCalledWith('e3', { timeLimitMinutes: 8, wordsPerMinute: 130, presenterIds: ['u2', 'u1'] });
  });
});
