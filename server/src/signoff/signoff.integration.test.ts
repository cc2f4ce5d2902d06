import {
  type ActivityDto,
  type ApprovalDiffDto,
  CloseCode,
  type EntryDto,
  type ErrorBody,
  type SubmissionDetailDto,
  type SubmissionDto,
  updateItem,
} from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyStoredDocument } from '../collab/docStore.ts';
import {
  openProvider,
  paragraphs,
  type TestProvider,
  waitForDoc,
  whenProviderClosed,
  whenSynced,
  writeParagraph,
} from '../collab/testing/collabClients.ts';
import { readPdf } from '../exports/testing/readBack.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import {
  approveAll,
  endorseAll,
  METRIC_ID,
  PATIENT_ID,
  post as postTo,
  QUALITATIVE_ID,
  settled,
  submitIssues,
  validEntry as validEntryOf,
  writeCitingParagraph,
} from './testing/signoffFixtures.ts';

/**
 * Review, sign-off and submission (PRODUCT §3 journeys 6–7; server/SIGNOFF.md;
 * RELIABILITY M79): a fully valid entry is built through real y-websocket
 * clients and the HTTP API, then one condition at a time is broken.
 */

describe('sign-off and submission', () => {
  let server: TestServer;
  const providers: TestProvider[] = [];
  const open = (user: TestUser, entryId: string) => {
    const provider = openProvider(server, user, entryId);
    providers.push(provider);
    return provider;
  };
  const validEntry = () => validEntryOf(server, (p) => providers.push(p));
  const post = (user: TestUser | null, path: string, headers: Record<string, string> = {}) =>
    postTo(server, user, path, headers);

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server.close();
  });

  const getEntry = async (user: TestUser, entryId: string) =>
    (await (await api(server, user, 'GET', `/api/entries/${entryId}`)).json()) as EntryDto;

  it('S-SUBMIT-1: each condition failing alone gives its own 409 reason', async () => {
    // Not approved for its current content.
    const a = await validEntry();
    writeParagraph(a.writer.doc, 'context-and-evolution', 'A later change.');
    await settled(a);
    await endorseAll(a);
    let issues = await submitIssues(a);
    expect(issues.map((i) => i.path)).toEqual(['sections.context-and-evolution.approval']);

    // Over the word limit: a section over it cannot be approved (S-APPROVE-4), so it is also unapproved.
    const b = await validEntry();
    writeParagraph(b.writer.doc, 'sharing-and-adoption', Array.from({ length: 401 }, (_, i) => `w${i}`).join(' '));
    await settled(b);
    await endorseAll(b);
    issues = await submitIssues(b);
    expect(issues.map((i) => i.path)).toEqual([
      'sections.sharing-and-adoption.approval',
      'sections.sharing-and-adoption.words',
    ]);

    // A coverage rule: no evidence with both a baseline and a result any more.
    const c = await validEntry();
    updateItem(c.writer.doc.getMap('evidence'), METRIC_ID, { baseline: '' });
    await settled(c);
    await endorseAll(c);
    issues = await submitIssues(c);
    expect(issues.map((i) => i.path)).toEqual(['coverage.benefits-and-outcomes.outcomes-baseline-and-outcome']);

    // Consent not recorded for a testimonial that needs it.
    const d = await validEntry();
    updateItem(d.writer.doc.getMap('testimonials'), PATIENT_ID, {
      consent: { obtained: false, date: '', howRecorded: '', uses: [] },
    });
    await settled(d);
    await endorseAll(d);
    issues = await submitIssues(d);
    expect(issues.map((i) => i.path)).toEqual([`testimonials.${PATIENT_ID}.consent`]);

    // An organisation whose endorsement is for earlier content (withdrawn).
    const e = await validEntry();
    updateItem(e.writer.doc.getMap('evidence'), QUALITATIVE_ID, { source: 'Minutes, May 2024' });
    await settled(e);
    expect((await post(e.lead, `/api/entries/${e.entryId}/endorse`)).status).toBe(201);
    const view = await getEntry(e.lead, e.entryId);
    expect(view.endorsements?.map((x) => [x.organisation.id, x.current]).sort()).toEqual(
      [
        [e.lead.me.organisation.id, true],
        [e.partner.me.organisation.id, false],
      ].sort(),
    );
    issues = await submitIssues(e);
    expect(issues.map((i) => i.path)).toEqual([`endorsements.${e.partner.me.organisation.id}`]);

    // A broken citation (of an item that does not exist).
    const f = await validEntry();
    writeCitingParagraph(f.writer.doc, 'co-design-with-patients-and-staff', 'See also ', 'no-such-item-1');
    await settled(f);
    await approveAll(f, ['co-design-with-patients-and-staff']);
    await endorseAll(f);
    issues = await submitIssues(f);
    expect(issues.map((i) => i.path)).toEqual(['sections.co-design-with-patients-and-staff.citations']);
  }, 60_000);

  it('S-APPROVE-2, S-APPROVE-3: a change through a real client turns an approved section to changed_since_approval', async () => {
    const f = await validEntry();
    let entry = await getEntry(f.partner, f.entryId);
    const section = entry.sections.find((s) => s.id === 'benefits-and-outcomes')!;
    expect(section.status).toBe('approved');
    expect(section.approval?.approvedBy.userId).toBe(f.lead.me.user.id);
    expect(section.approval?.contentHash).toBe(section.contentHash);

    writeParagraph(f.observer.doc, 'benefits-and-outcomes', 'Added by the partner.');
    await waitForDoc(f.writer.doc, (doc) => paragraphs(doc, 'benefits-and-outcomes').length === 2, 'change relayed');
    entry = await getEntry(f.lead, f.entryId);
    const changed = entry.sections.find((s) => s.id === 'benefits-and-outcomes')!;
    expect(changed.status).toBe('changed_since_approval');
    expect(changed.contentHash).not.toBe(changed.approval?.contentHash);
    expect(entry.sections.filter((s) => s.status === 'approved')).toHaveLength(4);
    expect(entry.progress.sectionsApproved).toBe(4);

    const diff = (await (
      await api(server, f.partner, 'GET', `/api/entries/${f.entryId}/sections/benefits-and-outcomes/approval-diff`)
    ).json()) as ApprovalDiffDto;
    expect(diff.changed).toBe(true);
    expect(diff.added).toEqual(['Added by the partner.']);
    expect(diff.removed).toEqual([]);
    expect(diff.currentText).toContain('Added by the partner.');
    expect(diff.approvedText).not.toContain('Added by the partner.');

    // Approving again makes it approved for the new content; the old approval stays in history.
    await approveAll(f, ['benefits-and-outcomes']);
    entry = await getEntry(f.lead, f.entryId);
    expect(entry.sections.find((s) => s.id === 'benefits-and-outcomes')!.status).toBe('approved');
    const rows = await server.services.database.db
      .selectFrom('section_approvals')
      .select('id')
      .where('entry_id', '=', f.entryId)
      .where('section_id', '=', 'benefits-and-outcomes')
      .execute();
    expect(rows).toHaveLength(2);
  }, 30_000);

  it('S-SUBMIT-2…5, C-WRITE-2, C-WRITE-4, RELIABILITY M79: after submission writes are refused everywhere; reopen restores editing', async () => {
    const f = await validEntry();
    const closed = [whenProviderClosed(f.writer), whenProviderClosed(f.observer)];
    const submitted = await post(f.lead, `/api/entries/${f.entryId}/submit`, { 'idempotency-key': 'submit-key-1' });
    expect(submitted.status).toBe(201);
    const submission = (await submitted.json()) as SubmissionDto;
    expect(submission.version).toBe(1);
    expect(submission.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // Open editors are told (4101) and reconnect by themselves.
    for (const event of await Promise.all(closed)) expect(event.code).toBe(CloseCode.entryStatusChanged);
    expect((await getEntry(f.partner, f.entryId)).status).toBe('submitted');

    // A retry with the same key returns the same submission; without a key it is a conflict.
    const retry = await post(f.lead, `/api/entries/${f.entryId}/submit`, { 'idempotency-key': 'submit-key-1' });
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as SubmissionDto).version).toBe(1);
    const again = await post(f.lead, `/api/entries/${f.entryId}/submit`);
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorBody).error.code).toBe('entry_submitted');

    // REST writes are refused while submitted.
    for (const path of [
      `/api/entries/${f.entryId}/sections/context-and-evolution/approve`,
      `/api/entries/${f.entryId}/endorse`,
    ]) {
      const response = await post(f.lead, path);
      expect(response.status).toBe(409);
      expect(((await response.json()) as ErrorBody).error.code).toBe('entry_submitted');
    }

    // A real client's update is refused: nothing reaches the others or storage.
    await Promise.all([whenSynced(f.writer), whenSynced(f.observer)]);
    const before = await server.collab.store.loadDocument(f.entryId);
    writeParagraph(f.writer.doc, 'context-and-evolution', 'Written after submission.');
    // The server received it and refused it (C-WRITE-1's audit count).
    const refused = () => [...(server.collab.rooms.get(f.entryId)?.connections ?? [])].some((c) => c.refusedWrites > 0);
    for (let i = 0; i < 200 && !refused(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(refused()).toBe(true);
    const probe = open(f.partner, f.entryId);
    await whenSynced(probe);
    expect(paragraphs(probe.doc, 'context-and-evolution')).not.toContain('Written after submission.');
    const after = await server.collab.store.loadDocument(f.entryId);
    expect(after.updates.length).toBe(before.updates.length);
    const stored = applyStoredDocument(new Y.Doc(), after);
    expect(paragraphs(stored, 'context-and-evolution')).not.toContain('Written after submission.');

    // The submitted version verifies against its stored state (M79: the hash still verifies).
    const detail = (await (
      await api(server, f.partner, 'GET', `/api/entries/${f.entryId}/submissions/1`)
    ).json()) as SubmissionDetailDto;
    expect(detail.verified).toBe(true);
    expect(detail.contentHash).toBe(submission.contentHash);
    expect(detail.sections.find((s) => s.id === 'context-and-evolution')!.text).toContain('Our work on');
    expect(detail.sections.every((s) => s.words > 0)).toBe(true);
    expect(detail.evidence.map((e) => e.id).sort()).toEqual([METRIC_ID, QUALITATIVE_ID].sort());
    expect(detail.testimonials).toHaveLength(2);

    // Reopen: sockets told again, editing works, every version stays.
    const reopenedClose = whenProviderClosed(probe);
    expect((await post(f.lead, `/api/entries/${f.entryId}/reopen`)).status).toBe(200);
    expect((await reopenedClose).code).toBe(CloseCode.entryStatusChanged);
    expect((await getEntry(f.lead, f.entryId)).status).toBe('draft');
    await Promise.all([whenSynced(f.writer), whenSynced(probe)]);
    writeParagraph(f.writer.doc, 'context-and-evolution', 'Edited after reopening.');
    await waitForDoc(
      probe.doc,
      (doc) => paragraphs(doc, 'context-and-evolution').includes('Edited after reopening.'),
      'edit after reopen relayed',
    );
    expect((await post(f.lead, `/api/entries/${f.entryId}/reopen`)).status).toBe(409);

    const list = (await (
      await api(server, f.partner, 'GET', `/api/entries/${f.entryId}/submissions`)
    ).json()) as SubmissionDto[];
    expect(list.map((s) => s.version)).toEqual([1]);
    expect(list[0]!.submittedBy.userId).toBe(f.lead.me.user.id);

    // The submitted version stays exportable as it was; the current export has the later edit.
    const exported = async (query: string) => {
      const response = await api(server, f.partner, 'GET', `/api/entries/${f.entryId}/export.pdf${query}`);
      expect(response.status).toBe(200);
      return (await readPdf(new Uint8Array(await response.arrayBuffer()))).flat;
    };
    expect(await exported('?version=1')).not.toContain('Edited after reopening.');
    expect(await exported('')).toContain('Edited after reopening.');
    expect((await api(server, f.partner, 'GET', `/api/entries/${f.entryId}/export.pdf?version=2`)).status).toBe(404);

    // The feed records it all, newest first.
    const activity = (await (
      await api(server, f.partner, 'GET', `/api/entries/${f.entryId}/activity`)
    ).json()) as ActivityDto[];
    const kinds = activity.map((a) => a.kind);
    expect(kinds[0]).toBe('entry_reopened');
    expect(kinds[1]).toBe('entry_submitted');
    expect(kinds).toContain('entry_endorsed');
    expect(kinds).toContain('section_approved');
    expect(kinds).toContain('member_joined');
    expect(kinds).toContain('member_invited');
    expect(kinds[kinds.length - 1]).toBe('entry_created');
    const ids = activity.map((a) => a.id);
    expect([...ids].sort((x, y) => y - x)).toEqual(ids);
  }, 40_000);

  it('activity: role changes and removals are recorded', async () => {
    const lead = await signUpUser(server);
    const member = await signUpUser(server);
    const entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, member, 'contributor');
    expect(
      (await api(server, lead, 'PATCH', `/api/entries/${entryId}/members/${member.me.user.id}`, { role: 'viewer' }))
        .status,
    ).toBe(200);
    expect((await api(server, lead, 'DELETE', `/api/entries/${entryId}/members/${member.me.user.id}`)).status).toBe(
      204,
    );
    const activity = (await (
      await api(server, lead, 'GET', `/api/entries/${entryId}/activity`)
    ).json()) as ActivityDto[];
    expect(activity.map((a) => a.kind)).toEqual([
      'member_removed',
      'member_role_changed',
      'member_joined',
      'member_invited',
      'entry_created',
    ]);
    expect(activity[1]!.detail).toMatchObject({ userId: member.me.user.id, from: 'contributor', to: 'viewer' });
    expect(activity[0]!.actor?.userId).toBe(lead.me.user.id);
  });

  it('approve: 400 for a section the entry does not have', async () => {
    const lead = await signUpUser(server);
    const entryId = (await createEntry(server, lead)).id;
    const response = await post(lead, `/api/entries/${entryId}/sections/no-such-section/approve`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.code).toBe('validation_failed');
  });

  it('PRODUCT §4: role × route for every sign-off endpoint', async () => {
    const lead = await signUpUser(server);
    const contributor = await signUpUser(server);
    const viewer = await signUpUser(server);
    const stranger = await signUpUser(server);
    const entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, contributor, 'contributor');
    await addMember(server, lead, entryId, viewer, 'viewer');
    // One submitted version exists for the read routes (made directly: the conditions are not the point here).
    await server.services.database.db
      .insertInto('submissions')
      .values({
        id: `sub${entryId}`,
        entry_id: entryId,
        version: 1,
        content_hash: 'x',
        state: Buffer.from(Y.encodeStateAsUpdate(new Y.Doc())),
        submitted_by: lead.me.user.id,
        organisation_id: lead.me.organisation.id,
        submitted_at: Date.now(),
        idempotency_key: null,
      })
      .execute();

    const base = `/api/entries/${entryId}`;
    const writes = [
      `${base}/sections/context-and-evolution/approve`,
      `${base}/endorse`,
      `${base}/submit`,
      `${base}/reopen`,
    ];
    const reads = [
      `${base}/sections/context-and-evolution/approval-diff`,
      `${base}/submissions`,
      `${base}/submissions/1`,
      `${base}/activity`,
    ];
    for (const path of writes) {
      expect((await post(null, path)).status, `signed out ${path}`).toBe(401);
      expect((await post(stranger, path)).status, `non-member ${path}`).toBe(404);
      expect((await post(viewer, path)).status, `viewer ${path}`).toBe(403);
      expect((await post(contributor, path)).status, `contributor ${path}`).toBe(403);
      // The lead passes authorisation (the outcome depends on the entry's state).
      expect([200, 201, 409], `lead ${path}`).toContain((await post(lead, path)).status);
    }
    for (const path of reads) {
      expect((await api(server, null, 'GET', path)).status, `signed out ${path}`).toBe(401);
      expect((await api(server, stranger, 'GET', path)).status, `non-member ${path}`).toBe(404);
      for (const member of [viewer, contributor, lead]) {
        expect((await api(server, member, 'GET', path)).status, `member ${path}`).toBe(200);
      }
    }
    // Not a version of this entry.
    expect((await api(server, lead, 'GET', `${base}/submissions/7`)).status).toBe(404);
    expect((await api(server, lead, 'GET', `${base}/submissions/0`)).status).toBe(400);
  }, 30_000);
});
