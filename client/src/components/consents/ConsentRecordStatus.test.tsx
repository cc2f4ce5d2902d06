import type { ConsentRecordDto } from '@jointly/shared';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsentRecordStatus } from './ConsentRecordStatus.tsx';
import { RecordConsentFields } from './RecordConsentFields.tsx';

const actor = { userId: 'u1', name: 'Priya Shah', organisation: { id: 'o1', name: 'Leeds Trust' } };
const record: ConsentRecordDto = {
  id: 'abcdefghijklmnop',
  organisation: { id: 'o1', name: 'Leeds Trust' },
  recordedInEntryId: 'e1',
  personName: 'Zoë Patient',
  givenBy: 'representative',
  representativeName: 'Łukasz Carer',
  representativeRelationship: 'Son',
  uses: ['judging', 'publication'],
  method: 'signed_form',
  methodDetail: null,
  evidenceFileIds: ['bcdefghijklmnopq'],
  givenOn: '2026-03-01',
  expiresOn: '2031-03-01',
  status: 'valid',
  recordedBy: actor,
  recordedAt: '2026-03-02T10:00:00Z',
  withdrawal: null,
  canWithdraw: true,
};

const respond = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

describe('consent records in the testimonial form (issue 18 item 1)', () => {
  it('shows the status as text, and withdraws with a reason by keyboard', async () => {
    const withdrawn: ConsentRecordDto = {
      ...record,
      status: 'withdrawn',
      canWithdraw: false,
      withdrawal: { at: '2026-04-05T09:00:00Z', by: actor, reason: 'Asked us to stop' },
    };
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) =>
      init?.method === 'POST' ? respond(200, withdrawn) : respond(200, record),
    );
    vi.stubGlobal('fetch', fetchMock);
    render(<ConsentRecordStatus entryId="e1" consentId={record.id} idPrefix="t" />);
    expect(await screen.findByText('Valid until 1 March 2031')).toBeTruthy();
    expect(screen.getByText('Łukasz Carer (Son) for Zoë Patient')).toBeTruthy();
    expect(screen.getByText('Judging the award and Publication')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Withdraw consent' }));
    const reason = screen.getByLabelText('Why is consent withdrawn?');
    expect(document.activeElement).toBe(reason);
    // An empty reason is refused before anything is sent.
    fireEvent.click(screen.getByRole('button', { name: 'Confirm withdrawal' }));
    expect(await screen.findByText('Say why consent is withdrawn')).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    fireEvent.change(reason, { target: { value: 'Asked us to stop' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Confirm withdrawal' }));
    });
    expect(fetchMock).toHaveBeenLastCalledWith(
      '/api/entries/e1/consents/abcdefghijklmnop/withdraw',
      expect.objectContaining({ method: 'POST', body: JSON.stringify({ reason: 'Asked us to stop' }) }),
    );
    expect(
      await screen.findByText(/Withdrawn on 5 April 2026 by Priya Shah \(Leeds Trust\): Asked us to stop/),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Withdraw consent' })).toBeNull();
  });

  it('records a consent: nothing sent until its date is given; uses as checkboxes, a representative, the date sent', async () => {
    const fetchMock = vi.fn(async () => respond(201, record));
    vi.stubGlobal('fetch', fetchMock);
    const onRecorded = vi.fn();
    render(<RecordConsentFields entryId="e1" personName="Zoë Patient" idPrefix="t" onRecorded={onRecorded} />);
    expect(screen.getByRole('group', { name: 'What this consent covers' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Record consent' }));
    expect(await screen.findByText('Enter the date consent was given')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();

    fireEvent.click(screen.getByLabelText(/A representative/));
    fireEvent.change(screen.getByLabelText('Representative’s name'), { target: { value: 'Łukasz Carer' } });
    fireEvent.change(screen.getByLabelText('Their relationship to the person'), { target: { value: 'Son' } });
    fireEvent.click(screen.getByLabelText('Social media'));
    fireEvent.change(screen.getByLabelText('Date given'), { target: { value: '2026-03-01' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Record consent' }));
    });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/entries/e1/consents');
    expect(JSON.parse(init.body as string)).toEqual({
      personName: 'Zoë Patient',
      givenBy: 'representative',
      representativeName: 'Łukasz Carer',
      representativeRelationship: 'Son',
      uses: ['judging', 'social_media'],
      method: 'signed_form',
      evidenceFileIds: [],
      givenOn: '2026-03-01',
    });
    expect(onRecorded).toHaveBeenCalledWith(record);
  });
});
