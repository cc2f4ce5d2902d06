import type { EntryDto, NotificationListDto, ReviewRequestDto, TasksDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProvider, type TestProvider, whenSynced, writeParagraph } from '../collab/testing/collabClients.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Issue 14 items 5 and 6 over HTTP on both stores: notifications for
 * mentions, comments on assigned sections, replies, assignments and review
 * requests; never to the actor or to non-members; each person reads only
 * their own; unread counts and marking read; "ready for review" shown on the
 * entry, cleared by approval; tasks.
 */

const SECTION = 'context-and-evolution';
const OTHER = 'benefits-and-outcomes';

describe.each(TEST_DATABASES)('notifications on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let lead: TestUser;
  let lead2: TestUser;
  let contributor: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let entryId: string;
  const providers: TestProvider[] = [];

  const list = async (user: TestUser) =>
    (await (await api(server, user, 'GET', '/api/notifications')).json()) as NotificationListDto;
  const kinds = async (user: TestUser) => (await list(user)).notifications.map((n) => n.kind).sort();
  const readAll = (user: TestUser) => api(server, user, 'POST', '/api/notifications/read', { all: true });

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env);
    [lead, lead2, contributor, viewer, outsider] = await Promise.all([
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'third_sector' }),
      signUpUser(server, { organisationKind: 'other' }),
    ]);
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, lead2, 'lead');
    await addMember(server, lead, entryId, contributor, 'contributor');
    await addMember(server, lead, entryId, viewer, 'viewer');
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server?.close();
    await store?.drop();
  });

  it('an assignment notifies the newly assigned only, never the lead who assigned', async () => {
    const assign = (ids: string[]) =>
      api(server, lead, 'PUT', `/api/entries/${entryId}/sections/${SECTION}/assignment`, {
        assigneeUserIds: ids,
        dueDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      });
    expect((await assign([contributor.me.user.id, lead.me.user.id])).status).toBe(200);
    const mine = await list(contributor);
    expect(mine.unread).toBe(1);
    expect(mine.notifications[0]).toMatchObject({
      kind: 'assignment',
      entry: { id: entryId },
      section: { id: SECTION },
      actor: { userId: lead.me.user.id, name: lead.me.user.name },
      href: `/entries/${entryId}/sections/${SECTION}`,
      readAt: null,
    });
    expect((await list(lead)).notifications).toHaveLength(0);
    // Assigned again (the date changes): nobody newly assigned, nobody notified again.
    expect((await assign([contributor.me.user.id, lead.me.user.id])).status).toBe(200);
    expect((await list(contributor)).unread).toBe(1);
    // The overdue assignment is a task.
    const { tasks } = (await (await api(server, contributor, 'GET', '/api/tasks')).json()) as TasksDto;
    expect(tasks).toContainEqual(
      expect.objectContaining({
        kind: 'assignment_due',
        state: 'overdue',
        section: expect.objectContaining({ id: SECTION }),
      }),
    );
  });

  it('a new thread notifies the mentioned and the section’s assignees; a reply the thread’s people', async () => {
    await readAll(contributor);
    // Lead comments on the section assigned to contributor (and lead), mentioning the viewer.
    const thread = await api(server, lead2, 'POST', `/api/entries/${entryId}/sections/${SECTION}/comments`, {
      body: 'Please check the numbers',
      mentions: [viewer.me.user.id, lead2.me.user.id],
    });
    expect(thread.status).toBe(201);
    const threadId = ((await thread.json()) as { id: string }).id;
    expect(await kinds(viewer)).toEqual(['mention']);
    expect(await kinds(contributor)).toEqual(['assignment', 'comment']);
    expect(await kinds(lead)).toEqual(['comment']);
    expect(await kinds(lead2)).toEqual([]); // the author, though mentioned
    expect((await list(viewer)).notifications[0]!.href).toBe(
      `/entries/${entryId}/sections/${SECTION}#comment-${threadId}`,
    );

    // The contributor replies: the thread's starter (lead2) is notified, the contributor is not.
    const reply = await api(server, contributor, 'POST', `/api/entries/${entryId}/comments/${threadId}/replies`, {
      body: 'Checked, they match',
    });
    expect(reply.status).toBe(201);
    expect(await kinds(lead2)).toEqual(['reply']);
    // Lead2 answers: the contributor (who replied) hears of it, lead2 does not.
    await api(server, lead2, 'POST', `/api/entries/${entryId}/comments/${threadId}/replies`, { body: 'Thanks' });
    expect(await kinds(contributor)).toEqual(['assignment', 'comment', 'reply']);
    expect(await kinds(lead2)).toEqual(['reply']);
  });

  it('notify leaves out the actor and non-members', async () => {
    const notified = await server.services.notifications.notify(server.services.database.db, {
      kind: 'suggestion',
      entryId,
      sectionId: OTHER,
      recipients: [outsider.me.user.id, contributor.me.user.id, lead.me.user.id],
      actorId: lead.me.user.id,
      ref: 'suggestion-1',
    });
    expect(notified.userIds).toEqual([contributor.me.user.id]);
    expect((await list(outsider)).notifications).toHaveLength(0);
  });

  it('each person reads and marks only their own; unread counts follow', async () => {
    const before = await list(contributor);
    expect(before.unread).toBeGreaterThan(1);
    const first = before.notifications[0]!;
    // Someone else's ids are ignored.
    const foreign = await api(server, viewer, 'POST', '/api/notifications/read', { ids: [first.id] });
    expect(foreign.status).toBe(200);
    expect((await list(contributor)).unread).toBe(before.unread);
    const own = await api(server, contributor, 'POST', '/api/notifications/read', { ids: [first.id] });
    expect(((await own.json()) as { unread: number }).unread).toBe(before.unread - 1);
    const after = await list(contributor);
    expect(after.notifications.find((n) => n.id === first.id)!.readAt).not.toBeNull();
    expect(((await (await readAll(contributor)).json()) as { unread: number }).unread).toBe(0);
    // Refused bodies.
    for (const body of [{}, { ids: [] }, { ids: ['../x'] }, { all: false }, { all: true, ids: ['a'] }]) {
      expect((await api(server, contributor, 'POST', '/api/notifications/read', body)).status).toBe(400);
    }
    expect((await api(server, null, 'GET', '/api/notifications')).status).toBe(401);
  });

  it('ready for review: contributors ask, viewers 403, outsiders 404; leads notified; shown on the entry; approval clears it', async () => {
    const path = `/api/entries/${entryId}/sections/${OTHER}/review-request`;
    expect((await api(server, viewer, 'POST', path)).status).toBe(403);
    expect((await api(server, outsider, 'POST', path)).status).toBe(404);
    expect(
      (await api(server, contributor, 'POST', `/api/entries/${entryId}/sections/nosuch/review-request`)).status,
    ).toBe(400);
    await readAll(lead);
    await readAll(lead2);
    const asked = await api(server, contributor, 'POST', path);
    expect(asked.status).toBe(201);
    const request = (await asked.json()) as ReviewRequestDto;
    expect(request.requestedBy.userId).toBe(contributor.me.user.id);
    for (const l of [lead, lead2]) expect(await kinds(l)).toContain('approval_requested');
    expect((await list(lead)).unread).toBe(1);
    expect(await kinds(viewer)).not.toContain('approval_requested');

    const entry = (await (await api(server, viewer, 'GET', `/api/entries/${entryId}`)).json()) as EntryDto;
    expect(entry.sections.find((s) => s.id === OTHER)!.reviewRequest?.requestedBy.userId).toBe(contributor.me.user.id);
    expect(entry.sections.find((s) => s.id === SECTION)!.reviewRequest).toBeNull();
    const leadTasks = (await (await api(server, lead, 'GET', '/api/tasks')).json()) as TasksDto;
    expect(leadTasks.tasks).toContainEqual(expect.objectContaining({ kind: 'review_requested' }));
    // A lead with no section assigned to them too: the section's title comes from the entry's category.
    const lead2Tasks = await api(server, lead2, 'GET', '/api/tasks');
    expect(lead2Tasks.status).toBe(200);
    expect(((await lead2Tasks.json()) as TasksDto).tasks).toContainEqual(
      expect.objectContaining({ kind: 'review_requested', section: expect.objectContaining({ id: OTHER }) }),
    );
    const contributorTasks = (await (await api(server, contributor, 'GET', '/api/tasks')).json()) as TasksDto;
    expect(contributorTasks.tasks.some((t) => t.kind === 'review_requested')).toBe(false);

    // Write the section, then the lead approves it: the request is gone.
    const provider = openProvider(server, contributor, entryId);
    providers.push(provider);
    await whenSynced(provider);
    writeParagraph(provider.doc, OTHER, 'Outcomes measured over two years across both organisations.');
    let approved = 0;
    for (let i = 0; i < 50 && approved !== 201; i++) {
      approved = (await api(server, lead, 'POST', `/api/entries/${entryId}/sections/${OTHER}/approve`)).status;
      if (approved !== 201) await new Promise((r) => setTimeout(r, 100));
    }
    expect(approved).toBe(201);
    const later = (await (await api(server, lead, 'GET', `/api/entries/${entryId}`)).json()) as EntryDto;
    expect(later.sections.find((s) => s.id === OTHER)!.reviewRequest).toBeNull();

    // Withdraw: asked again then withdrawn, 204 and gone.
    expect((await api(server, lead2, 'POST', path)).status).toBe(201);
    expect((await api(server, viewer, 'DELETE', path)).status).toBe(403);
    expect((await api(server, contributor, 'DELETE', path)).status).toBe(204);
    const again = (await (await api(server, lead, 'GET', `/api/entries/${entryId}`)).json()) as EntryDto;
    expect(again.sections.find((s) => s.id === OTHER)!.reviewRequest).toBeNull();
  });

  it('a submitted entry refuses review requests with 409 entry_submitted, writing nothing', async () => {
    const db = server.services.database.db;
    await db.updateTable('entries').set({ status: 'submitted' }).where('id', '=', entryId).execute();
    try {
      const path = `/api/entries/${entryId}/sections/${SECTION}/review-request`;
      const refused = await api(server, contributor, 'POST', path);
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('entry_submitted');
      expect((await api(server, contributor, 'DELETE', path)).status).toBe(409);
      const rows = await db.selectFrom('review_requests').selectAll().where('entry_id', '=', entryId).execute();
      expect(rows).toHaveLength(0);
    } finally {
      await db.updateTable('entries').set({ status: 'draft' }).where('id', '=', entryId).execute();
    }
  });

  it('pruning deletes old read notifications and expired unsubscribe secrets, never unread ones', async () => {
    const db = server.services.database.db;
    const old = Date.now() - 200 * 86_400_000;
    const row = (id: string, readAt: number | null) => ({
      id,
      user_id: contributor.me.user.id,
      entry_id: entryId,
      section_id: null,
      kind: 'assignment',
      actor_id: lead.me.user.id,
      ref: null,
      created_at: old,
      read_at: readAt,
      email_claim: null,
      emailed_at: null,
    });
    await db
      .insertInto('notifications')
      .values([row('oldread', old), row('oldunread', null)])
      .execute();
    await db
      .insertInto('unsubscribe_tokens')
      .values({ token_hash: 'x'.repeat(64), user_id: viewer.me.user.id, created_at: old })
      .execute();
    const pruned = await server.services.notifications.prune();
    expect(pruned.notifications).toBeGreaterThanOrEqual(1);
    expect(pruned.tokens).toBeGreaterThanOrEqual(1);
    const left = await db
      .selectFrom('notifications')
      .select('id')
      .where('id', 'in', ['oldread', 'oldunread'])
      .execute();
    expect(left.map((r) => r.id)).toEqual(['oldunread']);
    await db.deleteFrom('notifications').where('id', '=', 'oldunread').execute();
  });

  it('a removed member no longer sees the entry’s notifications', async () => {
    const extra = await signUpUser(server, { organisationKind: 'supplier' });
    await addMember(server, lead, entryId, extra, 'contributor');
    await api(server, lead, 'POST', `/api/entries/${entryId}/sections/${SECTION}/comments`, {
      body: 'For you',
      mentions: [extra.me.user.id],
    });
    expect((await list(extra)).unread).toBe(1);
    const removed = await api(server, lead, 'DELETE', `/api/entries/${entryId}/members/${extra.me.user.id}`);
    expect(removed.status).toBe(204);
    const after = await list(extra);
    expect(after.unread).toBe(0);
    expect(after.notifications).toHaveLength(0);
  });
});
