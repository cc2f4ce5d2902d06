import {
  type CreatedInvitationDto,
  type EntryDto,
  type ErrorBody,
  ErrorCode,
  type InvitationDto,
  type ReissuedInvitationDto,
} from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { INVITATION_EMAILS_PER_RECIPIENT, INVITATION_TTL_MS } from '../config.ts';
import { addMember, api, createEntry, invite, signUpUser, type TestUser } from '../test/factories.ts';
import { type SmtpSink, startSmtpSink } from '../test/smtpSink.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Issue 11 item 4: a lead who lost an invitation's link (tokens are stored only as a hash, so it
 * cannot be shown again) re-issues it: POST /api/entries/:id/invitations/:invitationId/reissue
 * gives the same invitation a fresh token and expiry, the old link stops working, and with SMTP
 * the new link is e-mailed again, within the invitation limits.
 */

let counter = 0;
const newEmail = (label: string) => `${label}-${Date.now().toString(36)}-${counter++}@partner.example.org`;
const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;
const unwrapped = (body: string) => body.replace(/=\r?\n/g, '');

describe('re-issuing an invitation, without SMTP', () => {
  let server: TestServer;
  let lead: TestUser;
  let contributor: TestUser;
  let outsider: TestUser;
  let entry: EntryDto;

  beforeAll(async () => {
    server = await startTestServer();
    [lead, contributor, outsider] = await Promise.all([
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'supplier' }),
    ]);
    entry = await createEntry(server, lead);
    await addMember(server, lead, entry.id, contributor, 'contributor');
  });
  afterAll(() => server.close());

  const reissue = (who: TestUser | null, invitationId: string, entryId = entry.id) =>
    api(server, who, 'POST', `/api/entries/${entryId}/invitations/${invitationId}/reissue`);
  const tokenHash = async (id: string) =>
    (
      await server.services.database.db
        .selectFrom('invitations')
        .select('token_hash')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).token_hash;

  it('I11-4: gives the same invitation a new link; the old link stops working and the new one joins', async () => {
    const person = await signUpUser(server, { organisationKind: 'third_sector' });
    const created = await invite(server, lead, entry.id, person.email, 'contributor');
    const started = Date.now();
    const response = await reissue(lead, created.id);
    expect(response.status).toBe(200);
    const reissued = (await response.json()) as ReissuedInvitationDto;
    expect(reissued).toMatchObject({
      id: created.id,
      email: created.email,
      role: 'contributor',
      invitedBy: created.invitedBy,
      createdAt: created.createdAt,
      emailed: false,
    });
    expect(reissued.token).toMatch(/^[a-z2-7]{32}$/);
    expect(reissued.token).not.toBe(created.token);
    expect(reissued.url).toBe(`${server.origin}/invitations/${reissued.token}`);
    expect(Date.parse(reissued.expiresAt)).toBeGreaterThanOrEqual(started + INVITATION_TTL_MS);

    // Still one pending invitation for that address, not two.
    const pending = (await (
      await api(server, lead, 'GET', `/api/entries/${entry.id}/invitations`)
    ).json()) as InvitationDto[];
    expect(pending.filter((i) => i.email === person.email)).toEqual([
      expect.objectContaining({ id: created.id, expiresAt: reissued.expiresAt }),
    ]);

    const old = await api(server, person, 'POST', `/api/invitations/${created.token}/accept`);
    expect(old.status).toBe(404);
    expect((await api(server, null, 'GET', `/api/invitations/${created.token}`)).status).toBe(404);
    const accepted = await api(server, person, 'POST', `/api/invitations/${reissued.token}/accept`);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ entryId: entry.id, role: 'contributor' });
  });

  it('I11-4: stores the new token only as a hash, like the first', async () => {
    const created = await invite(server, lead, entry.id, newEmail('hash'), 'viewer');
    const before = await tokenHash(created.id);
    const reissued = (await (await reissue(lead, created.id)).json()) as ReissuedInvitationDto;
    const after = await tokenHash(created.id);
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);
    expect(Buffer.from(after).toString('utf8')).not.toContain(reissued.token);
    expect(Buffer.from(after).toString('hex')).not.toContain(Buffer.from(reissued.token).toString('hex'));
  });

  it('I11-4: leads only (a contributor 403, a non-member and the signed-out 404 and 401), nothing changed', async () => {
    const created = await invite(server, lead, entry.id, newEmail('who'), 'viewer');
    const before = await tokenHash(created.id);
    expect((await reissue(contributor, created.id)).status).toBe(403);
    const stranger = await reissue(outsider, created.id);
    expect(stranger.status).toBe(404);
    expect((await errorOf(stranger)).code).toBe(ErrorCode.notFound);
    expect((await reissue(null, created.id)).status).toBe(401);
    expect(Buffer.from(await tokenHash(created.id)).equals(Buffer.from(before))).toBe(true);
    // The original link still works: nothing was re-issued.
    expect((await api(server, null, 'GET', `/api/invitations/${created.token}`)).status).toBe(200);
  });

  it('I11-4: only a pending invitation of this entry: revoked, accepted, unknown or another entry’s answer 404', async () => {
    const revoked = await invite(server, lead, entry.id, newEmail('revoked'), 'viewer');
    expect((await api(server, lead, 'DELETE', `/api/entries/${entry.id}/invitations/${revoked.id}`)).status).toBe(204);
    expect((await reissue(lead, revoked.id)).status).toBe(404);
    expect((await api(server, null, 'GET', `/api/invitations/${revoked.token}`)).status).toBe(410);

    const joiner = await signUpUser(server);
    const accepted = await invite(server, lead, entry.id, joiner.email, 'viewer');
    expect((await api(server, joiner, 'POST', `/api/invitations/${accepted.token}/accept`)).status).toBe(200);
    expect((await reissue(lead, accepted.id)).status).toBe(404);

    expect((await reissue(lead, 'nosuchinvitation')).status).toBe(404);
    expect((await reissue(lead, 'not an id!')).status).toBe(400);
    const otherEntry = await createEntry(server, lead);
    const elsewhere = await invite(server, lead, otherEntry.id, newEmail('elsewhere'), 'viewer');
    expect((await reissue(lead, elsewhere.id)).status).toBe(404);
    expect((await api(server, null, 'GET', `/api/invitations/${elsewhere.token}`)).status).toBe(200);
  });
});

describe('re-issuing an invitation, with SMTP', () => {
  let sink: SmtpSink;
  let server: TestServer;
  let lead: TestUser;
  let entry: EntryDto;

  beforeAll(async () => {
    sink = await startSmtpSink();
    // Without PUBLIC_URL, e-mailed links are this server on localhost (mailLinkOrigin.ts).
    server = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${sink.port}` });
    lead = await signUpUser(server, { organisationKind: 'nhs_trust' });
    entry = await createEntry(server, lead);
  });
  afterAll(async () => {
    await server.close();
    await sink.close();
  });

  const to = (address: string) => sink.messages.filter((m) => m.to.includes(address));

  it('I11-4: e-mails the new link (from the mail link origin) again, and says so', async () => {
    const email = newEmail('resend');
    const created = await invite(server, lead, entry.id, email, 'contributor');
    await vi.waitFor(() => expect(to(email)).toHaveLength(1));
    const response = await api(server, lead, 'POST', `/api/entries/${entry.id}/invitations/${created.id}/reissue`);
    expect(response.status).toBe(200);
    const reissued = (await response.json()) as ReissuedInvitationDto;
    expect(reissued.emailed).toBe(true);
    await vi.waitFor(() => expect(to(email)).toHaveLength(2));
    const body = unwrapped(to(email)[1]!.body);
    expect(body).toContain(`http://localhost:${server.port}/invitations/${reissued.token}`);
    expect(body).not.toContain(created.token);
  });

  it('I11-4: within the invitation limits: past the recipient’s e-mails a day, 429 and the link unchanged', async () => {
    const email = newEmail('limited');
    const created: CreatedInvitationDto = await invite(server, lead, entry.id, email, 'viewer');
    const path = `/api/entries/${entry.id}/invitations/${created.id}/reissue`;
    let token = created.token;
    for (let n = 1; n < INVITATION_EMAILS_PER_RECIPIENT.capacity; n++) {
      const response = await api(server, lead, 'POST', path);
      expect(response.status).toBe(200);
      token = ((await response.json()) as ReissuedInvitationDto).token;
    }
    const refused = await api(server, lead, 'POST', path);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await errorOf(refused)).code).toBe(ErrorCode.rateLimited);
    // The last link issued still works; the refused re-issue changed nothing.
    expect((await api(server, null, 'GET', `/api/invitations/${token}`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(to(email)).toHaveLength(INVITATION_EMAILS_PER_RECIPIENT.capacity);
  });
});
