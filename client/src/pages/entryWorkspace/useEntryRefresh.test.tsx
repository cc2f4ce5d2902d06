import type { SubmissionDto } from '@jointly/shared';
import { renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SIGNOFF_REFRESH_MS } from '../../config.ts';
import { fakeFetch, testEntry } from './testEntry.ts';
import { useEntryRefresh } from './useEntryRefresh.ts';

const actor = { userId: 'u1', name: 'Priya Shah', organisation: { id: 'org1', name: 'Leeds' } };
const submission = (version: number): SubmissionDto => ({
  version,
  contentHash: `h${version}`,
  submittedBy: actor,
  submittedAt: '2026-03-01T10:00:00Z',
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('I12-5: the workspace keeps itself current (useEntryRefresh)', () => {
  it('reads versions and activity, and names the highest version as the latest', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(fakeFetch({ '/submissions': [submission(1), submission(3), submission(2)], '/activity': [] })),
    );
    const entry = testEntry();
    const { result } = renderHook(() => useEntryRefresh(entry, async () => undefined, false));
    await waitFor(() => expect(result.current.latestSubmission?.version).toBe(3));
    expect(result.current.activity.data).toEqual([]);
    expect(result.current.submissions.failed).toBe(false);
  });

  it('reads the entry again every SIGNOFF_REFRESH_MS while the connection runs, never once it stopped', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const fetchMock = vi.fn(fakeFetch({ '/submissions': [], '/activity': [] }));
    vi.stubGlobal('fetch', fetchMock);
    const reload = vi.fn(async () => undefined);
    const entry = testEntry();
    const { rerender } = renderHook(({ stopped }) => useEntryRefresh(entry, reload, stopped), {
      initialProps: { stopped: false },
    });
    vi.advanceTimersByTime(SIGNOFF_REFRESH_MS * 2);
    expect(reload).toHaveBeenCalledTimes(2);

    rerender({ stopped: true });
    fetchMock.mockClear();
    vi.advanceTimersByTime(SIGNOFF_REFRESH_MS * 3);
    expect(reload).toHaveBeenCalledTimes(2);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('says when the entry is submitted or reopened, and nothing on opening', () => {
    vi.stubGlobal('fetch', vi.fn(fakeFetch({ '/submissions': [], '/activity': [] })));
    // Each reading of the entry is a new object, as reloading the page's entry gives.
    const submitted = testEntry({ status: 'submitted' });
    const draft = testEntry({ status: 'draft' });
    const { result, rerender } = renderHook(({ entry }) => useEntryRefresh(entry, async () => undefined, false), {
      initialProps: { entry: submitted },
    });
    expect(result.current.statusAnnouncement).toBe('');
    rerender({ entry: draft });
    expect(result.current.statusAnnouncement).toBe('This entry has been reopened for editing.');
    rerender({ entry: { ...submitted } });
    expect(result.current.statusAnnouncement).toBe('This entry has been submitted. It can no longer be changed.');
  });
});
