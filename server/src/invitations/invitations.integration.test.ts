import fs from 'node:fs';
import path from 'node:path';
import {
  type AcceptedInvitationDto,
  type CreatedInvitationDto,
  type EntryDto,
  ErrorCode,
  type InvitationPreviewDto,
  type Role,
} from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITATION_TTL_MS } from '../config.ts';
import { api, createEntry, invite, signUpUser, type TestUser } from '../test/factories.ts';
import { rawRequest } from '../test/rawRequest.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Invitations over real HTTP and SQLite (PRODUCT §3.3, RELIABILITY G45–G49,
 * E37): single use, expiring, revocable, bound to the invited email, and the
 * token kept only as a hash.
 */

const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

describe('invitations', () => {
  let server: TestServer;
  let lead: TestUser;
  let entry: EntryDto;
  let counter = 0;
  const newEmail = (label: string) => `${label}-${Date.now().toString(36)}-${counter++}@partner.example.org`;

  beforeAll(async () => {
    server = await startTestServer();
    lead = await signUpUser(server, { organisationKind: 'nhs_trust' });
    entry = await createEntry(server, lead);
  });
  afterAll(() => server.close());

  const db = () => server.services.database.db;
  const accept = (user: Pick<TestUser, 'cookie'> | null, token: string) =>
    api(server, user, 'POST', `/api/invitations/${token}/accept`);
  const invitationRow = (id: string) =>
    db().selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const membershipsOf = (userId: string) =>
    db().selectFrom('memberships').selectAll().where('user_id', '=', userId).execute();
  const roleIn = async (entryId: string, userId: string) =>
    (
      await db()
        .selectFrom('memberships')
        .select('role')
        .where('entry_id', '=', entryId)
        .where('user_id', '=', userId)
        .executeTakeFirst()
    )?.role ?? null;

  it('creates an invitation: 201 with a random token and a link to the accept page', async () => {
    const email = newEmail('Created').toUpperCase();
    const started = Date.now();
    const response = await api(server, lead, 'POST', `/api/entries/${entry.id}/invitations`, {
      email,
      role: 'contributor',
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as CreatedInvitationDto;
    expect(created).toMatchObject({
      id: expect.stringMatching(/^[a-z0-9]+$/),
      email: email.toLowerCase(),
      role: 'contributor',
      invitedBy: { id: lead.me.user.id, name: lead.me.user.name },
    });
    expect(created.token).toMatch(/^[a-z2-7]{32}$/);
    expect(created.url).toBe(`${server.origin}/invitations/${created.token}`);
    const expiresAt = Date.parse(created.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(started + INVITATION_TTL_MS);
    expect(expiresAt).toBeLessThan(Date.now() + INVITATION_TTL_MS + 1000);
  });

  it('stores the token only as a SHA-256: not in any row, not anywhere in the database files', async () => {
    const created = await invite(server, lead, entry.id, newEmail('hashed'), 'viewer');
    const row = await invitationRow(created.id);
    const digest = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(created.token)));
    expect(Buffer.from(row.token_hash).equals(digest)).toBe(true);
    expect(JSON.stringify(row)).not.toContain(created.token);

    // Checkpoint-free: read the main file and the write-ahead log as they are.
    const files = fs.readdirSync(server.dataDir).filter((name) => name.startsWith('jointly.sqlite'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const bytes = fs.readFileSync(path.join(server.dataDir, name));
      expect(bytes.includes(Buffer.from(created.token)), name).toBe(false);
      expect(bytes.includes(Buffer.from(created.token.toUpperCase())), name).toBe(false);
    }
  });

  it('lets a second organisation join: the invitee accepts with their own organisation', async () => {
    const invitee = await signUpUser(server, { organisationKind: 'supplier' });
    const created = await invite(server, lead, entry.id, invitee.email, 'contributor');
    const response = await accept(invitee, created.token);
    expect(response.status).toBe(200);
    expect((await response.json()) as AcceptedInvitationDto).toEqual({ entryId: entry.id, role: 'contributor' });

    const seen = (await (await api(server, invitee, 'GET', `/api/entries/${entry.id}`)).json()) as EntryDto;
    expect(seen.role).toBe('contributor');
    expect(seen.organisations.map((o) => o.id)).toEqual(
      expect.arrayContaining([lead.me.organisation.id, invitee.me.organisation.id]),
    );
    expect(seen.members.find((m) => m.userId === invitee.me.user.id)?.organisation).toEqual(invitee.me.organisation);
    expect((await invitationRow(created.id)).accepted_by).toBe(invitee.me.user.id);
  });

  it('works for someone who registers after being invited', async () => {
    const email = newEmail('later');
    const created = await invite(server, lead, entry.id, email, 'viewer');
    const invitee = await signUpUser(server, { email, organisationKind: 'third_sector' });
    expect((await accept(invitee, created.token)).status).toBe(200);
    expect(await roleIn(entry.id, invitee.me.user.id)).toBe('viewer');
  });

  describe('single use (G45)', () => {
    it('refuses a second accept with 409 invitation_used, and the preview says so too', async () => {
      const invitee = await signUpUser(server);
      const created = await invite(server, lead, entry.id, invitee.email, 'viewer');
      expect((await accept(invitee, created.token)).status).toBe(200);
      const again = await accept(invitee, created.token);
      expect(again.status).toBe(409);
      expect(await codeOf(again)).toBe(ErrorCode.invitationUsed);
      const preview = await api(server, null, 'GET', `/api/invitations/${created.token}`);
      expect(preview.status).toBe(409);
      expect(await membershipsOf(invitee.me.user.id)).toHaveLength(1);
    });

    it('lets exactly one of several concurrent accepts succeed', async () => {
      const invitee = await signUpUser(server);
      const created = await invite(server, lead, entry.id, invitee.email, 'contributor');
      const responses = await Promise.all(Array.from({ length: 5 }, () => accept(invitee, created.token)));
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 409, 409, 409, 409]);
      expect(await membershipsOf(invitee.me.user.id)).toHaveLength(1);
    });

    it('lets exactly one of two concurrent service-level accepts succeed (queries interleaved)', async () => {
      const invitee = await signUpUser(server);
      const created = await invite(server, lead, entry.id, invitee.email, 'contributor');
      const user = { id: invitee.me.user.id, email: invitee.email, organisationId: invitee.me.organisation.id };
      const results = await Promise.allSettled([
        server.services.invitations.accept(created.token, user),
        server.services.invitations.accept(created.token, user),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toMatchObject({ status: 409 });
      expect(await membershipsOf(invitee.me.user.id)).toHaveLength(1);
    });

    it('two invitations for one person accepted at once: one 200, one 409 already_member, never 500', async () => {
      const invitee = await signUpUser(server);
      const secondEntry = await createEntry(server, lead);
      for (const via of ['http', 'service'] as const) {
        const target = via === 'http' ? entry : secondEntry;
        const first = await invite(server, lead, target.id, invitee.email, 'viewer');
        const second = await invite(server, lead, target.id, invitee.email, 'contributor');
        const user = { id: invitee.me.user.id, email: invitee.email, organisationId: invitee.me.organisation.id };
        const statuses = await Promise.all(
          [first, second].map((created) =>
            via === 'http'
              ? accept(invitee, created.token).then((response) => response.status)
              : server.services.invitations.accept(created.token, user).then(
                  () => 200,
                  (err: { status?: number; code?: string }) => err.status ?? 500,
                ),
          ),
        );
        expect(statuses.sort(), via).toEqual([200, 409]);
        const rows = await Promise.all([invitationRow(first.id), invitationRow(second.id)]);
        expect(
          rows.filter((row) => row.accepted_at !== null),
          via,
        ).toHaveLength(1);
      }
      expect(await membershipsOf(invitee.me.user.id)).toHaveLength(2);
    });

    it('refuses a member accepting another invitation to the same entry with 409 already_member', async () => {
      const invitee = await signUpUser(server);
      const first = await invite(server, lead, entry.id, invitee.email, 'viewer');
      const second = await invite(server, lead, entry.id, invitee.email, 'lead');
      expect((await accept(invitee, first.token)).status).toBe(200);
      const response = await accept(invitee, second.token);
      expect(response.status).toBe(409);
      expect(await codeOf(response)).toBe(ErrorCode.alreadyMember);
      expect(await roleIn(entry.id, invitee.me.user.id)).toBe('viewer');
    });
  });

  it('refuses an expired invitation with 410 invitation_expired and creates nothing (G46)', async () => {
    const invitee = await signUpUser(server);
    const created = await invite(server, lead, entry.id, invitee.email, 'lead');
    await db()
      .updateTable('invitations')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', created.id)
      .execute();
    const response = await accept(invitee, created.token);
    expect(response.status).toBe(410);
    expect(await codeOf(response)).toBe(ErrorCode.invitationExpired);
    expect(await membershipsOf(invitee.me.user.id)).toHaveLength(0);
    expect((await invitationRow(created.id)).accepted_at).toBeNull();
    expect((await api(server, null, 'GET', `/api/invitations/${created.token}`)).status).toBe(410);
    const pending = await api(server, lead, 'GET', `/api/entries/${entry.id}/invitations`);
    expect(((await pending.json()) as { id: string }[]).map((i) => i.id)).not.toContain(created.id);
  });

  it('refuses a revoked invitation with 410 invitation_revoked and creates nothing (G49)', async () => {
    const invitee = await signUpUser(server);
    const created = await invite(server, lead, entry.id, invitee.email, 'contributor');
    const revoke = () => api(server, lead, 'DELETE', `/api/entries/${entry.id}/invitations/${created.id}`);
    expect((await revoke()).status).toBe(204);
    const response = await accept(invitee, created.token);
    expect(response.status).toBe(410);
    expect(await codeOf(response)).toBe(ErrorCode.invitationRevoked);
    expect(await membershipsOf(invitee.me.user.id)).toHaveLength(0);
    expect((await api(server, null, 'GET', `/api/invitations/${created.token}`)).status).toBe(410);
    expect((await revoke()).status).toBe(404);
  });

  it('cannot revoke an invitation once accepted', async () => {
    const invitee = await signUpUser(server);
    const created = await invite(server, lead, entry.id, invitee.email, 'viewer');
    expect((await accept(invitee, created.token)).status).toBe(200);
    const revoke = await api(server, lead, 'DELETE', `/api/entries/${entry.id}/invitations/${created.id}`);
    expect(revoke.status).toBe(404);
    expect(await roleIn(entry.id, invitee.me.user.id)).toBe('viewer');
  });

  it('refuses an invitation for X accepted while signed in as Y with 403, and X can still use it (G47)', async () => {
    const [invited, other] = await Promise.all([signUpUser(server), signUpUser(server)]);
    const created = await invite(server, lead, entry.id, invited.email, 'lead');
    const response = await accept(other, created.token);
    expect(response.status).toBe(403);
    expect(await codeOf(response)).toBe(ErrorCode.invitationEmailMismatch);
    expect(await membershipsOf(other.me.user.id)).toHaveLength(0);
    expect((await invitationRow(created.id)).accepted_at).toBeNull();
    expect((await accept(invited, created.token)).status).toBe(200);
    expect(await roleIn(entry.id, invited.me.user.id)).toBe('lead');
  });

  it('refuses to accept when signed out with 401, and spends nothing', async () => {
    const created = await invite(server, lead, entry.id, newEmail('signed-out'), 'viewer');
    const response = await accept(null, created.token);
    expect(response.status).toBe(401);
    expect((await invitationRow(created.id)).accepted_at).toBeNull();
  });

  describe('tampering (G48)', () => {
    it('answers a changed, truncated, padded or garbage token with 404, never 500, and spends nothing', async () => {
      const invitee = await signUpUser(server);
      const created = await invite(server, lead, entry.id, invitee.email, 'viewer');
      const { token } = created;
      const flipped = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
      const variants = [
        flipped,
        token.toUpperCase(),
        token.slice(0, -1),
        `${token}a`,
        `${token.slice(0, 16)}`,
        'a'.repeat(1000),
        '..%2F..%2Fentries',
        encodeURIComponent(`${token}' OR '1'='1`),
        `${token}%00`,
        Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))).toString('hex'),
      ];
      for (const variant of variants) {
        const response = await accept(invitee, variant);
        expect(response.status, variant).toBe(404);
        expect(await codeOf(response)).toBe(ErrorCode.notFound);
        const preview = await api(server, null, 'GET', `/api/invitations/${variant}`);
        expect(preview.status, variant).toBe(404);
      }
      expect((await invitationRow(created.id)).accepted_at).toBeNull();
      expect(await membershipsOf(invitee.me.user.id)).toHaveLength(0);
    });

    it('takes the role and entry from the server, not from the URL or body', async () => {
      const invitee = await signUpUser(server);
      const other = await createEntry(server, lead);
      const created = await invite(server, lead, entry.id, invitee.email, 'viewer');
      const response = await api(
        server,
        invitee,
        'POST',
        `/api/invitations/${created.token}/accept?role=lead&entryId=${other.id}`,
        { role: 'lead', entryId: other.id },
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ entryId: entry.id, role: 'viewer' });
      expect(await roleIn(entry.id, invitee.me.user.id)).toBe('viewer');
      expect(await roleIn(other.id, invitee.me.user.id)).toBeNull();
    });
  });

  it('never changes state on GET: the preview, the accept URL and the page can be fetched freely (E37)', async () => {
    const invitee = await signUpUser(server);
    const created = await invite(server, lead, entry.id, invitee.email, 'contributor');
    const before = JSON.stringify(await invitationRow(created.id));

    const preview = await api(server, null, 'GET', `/api/invitations/${created.token}`);
    expect(preview.status).toBe(200);
    expect((await preview.json()) as InvitationPreviewDto).toEqual({
      entryTitle: entry.title,
      role: 'contributor' as Role,
      email: invitee.email,
      invitedBy: lead.me.user.name,
      leadOrganisation: lead.me.organisation.name,
      expiresAt: created.expiresAt,
    });
    for (const url of [
      `/api/invitations/${created.token}`,
      `/api/invitations/${created.token}/accept`,
      `/api/invitations/${created.token}/accept?confirm=1`,
      `/invitations/${created.token}`,
    ]) {
      for (const method of ['GET', 'HEAD']) {
        const response = await rawRequest(server, { method, path: url, headers: { cookie: invitee.cookie } });
        expect(response.status, `${method} ${url}`).toBeLessThan(500);
      }
    }
    expect(JSON.stringify(await invitationRow(created.id))).toBe(before);
    expect(await membershipsOf(invitee.me.user.id)).toHaveLength(0);
    expect((await accept(invitee, created.token)).status).toBe(200);
  });
});

describe('invitation links with PUBLIC_URL', () => {
  const publicOrigin = 'https://jointly.example.nhs.uk';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PUBLIC_URL: publicOrigin });
  });
  afterAll(() => server.close());

  it('builds the link from PUBLIC_URL, whatever the Host header says', async () => {
    const post = (urlPath: string, body: unknown, cookie?: string) =>
      fetch(`${server.origin}${urlPath}`, {
        method: 'POST',
        headers: { origin: publicOrigin, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      });
    const signup = await post('/api/auth/signup', {
      email: `public-url-${Date.now()}@example.nhs.uk`,
      password: 'correct horse battery staple',
      name: 'Public Url',
      organisationName: 'Public Url Trust',
      organisationKind: 'nhs_trust',
    });
    const cookie = signup.headers.get('set-cookie')!.split(';')[0]!;
    const entry = (await (
      await post('/api/entries', { title: 'Link test', categoryId: 'hsj-partnership-long-term-partnership' }, cookie)
    ).json()) as EntryDto;
    const response = await rawRequest(server, {
      method: 'POST',
      path: `/api/entries/${entry.id}/invitations`,
      headers: { host: 'evil.example', origin: publicOrigin, 'content-type': 'application/json', cookie },
      body: JSON.stringify({ email: 'partner@example.org', role: 'viewer' }),
    });
    expect(response.status).toBe(201);
    const created = response.json() as CreatedInvitationDto;
    expect(created.url).toBe(`${publicOrigin}/invitations/${created.token}`);
  });
});
