import type { CreatedInvitationDto, EntryDto, InvitationDto, MeDto, ReissuedInvitationDto } from '@jointly/shared';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { publishEntryEvent } from '../../collab/entryEvents.ts';
import { MembersPanel } from './MembersPanel.tsx';

const leeds = { id: 'o1', name: 'Leeds Teaching Hospitals', kind: 'nhs_trust' as const };
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
  role: 'lead',
  members: [
    {
      userId: 'u1',
      name: 'Priya Shah',
      email: me.user.email,
      role: 'lead',
      organisation: leeds,
      joinedAt: '2026-01-01',
    },
  ],
} as unknown as EntryDto;

const pending = (id: string, email: string): InvitationDto => ({
  id,
  email,
  role: 'contributor',
  invitedBy: { id: 'u1', name: 'Priya Shah' },
  createdAt: '2026-03-01T10:00:00Z',
  expiresAt: '2026-03-08T10:00:00Z',
});
const withLink = (invitation: InvitationDto, token: string): CreatedInvitationDto => ({
  ...invitation,
  token,
  url: `https://jointly.example/invitations/${token}`,
});

function respond(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** A fake server: the pending list, POST …/invitations and POST …/reissue. */
function fakeServer(initial: InvitationDto[], emailed = false) {
  const list = [...initial];
  let n = 0;
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    if (method === 'GET' && url === '/api/entries/e1/invitations') return respond(200, list);
    if (method === 'POST' && url === '/api/entries/e1/invitations') {
      const body = JSON.parse(String(init?.body)) as { email: string };
      const created = withLink(pending(`inv${++n}`, body.email), `token${n}`);
      list.push(created);
      return respond(201, created);
    }
    const reissue = /^\/api\/entries\/e1\/invitations\/(\w+)\/reissue$/.exec(url);
    if (method === 'POST' && reissue) {
      const found = list.find((i) => i.id === reissue[1]) as InvitationDto;
      return respond(200, { ...withLink(found, `fresh${++n}`), emailed } satisfies ReissuedInvitationDto);
    }
    return respond(404, { error: { code: 'not_found', message: 'Not found.' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

async function inviteThroughForm(email: string) {
  fireEvent.change(screen.getByRole('textbox', { name: 'Email address' }), { target: { value: email } });
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Send invitation' }));
  });
  await screen.findByRole('textbox', { name: `Invitation link for ${email}` });
}

describe('MembersPanel invitations (issue 11 item 4)', () => {
  it('I11-4: a second invitation does not hide the first one’s link: each stays with its pending invitation', async () => {
    fakeServer([]);
    render(<MembersPanel entry={entry} me={me} onMembersChanged={() => undefined} />);
    await screen.findByText('No invitations waiting to be accepted.');
    await inviteThroughForm('ann@supplier.example');
    await inviteThroughForm('bob@supplier.example');

    const list = screen.getByRole('list', { name: 'Pending invitations' });
    const links = within(list).getAllByRole('textbox') as HTMLInputElement[];
    expect(links.map((input) => input.value)).toEqual([
      'https://jointly.example/invitations/token1',
      'https://jointly.example/invitations/token2',
    ]);
    expect(screen.getByRole('button', { name: 'Copy link for ann@supplier.example' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy link for bob@supplier.example' })).toBeTruthy();
  });

  it('I11-4: every pending invitation offers "Copy a new link", "Resend email" and "Revoke"; a new link is shown and copied', async () => {
    const fetchMock = fakeServer([pending('old1', 'cat@supplier.example')]);
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<MembersPanel entry={entry} me={me} onMembersChanged={() => undefined} />);
    await screen.findByText('cat@supplier.example');
    expect(screen.queryByRole('textbox', { name: /Invitation link/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Resend email to cat@supplier.example' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Revoke invitation for cat@supplier.example' })).toBeTruthy();

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy a new link for cat@supplier.example' }));
    });
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/entries/e1/invitations/old1/reissue',
      expect.objectContaining({ method: 'POST' }),
    );
    const link = (await screen.findByRole('textbox', {
      name: 'Invitation link for cat@supplier.example',
    })) as HTMLInputElement;
    expect(link.value).toBe('https://jointly.example/invitations/fresh1');
    expect(writeText).toHaveBeenCalledWith('https://jointly.example/invitations/fresh1');
    await waitFor(() =>
      expect(
        screen.getByText(/^A new link for cat@supplier.example is copied\. The link sent before no longer works\.$/),
      ).toBeTruthy(),
    );
  });

  it('I11-4: "Resend email" says the new link was emailed, or, without mail on the server, to send it yourself', async () => {
    fakeServer([pending('old1', 'dan@supplier.example')], true);
    const { unmount } = render(<MembersPanel entry={entry} me={me} onMembersChanged={() => undefined} />);
    const resend = await screen.findByRole('button', { name: 'Resend email to dan@supplier.example' });
    await act(async () => {
      fireEvent.click(resend);
    });
    await screen.findByText('A new link was emailed to dan@supplier.example. The link sent before no longer works.');
    unmount();

    fakeServer([pending('old1', 'dan@supplier.example')], false);
    render(<MembersPanel entry={entry} me={me} onMembersChanged={() => undefined} />);
    const again = await screen.findByRole('button', { name: 'Resend email to dan@supplier.example' });
    await act(async () => {
      fireEvent.click(again);
    });
    await screen.findByText(
      /Jointly does not send email from this server: copy the new link and send it to dan@supplier.example yourself\./,
    );
    expect(screen.getByRole('textbox', { name: 'Invitation link for dan@supplier.example' })).toBeTruthy();
  });
});

describe('MembersPanel live (issue 14 item 1)', () => {
  it('C-EVENT-2: a `members` event (another lead invited someone) shows the new pending invitation without a reload', async () => {
    const fetchMock = fakeServer([]);
    render(<MembersPanel entry={entry} me={me} onMembersChanged={() => undefined} />);
    await screen.findByText('No invitations waiting to be accepted.');
    // Another lead's invitation lands on the server; this page hears of it only through the event.
    await act(async () => {
      await fetchMock('/api/entries/e1/invitations', {
        method: 'POST',
        body: JSON.stringify({ email: 'sam@supplier.example' }),
      });
    });
    expect(screen.queryByText('sam@supplier.example')).toBeNull();
    act(() => publishEntryEvent('e1', { kind: 'members' }));
    const list = await screen.findByRole('list', { name: 'Pending invitations' });
    await waitFor(() => expect(within(list).getAllByText('sam@supplier.example').length).toBeGreaterThan(0));
  });
});
