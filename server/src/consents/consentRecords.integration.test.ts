import {
  addItem,
  type ConsentRecordDto,
  type ConsentRecordListDto,
  type CreateConsentRecordBody,
  emptyTestimonial,
  type NotificationListDto,
  type SubmitConditionsDto,
  TESTIMONIALS_MAP,
} from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openProvider, type TestProvider, WAIT_MS, whenSynced } from '../collab/testing/collabClients.ts';
import { uploadOk } from '../files/testing/uploads.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Issue 18 item 1 over HTTP and real sockets on both stores: consent records
 * with evidence and a lifetime (expiry judged by an injected clock), used by
 * testimonials in two entries; a withdrawal blocks both and notifies both
 * leads; every refusal leaves the records as they were.
 */

describe.each(TEST_DATABASES)('consent records on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  /** The consent records' clock (ms): tests move it to judge expiry. */
  let clock = Date.UTC(2026, 5, 15, 12);
  let leadA: TestUser;
  let leadB: TestUser;
  let recorder: TestUser;
  let partner: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let entry1: string;
  let entry2: string;
  const providers: TestProvider[] = [];

  const body = (overrides: Partial<CreateConsentRecordBody> = {}): CreateConsentRecordBody => ({
    personName: 'Zoë Patient',
    givenBy: 'person',
    uses: ['judging', 'publication'],
    method: 'signed_form',
    givenOn: '2026-03-01',
    ...overrides,
  });
  const create = (user: TestUser, entryId: string, data: unknown) =>
    api(server, user, 'POST', `/api/entries/${entryId}/consents`, data);
  const listOf = async (user: TestUser, entryId: string) =>
    ((await (await api(server, user, 'GET', `/api/entries/${entryId}/consents`)).json()) as ConsentRecordListDto)
      .consents;
  const conditions = async (user: TestUser, entryId: string) =>
    (await (await api(server, user, 'GET', `/api/entries/${entryId}/submit-conditions`)).json()) as SubmitConditionsDto;
  const consentPaths = async (entryId: string) =>
    (await conditions(leadA, entryId)).issues.map((i) => i.path).filter((p) => p.includes('.consentRecord'));

  /** A testimonial pointing to `consentRecordId`, written by `user`'s socket; waits until the server holds it. */
  async function writeTestimonial(user: TestUser, entryId: string, itemId: string, consentRecordId: string) {
    const provider = openProvider(server, user, entryId);
    providers.push(provider);
    await whenSynced(provider);
    addItem(
      provider.doc.getMap(TESTIMONIALS_MAP),
      { ...emptyTestimonial(), quote: 'They listened.', kind: 'patient', personName: 'Zoë Patient', consentRecordId },
      itemId,
    );
    await vi.waitFor(
      async () => {
        const response = await api(server, user, 'GET', `/api/entries/${entryId}/provenance`);
        const { items } = (await response.json()) as { items: { itemId: string }[] };
        expect(items.some((item) => item.itemId === itemId)).toBe(true);
      },
      { timeout: WAIT_MS },
    );
  }

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env, { consentNow: () => clock });
    [leadA, leadB, recorder, partner, viewer, outsider] = await Promise.all([
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'third_sector' }),
      signUpUser(server, { organisationKind: 'other' }),
    ]);
    entry1 = (await createEntry(server, leadA)).id;
    entry2 = (await createEntry(server, leadB)).id;
    await addMember(server, leadA, entry1, recorder, 'contributor');
    await addMember(server, leadB, entry2, recorder, 'contributor');
    await addMember(server, leadA, entry1, partner, 'contributor');
    await addMember(server, leadA, entry1, viewer, 'viewer');
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server?.close();
    await store?.drop();
  });

  it('records consent with its evidence file and the default five-year lifetime; the organisation owns it', async () => {
    const file = await uploadOk(server, recorder, entry1, {
      bytes: Buffer.from('signed,yes\n1,2\n'),
      filename: 'form.csv',
    });
    const response = await create(
      recorder,
      entry1,
      body({
        givenBy: 'representative',
        representativeName: 'Łukasz Carer',
        representativeRelationship: 'Son',
        evidenceFileIds: [file.id],
        uses: ['judging', 'hsj_showcase', 'social_media'],
      }),
    );
    expect(response.status).toBe(201);
    const record = (await response.json()) as ConsentRecordDto;
    expect(record).toMatchObject({
      organisation: { id: recorder.me.organisation.id },
      recordedInEntryId: entry1,
      personName: 'Zoë Patient',
      givenBy: 'representative',
      representativeName: 'Łukasz Carer',
      representativeRelationship: 'Son',
      uses: ['judging', 'hsj_showcase', 'social_media'],
      method: 'signed_form',
      evidenceFileIds: [file.id],
      givenOn: '2026-03-01',
      expiresOn: '2031-03-01',
      status: 'valid',
      recordedBy: { userId: recorder.me.user.id },
      withdrawal: null,
      canWithdraw: true,
    });
    // The entry's members read it (the partner organisation too); the organisation lists it.
    expect((await listOf(partner, entry1)).map((c) => c.id)).toContain(record.id);
    const mine = await api(server, recorder, 'GET', `/api/organisations/${recorder.me.organisation.id}/consents`);
    expect(((await mine.json()) as ConsentRecordListDto).consents.map((c) => c.id)).toContain(record.id);
    // Another organisation cannot list it; someone outside the entry cannot read it.
    expect((await api(server, leadA, 'GET', `/api/organisations/${recorder.me.organisation.id}/consents`)).status).toBe(
      404,
    );
    expect((await api(server, outsider, 'GET', `/api/entries/${entry1}/consents/${record.id}`)).status).toBe(404);
    expect((await api(server, leadB, 'GET', `/api/entries/${entry2}/consents/${record.id}`)).status).toBe(404);
  });

  it('refuses bad input, viewers and outsiders, with nothing recorded', async () => {
    const before = (await listOf(leadA, entry1)).length;
    const refused = [
      [viewer, body(), 403],
      [outsider, body(), 404],
      [recorder, body({ givenOn: '2026-07-01' }), 400], // after the clock's today
      [recorder, body({ givenOn: '2026-02-30' }), 400],
      [recorder, body({ uses: [] }), 400],
      [recorder, body({ givenBy: 'representative' }), 400], // no representative named
      [recorder, body({ representativeName: 'Someone' }), 400], // a representative who did not give it
      [recorder, body({ expiresOn: '2026-02-01' }), 400], // before it was given
      [recorder, body({ evidenceFileIds: ['abcdefghijklmnop'] }), 400], // not a file of this entry
      [recorder, body({ personName: 'Zoë\u202EPatient' }), 400],
      [recorder, { ...body(), extra: true }, 400],
    ] as const;
    for (const [user, data, status] of refused) {
      const response = await create(user, entry1, data);
      expect(response.status, JSON.stringify(data)).toBe(status);
    }
    expect(await listOf(leadA, entry1)).toHaveLength(before);
  });

  it('expires on its expiry date by the clock, and then blocks submission naming it', async () => {
    const response = await create(recorder, entry1, body({ givenOn: '2026-06-01', expiresOn: '2026-06-20' }));
    const record = (await response.json()) as ConsentRecordDto;
    expect(record.status).toBe('valid');
    await writeTestimonial(recorder, entry1, 'testimonial-expiring', record.id);
    expect(await consentPaths(entry1)).toEqual([]);

    clock = Date.UTC(2026, 5, 19, 23, 59); // the last day it holds
    expect(await consentPaths(entry1)).toEqual([]);
    const dashboardCount = async () => {
      const rows = (await (await api(server, leadA, 'GET', '/api/entries')).json()) as {
        id: string;
        checksFailing?: number;
      }[];
      return rows.find((row) => row.id === entry1)?.checksFailing;
    };
    const before = await dashboardCount();
    clock = Date.UTC(2026, 5, 20, 0, 1);
    const read = (await (
      await api(server, leadA, 'GET', `/api/entries/${entry1}/consents/${record.id}`)
    ).json()) as ConsentRecordDto;
    expect(read.status).toBe('expired');
    const { issues } = await conditions(leadA, entry1);
    expect(issues).toContainEqual({
      path: 'testimonials.testimonial-expiring.consentRecord.expired',
      message: expect.stringContaining('expired on 20 June 2026'),
    });
    // The dashboard's cached count follows the date, though nothing wrote an activity line.
    expect(await dashboardCount()).toBe((before ?? 0) + 1);
    const submit = await api(server, leadA, 'POST', `/api/entries/${entry1}/submit`);
    expect(submit.status).toBe(409);
    const refused = (await submit.json()) as { error: { issues: { path: string }[] } };
    expect(refused.error.issues.map((i) => i.path)).toContain(
      'testimonials.testimonial-expiring.consentRecord.expired',
    );
    // Removing the testimonial clears it.
    const provider = providers[providers.length - 1]!;
    provider.doc.getMap(TESTIMONIALS_MAP).delete('testimonial-expiring');
    await vi.waitFor(async () => expect(await consentPaths(entry1)).toEqual([]), { timeout: WAIT_MS });
    clock = Date.UTC(2026, 5, 15, 12);
  });

  it('a consent not covering judging, or one the entry does not use, blocks submission', async () => {
    const narrow = (await (await create(recorder, entry1, body({ uses: ['publication'] }))).json()) as ConsentRecordDto;
    await writeTestimonial(recorder, entry1, 'testimonial-narrow', narrow.id);
    // A record of entry 1 that entry 2 never took up.
    await writeTestimonial(recorder, entry2, 'testimonial-foreign', narrow.id);
    expect(await consentPaths(entry1)).toContain('testimonials.testimonial-narrow.consentRecord.judging');
    expect((await conditions(leadB, entry2)).issues.map((i) => i.path)).toContain(
      'testimonials.testimonial-foreign.consentRecord.unknown',
    );
    for (const provider of providers.slice(-2)) {
      provider.doc.getMap(TESTIMONIALS_MAP).delete('testimonial-narrow');
      provider.doc.getMap(TESTIMONIALS_MAP).delete('testimonial-foreign');
    }
  });

  it('one record used in two entries: a withdrawal blocks both, notifies both leads, and is refused to others', async () => {
    const record = (await (
      await create(recorder, entry1, body({ personName: 'Nguyễn Shared' }))
    ).json()) as ConsentRecordDto;
    // Only the recording organisation's members use it elsewhere; the other lead cannot take it up.
    expect((await api(server, leadB, 'POST', `/api/entries/${entry2}/consents/${record.id}/use`)).status).toBe(404);
    const used = await api(server, recorder, 'POST', `/api/entries/${entry2}/consents/${record.id}/use`);
    expect(used.status).toBe(200);
    await writeTestimonial(recorder, entry1, 'testimonial-shared-1', record.id);
    await writeTestimonial(recorder, entry2, 'testimonial-shared-2', record.id);
    expect(await consentPaths(entry1)).toEqual([]);
    expect((await conditions(leadB, entry2)).issues.filter((i) => i.path.includes('consentRecord'))).toEqual([]);

    // Entry 2's lead (another organisation) may withdraw; entry 1's partner contributor may not.
    const asLeadB = (await (
      await api(server, leadB, 'GET', `/api/entries/${entry2}/consents/${record.id}`)
    ).json()) as ConsentRecordDto;
    expect(asLeadB.canWithdraw).toBe(true);
    const asPartner = (await (
      await api(server, partner, 'GET', `/api/entries/${entry1}/consents/${record.id}`)
    ).json()) as ConsentRecordDto;
    expect(asPartner.canWithdraw).toBe(false);
    const withdraw = (user: TestUser, entryId: string, data: unknown = { reason: 'Asked us to stop using it' }) =>
      api(server, user, 'POST', `/api/entries/${entryId}/consents/${record.id}/withdraw`, data);
    expect((await withdraw(partner, entry1)).status).toBe(403);
    expect((await withdraw(viewer, entry1)).status).toBe(403);
    expect((await withdraw(outsider, entry1)).status).toBe(404);
    expect((await withdraw(recorder, entry1, { reason: '' })).status).toBe(400);
    expect((await withdraw(recorder, entry1, {})).status).toBe(400);
    const unchanged = (await (
      await api(server, leadA, 'GET', `/api/entries/${entry1}/consents/${record.id}`)
    ).json()) as ConsentRecordDto;
    expect(unchanged).toMatchObject({ status: 'valid', withdrawal: null });

    const done = await withdraw(recorder, entry1);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({
      status: 'withdrawn',
      withdrawal: { by: { userId: recorder.me.user.id }, reason: 'Asked us to stop using it' },
      canWithdraw: false,
    });
    expect((await withdraw(leadB, entry2)).status).toBe(409);

    // Both entries blocked, named in the reasons, with the reason given.
    for (const [lead, entryId, itemId] of [
      [leadA, entry1, 'testimonial-shared-1'],
      [leadB, entry2, 'testimonial-shared-2'],
    ] as const) {
      const { issues } = await conditions(lead, entryId);
      expect(issues).toContainEqual({
        path: `testimonials.${itemId}.consentRecord.withdrawn`,
        message: expect.stringContaining('Consent for Nguyễn Shared was withdrawn (Asked us to stop using it)'),
      });
      const notifications = (await (
        await api(server, lead, 'GET', '/api/notifications')
      ).json()) as NotificationListDto;
      expect(notifications.notifications).toContainEqual(
        expect.objectContaining({
          kind: 'consent_withdrawn',
          entry: expect.objectContaining({ id: entryId }),
          actor: expect.objectContaining({ userId: recorder.me.user.id }),
          ref: record.id,
        }),
      );
      const activity = (await (await api(server, lead, 'GET', `/api/entries/${entryId}/activity`)).json()) as {
        kind: string;
        detail: Record<string, unknown>;
      }[];
      expect(activity).toContainEqual(
        expect.objectContaining({
          kind: 'consent_withdrawn',
          detail: { consentId: record.id, personName: 'Nguyễn Shared' },
        }),
      );
    }
    // The person withdrawing is not notified of their own act; a withdrawn record cannot be taken up again.
    const own = (await (await api(server, recorder, 'GET', '/api/notifications')).json()) as NotificationListDto;
    expect(own.notifications.filter((n) => n.kind === 'consent_withdrawn')).toEqual([]);
    expect((await api(server, recorder, 'POST', `/api/entries/${entry2}/consents/${record.id}/use`)).status).toBe(409);
  });

  it('a copy of the entry (issue 17 item 3) uses the same record, so a withdrawal reaches the copy', async () => {
    const source = (await createEntry(server, leadA)).id;
    const record = (await (
      await create(leadA, source, body({ personName: 'Łukasz Copied' }))
    ).json()) as ConsentRecordDto;
    await writeTestimonial(leadA, source, 'testimonial-copied-1', record.id);
    const copied = await api(server, leadA, 'POST', `/api/entries/${source}/copy`, {
      title: 'Next year’s entry',
      categoryId: 'hsj-partnership-long-term-partnership',
      sectionMap: {},
    });
    expect(copied.status).toBe(201);
    const copy = ((await copied.json()) as { id: string }).id;
    expect((await listOf(leadA, copy)).map((c) => c.id)).toEqual([record.id]);
    expect(await consentPaths(copy)).toEqual([]);
    const withdrawn = await api(server, leadA, 'POST', `/api/entries/${source}/consents/${record.id}/withdraw`, {
      reason: 'Withdrawn by the family',
    });
    expect(withdrawn.status).toBe(200);
    expect(await consentPaths(copy)).toEqual(['testimonials.testimonial-copied-1.consentRecord.withdrawn']);
  });

  it('the recording organisation withdraws through its own list; other organisations cannot', async () => {
    const record = (await (await create(recorder, entry1, body())).json()) as ConsentRecordDto;
    const path = (organisationId: string) => `/api/organisations/${organisationId}/consents/${record.id}/withdraw`;
    expect((await api(server, leadA, 'POST', path(recorder.me.organisation.id), { reason: 'x' })).status).toBe(404);
    expect((await api(server, leadA, 'POST', path(leadA.me.organisation.id), { reason: 'x' })).status).toBe(404);
    const response = await api(server, recorder, 'POST', path(recorder.me.organisation.id), { reason: 'Moved away' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as ConsentRecordDto).status).toBe('withdrawn');
  });
});
