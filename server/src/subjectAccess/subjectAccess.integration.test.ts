import { SUBJECT_ACCESS_FORMAT, type SubjectAccessExportDto, TESTIMONIALS_MAP } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openProvider, type TestProvider, whenSynced, writeParagraph } from '../collab/testing/collabClients.ts';
import { SUBJECT_ACCESS_LIMIT_PER_ACCOUNT } from '../config.ts';
import { makePng } from '../files/inspection/testing/allowedFiles.ts';
import { uploadOk } from '../files/testing/uploads.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Subject access (issue 18 item 6) through the real server, on SQLite and PostgreSQL: the file
 * holds the caller's account, organisation, audit records, membership, contributions (a section and
 * a testimonial, with its consent), comments, notifications and uploads, and nothing of another
 * member's (their comment, their upload, their e-mail); it is an attachment, never cached,
 * signed-in only and rate-limited per account.
 */

const SECTION = 'context-and-evolution';

describe.each(TEST_DATABASES)('subject access on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let lead: TestUser;
  let partner: TestUser;
  let entryId: string;
  let writer: TestProvider;
  const itemId = 'subjectaccess01';

  const download = (who: Pick<TestUser, 'cookie'> | null) => api(server, who, 'GET', '/api/me/data-export');
  const exportOf = async (who: TestUser) => {
    const response = await download(who);
    expect(response.status).toBe(200);
    return { response, text: await response.clone().text(), data: (await response.json()) as SubjectAccessExportDto };
  };

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env);
    lead = await signUpUser(server, { name: 'Lena Okonkwo-Hart' });
    partner = await signUpUser(server, { name: 'Parveen Zielinska', organisationKind: 'supplier' });
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, partner, 'contributor');

    // The lead writes a section and a testimonial naming the partner, over a real socket.
    writer = openProvider(server, lead, entryId);
    await whenSynced(writer);
    writeParagraph(writer.doc, SECTION, 'The lead wrote this paragraph.');
    writer.doc.transact(() => {
      const item = new Y.Map<unknown>();
      writer.doc.getMap(TESTIMONIALS_MAP).set(itemId, item);
      item.set('quote', 'Working with the trust changed how we deliver.');
      item.set('personName', 'Parveen Zielinska');
      item.set('kind', 'partner_staff');
      item.set('consent', {
        obtained: true,
        date: '2026-01-10',
        howRecorded: 'E-mail kept by the lead',
        uses: ['judging'],
        forms: [],
      });
    });
    // Stored: the contribution log has both once the socket has applied them.
    const logged = async () =>
      (
        await server.services.database.db
          .selectFrom('contributions')
          .select(['sections', 'items'])
          .where('entry_id', '=', entryId)
          .execute()
      ).map((row) => row.sections + row.items);
    for (let tries = 0; ; tries++) {
      const log = (await logged()).join();
      if (log.includes(itemId) && log.includes(SECTION)) break;
      if (tries > 100) throw new Error('the contribution log never recorded the lead’s writes');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // Comments by each, the partner's mentioning the lead (a notification for the lead).
    const comment = async (who: TestUser, body: string, mentions?: string[]) => {
      const response = await api(server, who, 'POST', `/api/entries/${entryId}/sections/${SECTION}/comments`, {
        body,
        ...(mentions ? { mentions } : {}),
      });
      expect(response.status).toBe(201);
    };
    await comment(lead, 'Lead comment: please check the figures.');
    await comment(partner, 'Partner-only remark kestrel-42', [lead.me.user.id]);
    // The lead records the partner's consent (issue 18 item 1's consent records).
    const consent = await api(server, lead, 'POST', `/api/entries/${entryId}/consents`, {
      personName: 'Parveen Zielinska',
      givenBy: 'person',
      uses: ['judging'],
      method: 'email',
      methodDetail: 'Reply kept in the shared mailbox',
      givenOn: '2026-01-10',
    });
    expect(consent.status).toBe(201);
    await uploadOk(server, lead, entryId, { bytes: await makePng(), filename: 'Lead chart.png' });
    await uploadOk(server, partner, entryId, { bytes: await makePng(), filename: 'Partner secret plan.png' });
  });

  afterAll(async () => {
    writer?.destroy();
    await server?.close();
    await store?.drop();
  });

  it('holds the caller’s own account, organisation, entries, contributions, comments, notifications and files', async () => {
    const { response, data } = await exportOf(lead);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="jointly-my-data-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);

    expect(data.format).toBe(SUBJECT_ACCESS_FORMAT);
    expect(data.truncated).toEqual([]);
    expect(data.account).toMatchObject({ id: lead.me.user.id, email: lead.email, name: 'Lena Okonkwo-Hart' });
    expect(data.account.hasPassword).toBe(true);
    expect(data.organisation).toMatchObject({ id: lead.me.organisation.id, name: lead.me.organisation.name });
    expect(data.security.sessions.filter((s) => s.thisSession)).toHaveLength(1);
    expect(data.auditLog.map((r) => r.action)).toContain('account.signed_up');
    expect(data.memberships).toEqual([expect.objectContaining({ entryId, role: 'lead', createdByYou: true })]);
    expect(data.invitations.sent).toEqual([expect.objectContaining({ entryId, role: 'contributor' })]);

    const contribution = data.contributions.find((c) => c.entryId === entryId);
    expect(contribution?.sections.map((s) => s.sectionId)).toContain(SECTION);
    expect(contribution?.items).toContainEqual(
      expect.objectContaining({ collection: 'testimonials', itemId, action: 'created', label: 'E1' }),
    );
    expect(contribution?.clientIds).toContain(writer.doc.clientID);
    const created = data.itemsCreated.find((i) => i.itemId === itemId);
    expect(created).toMatchObject({ entryId, collection: 'testimonials', label: 'E1' });
    expect(created?.fields).toMatchObject({
      personName: 'Parveen Zielinska',
      consent: { obtained: true, howRecorded: 'E-mail kept by the lead', uses: ['judging'] },
    });

    expect(data.comments.map((c) => c.body)).toEqual(['Lead comment: please check the figures.']);
    expect(data.notifications).toContainEqual(expect.objectContaining({ entryId, kind: 'mention' }));
    expect(data.files.map((f) => f.name)).toEqual(['Lead chart.png']);
    expect(data.files[0]).toMatchObject({ entryId, mime: 'image/png' });
  });

  it('holds nothing of another member: not their comment, upload, address or name', async () => {
    const { text } = await exportOf(lead);
    expect(text).not.toContain('kestrel-42');
    expect(text).not.toContain('Partner secret plan.png');
    expect(text).not.toContain(partner.email);
    // Their name is only where the lead wrote it: the testimonial and the consent record the lead made.
    const { data } = await exportOf(lead);
    expect(JSON.stringify({ ...data, itemsCreated: [], consentRecords: [] })).not.toContain('Parveen Zielinska');
    expect(data.consentRecords).toEqual([
      expect.objectContaining({ personName: 'Parveen Zielinska', recordedByYou: true, namesYou: false }),
    ]);

    const { data: theirs, text: theirText } = await exportOf(partner);
    expect(theirs.account.id).toBe(partner.me.user.id);
    expect(theirs.comments.map((c) => c.body)).toEqual(['Partner-only remark kestrel-42']);
    expect(theirText).not.toContain('Lead comment: please check the figures.');
    expect(theirText).not.toContain(lead.email);
    expect(theirs.itemsCreated).toEqual([]);
    // A testimonial naming the partner is theirs to see, with whatever consent it records.
    expect(theirs.testimonialsNamingYou).toEqual([
      expect.objectContaining({
        entryId,
        itemId,
        fields: expect.objectContaining({ personName: 'Parveen Zielinska' }),
      }),
    ]);
    expect(theirs.consentRecords).toEqual([
      expect.objectContaining({
        entryId,
        personName: 'Parveen Zielinska',
        uses: ['judging'],
        method: 'email',
        recordedByYou: false,
        namesYou: true,
      }),
    ]);
    expect(theirs.memberships).toEqual([
      expect.objectContaining({ entryId, role: 'contributor', createdByYou: false }),
    ]);
    expect(theirs.invitations.received).toEqual([expect.objectContaining({ entryId, role: 'contributor' })]);
    expect(theirs.files.map((f) => f.name)).toEqual(['Partner secret plan.png']);
  });

  it('gives a namesake in another organisation, not in the entry, none of the testimonials or consents naming that name', async () => {
    const namesake = await signUpUser(server, { name: 'Parveen Zielinska' });
    const { data, text } = await exportOf(namesake);
    expect(data.testimonialsNamingYou).toEqual([]);
    expect(data.consentRecords).toEqual([]);
    expect(text).not.toContain('Reply kept in the shared mailbox');
  });

  it('is recorded in the audit log of the person’s organisation (what was downloaded is not)', async () => {
    const { data } = await exportOf(partner);
    expect(data.auditLog.filter((r) => r.action === 'account.data_exported').length).toBeGreaterThanOrEqual(1);
    const rows = await server.services.database.db
      .selectFrom('audit_log')
      .select(['organisation_id', 'actor_id', 'subject_user_id', 'detail'])
      .where('action', '=', 'account.data_exported')
      .where('subject_user_id', '=', partner.me.user.id)
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows[0]).toMatchObject({
      organisation_id: partner.me.organisation.id,
      actor_id: partner.me.user.id,
      detail: '{}',
    });
  });

  it('is for the signed-in only, and limited per account (429 with Retry-After, then nothing read)', async () => {
    expect((await download(null)).status).toBe(401);
    const someone = await signUpUser(server);
    for (let i = 0; i < SUBJECT_ACCESS_LIMIT_PER_ACCOUNT.capacity; i++)
      expect((await download(someone)).status).toBe(200);
    const refused = await download(someone);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // Another account's allowance is its own.
    expect((await download(await signUpUser(server))).status).toBe(200);
  });
});
