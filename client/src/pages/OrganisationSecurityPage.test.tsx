import type { AuditEntryDto, MeDto } from '@jointly/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OrganisationSecurityPage } from './OrganisationSecurityPage.tsx';

const respond = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const ME: MeDto = {
  user: { id: 'u1', email: 'ada@example.nhs.uk', name: 'Ada Admin', emailVerified: true },
  organisation: { id: 'org1', name: 'Riverside NHS Trust', kind: 'nhs_trust' },
} as MeDto;

const entry = (id: string, over: Partial<AuditEntryDto> = {}): AuditEntryDto => ({
  id,
  at: '2026-07-14T12:05:00.000Z',
  action: 'account.signed_in',
  actor: { id: 'u2', name: 'Ben Member' },
  subject: { id: 'u2', name: 'Ben Member' },
  detail: { method: 'password' },
  ip: '192.0.2.4',
  ...over,
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function open() {
  const router = createMemoryRouter(
    [{ path: '/organisation/security', element: <OrganisationSecurityPage me={ME} /> }],
    {
      initialEntries: ['/organisation/security'],
    },
  );
  render(<RouterProvider router={router} />);
}

describe('OrganisationSecurityPage', () => {
  it('shows the requirement with who has not set it up, and the audit log newest first, older pages on request', async () => {
    const calls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        calls.push(`${init?.method ?? 'GET'} ${url}`);
        if (url.endsWith('/mfa-requirement')) return respond(200, { required: false, membersWithoutTwoFactor: 2 });
        if (url.endsWith('/audit?before=2'))
          return respond(200, {
            entries: [entry('1', { action: 'organisation.created', actor: null, subject: null, detail: {}, ip: null })],
            nextBefore: null,
          });
        return respond(200, {
          entries: [
            entry('3', { action: 'account.sign_in_failed', actor: null, detail: { stage: 'password' } }),
            entry('2'),
          ],
          nextBefore: '2',
        });
      }),
    );
    open();
    expect(await screen.findByText(/2 members have not set it up yet/)).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Audit log' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringContaining('Failed to sign in'),
      expect.stringContaining('Signed in'),
    ]);
    // UK time, who, whose account, the detail in words and the address.
    expect(rows[0]!.textContent).toContain('14 July 2026 at 1:05pm');
    expect(rows[0]!.textContent).toContain('Someone not signed in');
    expect(rows[0]!.textContent).toContain('What was wrong: wrong password');
    expect(rows[1]!.textContent).toContain('How: with a password');
    expect(rows[1]!.textContent).toContain('IP address: 192.0.2.4');
    expect(within(rows[0]!).getByRole('rowheader').querySelector('time')?.getAttribute('dateTime')).toBe(
      '2026-07-14T12:05:00.000Z',
    );

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Load older records' }));
    });
    expect(calls).toContain('GET /api/organisations/org1/audit?before=2');
    const all = within(table).getAllByRole('row').slice(1);
    expect(all).toHaveLength(3);
    expect(all[2]!.textContent).toContain('Created the organisation');
    expect(all[2]!.textContent).toContain('Jointly');
    // Focus moves to the first older record; the button is gone; the status says so.
    expect(document.activeElement).toBe(all[2]);
    expect(screen.queryByRole('button', { name: 'Load older records' })).toBeNull();
    expect(screen.getByText('1 older record loaded. That is the whole log.')).toBeTruthy();
  });

  it('saves the requirement, then reads the log again; an admin without it set up is shown where to set it up', async () => {
    const bodies: string[] = [];
    let refuse = true;
    let auditReads = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (init?.method === 'PUT') {
          bodies.push(String(init.body));
          if (refuse) {
            refuse = false;
            return respond(409, {
              error: {
                code: 'two_factor_state',
                message: 'Set up two-factor authentication for your own account first.',
              },
            });
          }
          return respond(200, { required: true, membersWithoutTwoFactor: 1 });
        }
        if (url.endsWith('/mfa-requirement')) return respond(200, { required: false, membersWithoutTwoFactor: 1 });
        auditReads += 1;
        return respond(200, { entries: [], nextBefore: null });
      }),
    );
    open();
    const yes = await screen.findByLabelText('Yes, require it');
    expect(await screen.findByText('Nothing has been recorded yet.')).toBeTruthy();
    fireEvent.click(yes);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    });
    expect(bodies).toEqual(['{"required":true}']);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('for your own account first');
    expect(within(alert).getByRole('link', { name: 'Set up two-factor authentication' }).getAttribute('href')).toBe(
      '/settings/two-factor?next=%2Forganisation%2Fsecurity',
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    });
    expect(screen.getByText(/Two-factor authentication is now required/)).toBeTruthy();
    expect(screen.getByText(/Everyone in Riverside NHS Trust who signs in with a password must use/)).toBeTruthy();
    expect(auditReads).toBe(2);
  });

  it('tells a member who is not an admin that the page is for admins', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => respond(403, { error: { code: 'forbidden', message: 'Only admins.' } })),
    );
    open();
    expect(await screen.findByText('Only your organisation’s admins can see this page')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });
});
