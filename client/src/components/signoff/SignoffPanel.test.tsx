import type { EntryDto, MeDto } from '@jointly/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignoffPanel } from './SignoffPanel.tsx';

const leeds = { id: 'org1', name: 'Leeds Teaching Hospitals NHS Trust', kind: 'nhs_trust' as const };
const supplier = { id: 'org2', name: 'Acme Digital Ltd', kind: 'supplier' as const };
const me: MeDto = {
  user: {
    id: 'u1',
    email: 'priya@example.org',
    name: 'Priya Shah',
    emailVerified: true,
    organisationStatus: 'confirmed',
    organisationRole: 'member',
  },
  organisation: leeds,
};

const entry = {
  id: 'e1',
  title: 'Virtual wards together',
  categoryId: 'c',
  categoryName: 'Partnership',
  programme: 'HSJ Partnership Awards 2026',
  deadline: null,
  status: 'draft',
  role: 'lead',
  leadOrganisation: leeds,
  createdAt: '2026-01-01T00:00:00Z',
  progress: { sectionCount: 2, sectionsApproved: 0, wordsUsed: 0, wordLimitTotal: 800, sectionsOverLimit: 0 },
  activeNow: [],
  sections: [
    {
      id: 'context',
      title: 'Context and evolution',
      summary: '',
      wordLimit: 400,
      status: 'in_progress',
      prompts: [],
      words: 3,
    },
    { id: 'impact', title: 'Impact', summary: '', wordLimit: 400, status: 'in_progress', prompts: [], words: 3 },
  ],
  members: [
    {
      userId: 'u1',
      name: 'Priya Shah',
      email: 'priya@example.org',
      role: 'lead',
      organisation: leeds,
      joinedAt: '2026-01-01T00:00:00Z',
      organisationStatus: 'confirmed',
    },
  ],
  organisations: [leeds, supplier],
  contentHash: 'h-now',
  endorsements: [
    {
      organisation: leeds,
      endorsedBy: { userId: 'u1', name: 'Priya Shah', organisation: leeds },
      endorsedAt: '2026-03-01T10:00:00Z',
      contentHash: 'h-old',
      current: false,
    },
  ],
} satisfies EntryDto;

const issues = [
  { path: 'sections.context.approval', message: '“Context and evolution” has not been approved.' },
  { path: 'sections.impact.words', message: '“Impact” has 512 words; the limit is 400.' },
  { path: 'coverage.partner-voice', message: 'A testimonial from each partner. Missing: Acme Digital Ltd.' },
  { path: 'coverage.impact.measured-outcome', message: '“Impact”: A measured outcome. Missing: evidence.' },
  { path: 'testimonials.t1.consent', message: 'Consent for Ann Lee: consent has not been recorded.' },
  {
    path: 'endorsements.org1',
    message: 'Leeds Teaching Hospitals NHS Trust endorsed an earlier version; the entry has changed since.',
  },
  { path: 'endorsements.org2', message: 'Acme Digital Ltd has not endorsed the entry.' },
  { path: 'sections.impact.citations', message: '“Impact” cites E4 which has been deleted.' },
];

/** Presses "Submit entry" and confirms (issue 11 item 7: submitting asks first). */
async function submitAndConfirm() {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Submit entry' }));
  });
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Yes, submit entry' }));
  });
}

function respond(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('SignoffPanel', () => {
  it('shows endorsements per organisation: current, withdrawn, none', () => {
    render(<SignoffPanel entry={entry} me={me} liveEntryHash="h-now" reloadEntry={async () => undefined} />);
    const leedsRow = screen.getByRole('row', { name: /Leeds Teaching Hospitals NHS Trust/ });
    expect(within(leedsRow).getByText('Withdrawn')).toBeTruthy();
    expect(leedsRow.textContent).toContain('Priya Shah');
    expect(within(screen.getByRole('row', { name: /Acme Digital Ltd/ })).getByText('Not endorsed')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Endorse for Leeds Teaching Hospitals NHS Trust' })).toBeTruthy();
  });

  it('on 409 submit_conditions_unmet lists EVERY unmet condition in a focused error summary, linked where possible', async () => {
    const fetchMock = vi.fn(async () =>
      respond(409, {
        error: { code: 'submit_conditions_unmet', message: 'The entry cannot be submitted yet.', issues },
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    render(<SignoffPanel entry={entry} me={me} liveEntryHash="h-now" reloadEntry={async () => undefined} />);
    await submitAndConfirm();

    const summary = document.querySelector('.nhsuk-error-summary') as HTMLElement;
    expect(summary).toBeTruthy();
    expect(document.activeElement).toBe(summary);
    const alert = within(summary).getByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'The entry cannot be submitted yet' })).toBeTruthy();
    const listed = within(alert).getAllByRole('listitem');
    expect(listed.map((item) => item.textContent)).toEqual(issues.map((issue) => issue.message));

    const href = (message: string) => within(alert).getByRole('link', { name: message }).getAttribute('href');
    expect(href(issues[0]!.message)).toBe('#section-context-title');
    expect(href(issues[1]!.message)).toBe('#section-impact-title');
    expect(href(issues[2]!.message)).toBe('#coverage-heading');
    expect(href(issues[3]!.message)).toBe('#section-impact-title');
    expect(href(issues[4]!.message)).toBe('#item-t1-title');
    expect(href(issues[5]!.message)).toBe('#endorsement-org1');
    expect(href(issues[6]!.message)).toBe('#endorsement-org2');
    expect(href(issues[7]!.message)).toBe('#section-impact-title');

    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    const key = (init.headers as Record<string, string>)['Idempotency-Key'];
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('retries an attempt whose outcome is unknown with the same Idempotency-Key, and confirms the submission', async () => {
    const keys: string[] = [];
    let call = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_path: string, init: RequestInit) => {
        keys.push((init.headers as Record<string, string>)['Idempotency-Key']!);
        call++;
        if (call === 1) throw new TypeError('Failed to fetch');
        return respond(201, {
          version: 2,
          contentHash: 'f'.repeat(64),
          submittedBy: { userId: 'u1', name: 'Priya Shah', organisation: leeds },
          submittedAt: '2026-03-02T09:30:00Z',
        });
      }),
    );
    const reloadEntry = vi.fn(async () => undefined);
    render(<SignoffPanel entry={entry} me={me} liveEntryHash="h-now" reloadEntry={reloadEntry} />);
    await submitAndConfirm();
    expect(screen.getByText(/the entry will not be submitted twice/)).toBeTruthy();
    await submitAndConfirm();
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(screen.getByRole('heading', { name: 'Entry submitted' })).toBeTruthy();
    expect(screen.getByText(/Version 2/)).toBeTruthy();
    expect(screen.getByText('f'.repeat(64))).toBeTruthy();
    expect(screen.getByText('Entry submitted as version 2.')).toBeTruthy();
    expect(reloadEntry).toHaveBeenCalled();
  });

  it('I11-7: Submit entry asks first, saying it locks the entry for everyone; Cancel sends nothing and returns focus', async () => {
    const fetchMock = vi.fn(async () => respond(500, {}));
    vi.stubGlobal('fetch', fetchMock);
    render(<SignoffPanel entry={entry} me={me} liveEntryHash="h-now" reloadEntry={async () => undefined} />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Submit entry' }));
    });
    const heading = screen.getByRole('heading', { name: 'Submit this entry?' });
    expect(document.activeElement).toBe(heading);
    expect(screen.getByText(/locks the entry for everyone/)).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    });
    expect(screen.queryByRole('heading', { name: 'Submit this entry?' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Submit entry' }));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('I11-3: an organisation with no lead is named with what to do', () => {
    render(<SignoffPanel entry={entry} me={me} liveEntryHash="h-now" reloadEntry={async () => undefined} />);
    const acme = screen.getByRole('row', { name: /Acme Digital Ltd/ });
    expect(acme.textContent).toContain(
      'Acme Digital Ltd has no lead on this entry, so it cannot endorse. Make someone from Acme Digital Ltd a lead to endorse for it.',
    );
    // Leeds has a lead (me): nothing of the kind.
    expect(screen.getByRole('row', { name: /Leeds Teaching/ }).textContent).not.toContain('no lead');
  });

  it('I11-8: after a refused submit, the unmet conditions are read again on every change and never go stale', async () => {
    vi.useFakeTimers();
    try {
      const calls: string[] = [];
      let remaining = issues;
      vi.stubGlobal(
        'fetch',
        vi.fn(async (path: string, init: RequestInit) => {
          calls.push(`${init.method} ${path}`);
          if (init.method === 'POST') {
            return respond(409, { error: { code: 'submit_conditions_unmet', message: 'Not yet.', issues: remaining } });
          }
          return respond(200, { met: remaining.length === 0, issues: remaining });
        }),
      );
      const view = render(
        <SignoffPanel entry={entry} me={me} liveEntryHash="h-now" reloadEntry={async () => undefined} />,
      );
      await submitAndConfirm();
      expect(screen.getByRole('heading', { name: 'The entry cannot be submitted yet' })).toBeTruthy();
      await act(async () => {
        await vi.advanceTimersByTimeAsync(5_000);
      });
      // Nothing changed since the refusal: nothing read again.
      expect(calls).toEqual(['POST /api/entries/e1/submit']);

      // Acme endorses (the page reads the entry again): the list follows, without taking focus.
      remaining = issues.filter((issue) => issue.path !== 'endorsements.org2');
      const focused = document.activeElement;
      view.rerender(
        <SignoffPanel entry={{ ...entry }} me={me} liveEntryHash="h-now" reloadEntry={async () => undefined} />,
      );
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1_000);
      });
      expect(calls).toEqual(['POST /api/entries/e1/submit', 'GET /api/entries/e1/submit-conditions']);
      expect(screen.queryByText('Acme Digital Ltd has not endorsed the entry.')).toBeNull();
      expect(screen.getByText('“Impact” has 512 words; the limit is 400.')).toBeTruthy();
      // Focus was on the refusal's summary, which the live list replaces: it moves to the list, not to <body>.
      expect(focused?.className).toContain('nhsuk-error-summary');
      expect(document.activeElement).toBe(document.querySelector('.jointly-submit-conditions'));

      // A live edit elsewhere clears the rest; focus elsewhere stays where it is.
      screen.getByRole('button', { name: 'Submit entry' }).focus();
      remaining = [];
      view.rerender(
        <SignoffPanel entry={{ ...entry }} me={me} liveEntryHash="h-next" reloadEntry={async () => undefined} />,
      );
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1_000);
      });
      expect(calls).toHaveLength(3);
      expect(screen.getByText(/Every condition for submitting is now met/)).toBeTruthy();
      expect(screen.queryByRole('heading', { name: 'The entry cannot be submitted yet' })).toBeNull();
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Submit entry' }));
    } finally {
      vi.useRealTimers();
    }
  });
});
